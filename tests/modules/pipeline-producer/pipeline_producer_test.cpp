// pipeline-producer in a real flu-job: the operator's fragment is the feed;
// an empty fragment, one that names flu's placeholders, or one GStreamer
// cannot build turns the component sad saying why.
#define BOOST_TEST_MODULE pipeline_producer
#include "../standalone_job.hpp"

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(the_fragment_is_the_feed) {
  ScratchDir dir;
  const std::string file = dir / "feed.mkv";
  run_until(dir,
            {"--type", "pipeline-producer", "--property",
             "pipeline=videotestsrc is-live=true ! video/x-raw,width=64,height=48 ! "
             "jpegenc !",
             "--feeder", file_feeder("matroskamux streamable=true", file)},
            [&] { return keyframes(file).size() >= 10; });
  BOOST_TEST(probe(file, "v", "codec_name") == "mjpeg");
  BOOST_TEST(probe(file, "v", "width") == "64");
  BOOST_TEST(probe(file, "v", "height") == "48");
}

BOOST_AUTO_TEST_CASE(empty_fragment_is_refused) {
  expect_refused({"--type", "pipeline-producer", "--property", "pipeline= ! "},
                 "pipeline is empty");
}

BOOST_AUTO_TEST_CASE(placeholders_are_refused) {
  expect_refused({"--type", "pipeline-producer", "--property",
                  "pipeline=videotestsrc ! @feeder:default@"},
                 "may not name eaters or feeders");
}

BOOST_AUTO_TEST_CASE(unknown_element_is_refused_naming_it) {
  expect_refused({"--type", "pipeline-producer", "--property", "pipeline=nosuchsrc"},
                 "nosuchsrc");
}
