// av1-encoder in a real flu-job: its AV1 in Matroska is read by ffprobe,
// decodes cleanly, starts at a keyframe, and its bitrate changes live.
#define BOOST_TEST_MODULE av1_encoder
#include "../codec_check.hpp"

#include <algorithm>

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(encodes_av1_that_decodes) {
  ScratchDir dir;
  const std::string file = dir / "out.mkv";
  encode(dir, "av1-encoder", raw_video_feed(), "matroskamux streamable=true", file,
         {"keyframe-distance=10"}, "v", 30);
  BOOST_TEST(probe(file, "v", "codec_name") == "av1");
  BOOST_TEST(probe(file, "v", "width") == "320");
  BOOST_TEST(decode_errors(file) == "");
  const auto keys = keyframes(file);
  BOOST_TEST_REQUIRE(keys.size() >= 30u);
  BOOST_TEST(keys.front());
  BOOST_TEST(std::count(keys.begin(), keys.end(), true) >= 3);
}

BOOST_AUTO_TEST_CASE(refuses_bad_bitrate) {
  expect_refused({"--type", "av1-encoder", "--eater", "default=" + raw_video_feed(),
                  "--property", "bitrate=10"},
                 "bitrate must be between 1000 and");
}

BOOST_AUTO_TEST_CASE(set_bitrate_changes_the_running_encoder) {
  ScratchDir dir;
  StandaloneJob job(dir, {"--type", "av1-encoder", "--eater",
                          "default=" + raw_video_feed(), "--property", "bitrate=400000"});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("bitrate") == "400000"; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.output(), "mood: happy"); }, 20s),
      FLU_LATER(job.output()));
  job.command("invoke set-bitrate 200000");
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] { return contains(job.output(), "invoke: set-bitrate ok: 200000"); }, 10s),
      FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("bitrate") == "200000"; }, 10s),
                     FLU_LATER(job.output()));
  BOOST_TEST(!contains(job.output(), "mood: sad"), FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}
