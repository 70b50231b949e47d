// pipeline-converter in a real flu-job: the fragment runs on the feed (a
// flip turns 320x240 into 240x320), and bad fragments are refused by name.
#define BOOST_TEST_MODULE pipeline_converter
#include "../codec_check.hpp"

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(runs_the_fragment) {
  ScratchDir dir;
  const std::string file = dir / "out.mkv";
  encode(dir, "pipeline-converter", raw_video_feed(),
         "videoconvert ! jpegenc ! matroskamux", file,
         {"pipeline=videoconvert ! videoflip video-direction=90r"}, "v", 5);
  BOOST_TEST(probe(file, "v", "width") == "240");
  BOOST_TEST(probe(file, "v", "height") == "320");
}

BOOST_AUTO_TEST_CASE(refuses_bad_fragments) {
  expect_refused({"--type", "pipeline-converter", "--eater",
                  "default=" + raw_video_feed(), "--property", "pipeline=  "},
                 "pipeline is empty");
  expect_refused({"--type", "pipeline-converter", "--eater",
                  "default=" + raw_video_feed(), "--property", "pipeline=videoflip !"},
                 "starts or ends with '!'");
  expect_refused({"--type", "pipeline-converter", "--eater",
                  "default=" + raw_video_feed(), "--property",
                  "pipeline=@eater:default@"},
                 "names an eater or feeder");
  expect_refused({"--type", "pipeline-converter", "--eater",
                  "default=" + raw_video_feed(), "--property", "pipeline=nosuchelement"},
                 "nosuchelement");
}
