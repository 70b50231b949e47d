// jpeg-encoder in a real flu-job: ffprobe reads MJPEG at the frame rate
// asked for, every picture decodes, and the quality changes live.
#define BOOST_TEST_MODULE jpeg_encoder
#include "../codec_check.hpp"

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(encodes_jpeg_at_the_framerate_asked_for) {
  ScratchDir dir;
  const std::string file = dir / "out.mkv";
  encode(dir, "jpeg-encoder", raw_video_feed(), "matroskamux streamable=true", file,
         {"quality=60", "framerate=5/1"}, "v", 10);
  BOOST_TEST(probe(file, "v", "codec_name") == "mjpeg");
  BOOST_TEST(probe(file, "v", "r_frame_rate") == "5/1");
  BOOST_TEST(decode_errors(file) == "");
  // Every picture stands alone.
  for (bool key : keyframes(file))
    BOOST_TEST(key);
}

BOOST_AUTO_TEST_CASE(refuses_bad_values) {
  expect_refused({"--type", "jpeg-encoder", "--eater", "default=" + raw_video_feed(),
                  "--property", "quality=101"},
                 "quality must be between 0 and 100, got 101");
  expect_refused({"--type", "jpeg-encoder", "--eater", "default=" + raw_video_feed(),
                  "--property", "framerate=0/1"},
                 "framerate must be a positive fraction");
}

BOOST_AUTO_TEST_CASE(set_quality_changes_the_running_encoder) {
  ScratchDir dir;
  StandaloneJob job(dir, {"--type", "jpeg-encoder", "--eater",
                          "default=" + raw_video_feed(), "--property", "quality=70"});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("quality") == "70"; }, 20s),
                     FLU_LATER(job.output()));
  job.command("invoke set-quality 30");
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.output(), "invoke: set-quality ok: 30"); },
                     10s),
      FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("quality") == "30"; }, 10s),
                     FLU_LATER(job.output()));
  job.command("invoke set-quality 300");
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           return contains(
                               job.output(),
                               "invoke: set-quality failed: set-quality wants");
                         },
                         10s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}
