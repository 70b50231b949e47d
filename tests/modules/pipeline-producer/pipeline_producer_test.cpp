// pipeline-producer in a real flu-job: the operator's fragment is the feed;
// an empty fragment, one that names flu's placeholders, or one GStreamer
// cannot build turns the component sad saying why. A fragment that makes
// raw audio has a level meter; one that makes video has none.
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

// A fragment written for GStreamer 0.10 (a Flumotion planet's): its caps and
// ffmpegcolorspace would not exist in 1.x, so a feed at all shows the
// module read them in 1.x's names; its message says what as what.
BOOST_AUTO_TEST_CASE(a_gstreamer_0_10_fragment_is_read_in_1_x_names) {
  ScratchDir dir;
  const std::string file = dir / "feed.mkv";
  StandaloneJob job(dir,
                    {"--type", "pipeline-producer", "--property",
                     "pipeline=videotestsrc is-live=true ! "
                     "video/x-raw-yuv,width=64,height=48 ! ffmpegcolorspace ! jpegenc",
                     "--feeder", file_feeder("matroskamux streamable=true", file)});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return keyframes(file).size() >= 5; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(probe(file, "v", "width") == "64");
  BOOST_TEST(probe(file, "v", "height") == "48");
  BOOST_TEST(contains(job.output(),
                      "gstreamer-0.10-names: pipeline: read GStreamer 0.10's "
                      "'video/x-raw-yuv' as 'video/x-raw', 'ffmpegcolorspace' as "
                      "'videoconvert'"),
             job.output());
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

// The element check answers for a 0.10 name with the name a fragment reads
// it as, and still says it is not present.
BOOST_AUTO_TEST_CASE(element_check_names_what_a_0_10_name_is_read_as) {
  const std::string out =
      run(std::string(FLU_JOB) + " --check element --module " + FLU_MODULE +
          " --type pipeline-producer -- ffmpegcolorspace nosuchthing");
  BOOST_TEST(
      contains(out, "GStreamer 0.10's name: a fragment reads it as 'videoconvert'"), out);
  BOOST_TEST(contains(out, "no such element in this worker's GStreamer"), out);
  BOOST_TEST(contains(out, "2 of 2 elements are not present"), out);
}

BOOST_AUTO_TEST_CASE(a_tone_fragment_has_a_level_meter_showing_it) {
  expect_level_meter_shows_the_tone(
      "pipeline-producer",
      {"--property", "pipeline=audiotestsrc is-live=true ! audio/x-raw,channels=2"});
}

BOOST_AUTO_TEST_CASE(a_video_fragment_has_no_level_meter) {
  expect_no_level_meter_on_video(
      "pipeline-producer",
      {"--property", "pipeline=videotestsrc is-live=true ! "
                     "video/x-raw,format=I420,width=160,height=120,framerate=25/1"});
}
