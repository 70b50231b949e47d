// pipeline-converter in a real flu-job: the fragment runs on the feed (a
// flip turns 320x240 into 240x320), one written for GStreamer 0.10 runs in
// 1.x's names with a message saying so, and bad fragments are refused by
// name. Its output, when raw audio, has a level meter; video has none.
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

// The 0.10 names would not parse or link in 1.x (no ffmpegcolorspace element,
// no video/x-raw-yuv caps): the feed flowing flipped shows the module read
// them in 1.x's, and its message names each.
BOOST_AUTO_TEST_CASE(runs_a_gstreamer_0_10_fragment_saying_what_it_read_as_what) {
  ScratchDir dir;
  const std::string file = dir / "out.mkv";
  StandaloneJob job(dir, {"--type", "pipeline-converter", "--eater",
                          "default=" + raw_video_feed(), "--feeder",
                          file_feeder("videoconvert ! jpegenc ! matroskamux", file),
                          "--property",
                          "pipeline=ffmpegcolorspace ! videoflip video-direction=90r ! "
                          "video/x-raw-yuv,format=(fourcc)I420"});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return packets(file, "v") >= 5; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(probe(file, "v", "width") == "240");
  BOOST_TEST(probe(file, "v", "height") == "320");
  BOOST_TEST(contains(job.output(),
                      "gstreamer-0.10-names: pipeline: read GStreamer 0.10's "
                      "'ffmpegcolorspace' as 'videoconvert', 'video/x-raw-yuv' as "
                      "'video/x-raw', 'fourcc' as 'string'"),
             job.output());
}

// A fragment in 1.x's names gets no such message.
BOOST_AUTO_TEST_CASE(a_1_x_fragment_gets_no_message) {
  ScratchDir dir;
  const std::string file = dir / "out.mkv";
  StandaloneJob job(
      dir, {"--type", "pipeline-converter", "--eater", "default=" + raw_video_feed(),
            "--feeder", file_feeder("videoconvert ! jpegenc ! matroskamux", file),
            "--property", "pipeline=videoconvert ! video/x-raw,format=I420"});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return packets(file, "v") >= 5; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(!contains(job.output(), "gstreamer-0.10-names"), job.output());
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

// The meter reads the fragment's output: the 0.8 sine (-1.9 dBFS) a
// quarter as loud peaks near -14 dBFS.
BOOST_AUTO_TEST_CASE(an_audio_fragment_s_output_has_a_level_meter) {
  expect_level_meter_shows_the_tone("pipeline-converter",
                                    {"--eater", "default=" + raw_audio_feed, "--property",
                                     "pipeline=volume volume=0.25"},
                                    -16.0, -12.0);
}

BOOST_AUTO_TEST_CASE(a_video_fragment_has_no_level_meter) {
  expect_no_level_meter_on_video(
      "pipeline-converter", {"--eater", "default=" + small_video_feed(), "--property",
                             "pipeline=videoflip video-direction=horiz"});
}
