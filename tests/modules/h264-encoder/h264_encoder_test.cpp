// h264-encoder in a real flu-job: its H.264 in MPEG-TS is read by ffprobe
// with the profile asked for, decodes cleanly, has keyframes no further
// apart than keyframe-distance, and its bitrate changes live.
#define BOOST_TEST_MODULE h264_encoder
#include "../codec_check.hpp"

#include <algorithm>

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(encodes_h264_that_decodes) {
  ScratchDir dir;
  const std::string file = dir / "out.ts";
  encode(dir, "h264-encoder", raw_video_feed(), "mpegtsmux", file,
         {"keyframe-distance=10", "profile=high"}, "v", 40);
  BOOST_TEST(probe1(file, "v", "codec_name") == "h264");
  BOOST_TEST(probe1(file, "v", "profile") == "High");
  BOOST_TEST(probe1(file, "v", "width") == "320");
  BOOST_TEST(decode_errors(file) == "");
  const auto keys = keyframes(file);
  BOOST_TEST_REQUIRE(keys.size() >= 40u);
  BOOST_TEST(keys.front());
  size_t last = 0, longest = 0;
  for (size_t i = 1; i < keys.size(); ++i)
    if (keys[i]) {
      longest = std::max(longest, i - last);
      last = i;
    }
  BOOST_TEST(longest <= 10u);
  BOOST_TEST(longest >= 1u);
}

BOOST_AUTO_TEST_CASE(refuses_bad_values) {
  expect_refused({"--type", "h264-encoder", "--eater", "default=" + raw_video_feed(),
                  "--property", "speed-preset=warp"},
                 "speed-preset 'warp' is not one of ultrafast");
  expect_refused({"--type", "h264-encoder", "--eater", "default=" + raw_video_feed(),
                  "--property", "profile=extended"},
                 "profile 'extended' is not one of");
  expect_refused({"--type", "h264-encoder", "--eater", "default=" + raw_video_feed(),
                  "--property", "bitrate=5"},
                 "bitrate must be between 1000 and");
}

BOOST_AUTO_TEST_CASE(set_bitrate_changes_the_running_encoder) {
  ScratchDir dir;
  StandaloneJob job(dir, {"--type", "h264-encoder", "--eater",
                          "default=" + raw_video_feed(), "--property", "bitrate=800000"});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("bitrate") == "800000"; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.output(), "mood: happy"); }, 20s),
      FLU_LATER(job.output()));
  job.command("invoke set-bitrate 300000");
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] { return contains(job.output(), "invoke: set-bitrate ok: 300000"); }, 10s),
      FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("bitrate") == "300000"; }, 10s),
                     FLU_LATER(job.output()));
  BOOST_TEST(!contains(job.output(), "mood: sad"), FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

// The live change measured in what comes out: 1 Mbit/s, then 200 kbit/s.
BOOST_AUTO_TEST_CASE(set_bitrate_changes_the_rate_of_the_stream) {
  ScratchDir dir;
  const auto r = measure_live_bitrate_change("h264-encoder", "mpegtsmux", dir / "out.ts",
                                             1000000, 200000);
  BOOST_TEST_MESSAGE("h264-encoder: " << r.describe());
  BOOST_TEST(r.before_bps > 600000, r.describe());
  BOOST_TEST(r.after_bps < 300000, r.describe());
  BOOST_TEST(r.before_bps > 3 * r.after_bps, r.describe());
}
