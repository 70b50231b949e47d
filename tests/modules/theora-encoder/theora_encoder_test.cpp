// theora-encoder in a real flu-job: eats a raw live feed, feeds Theora that ffprobe
// reads, with keyframes no further apart than keyframe-distance and a size
// that follows the bitrate.
#define BOOST_TEST_MODULE theora_encoder
#include "../standalone_job.hpp"

#include <algorithm>

using namespace flu::modules::test;

namespace {

// Encodes until `packets` video packets are in an Ogg file; returns its path.
std::string encode(const ScratchDir &dir, const std::vector<std::string> &properties,
                   size_t packets, const std::string &pattern = "ball") {
  const std::string file = dir / "feed.ogv";
  std::vector<std::string> args = {"--type",   "theora-encoder",
                                   "--eater",  "default=" + raw_video_feed(pattern),
                                   "--feeder", file_feeder("oggmux", file)};
  for (const auto &p : properties)
    args.insert(args.end(), {"--property", p});
  run_until(dir, args, [&] { return keyframes(file).size() >= packets; });
  return file;
}

// The longest run of frames from one keyframe to the next.
size_t longest_gap(const std::vector<bool> &keys) {
  size_t longest = 0, last = 0;
  for (size_t i = 1; i < keys.size(); ++i)
    if (keys[i]) {
      longest = std::max(longest, i - last);
      last = i;
    }
  return std::max(longest, keys.size() - last);
}

} // namespace

BOOST_AUTO_TEST_CASE(defaults_encode_theora_with_a_keyframe_each_second) {
  ScratchDir dir;
  const std::string file = encode(dir, {}, 75);
  BOOST_TEST(probe(file, "v", "codec_name") == "theora");
  BOOST_TEST(probe(file, "v", "width") == "320");
  BOOST_TEST(probe(file, "v", "height") == "240");
  const auto keys = keyframes(file);
  BOOST_TEST_REQUIRE(!keys.empty());
  BOOST_TEST(keys.front()); // a feed starts decodable
  BOOST_TEST(longest_gap(keys) <= 30u);
}

BOOST_AUTO_TEST_CASE(keyframe_distance) {
  ScratchDir dir;
  const auto keys = keyframes(encode(dir, {"keyframe-distance=5"}, 30));
  BOOST_TEST(longest_gap(keys) <= 5u);
  BOOST_TEST(std::count(keys.begin(), keys.end(), true) >= 6);
}

BOOST_AUTO_TEST_CASE(bitrate_sets_the_size) {
  // A moving zone plate is hard enough that the encoder spends what it may,
  // and not so hard (as noise is) that it cannot keep to 100 kbit/s.
  const std::string moving = "zone-plate kx2=20 ky2=20 kt=1";
  ScratchDir low_dir, high_dir;
  const auto low =
      std::filesystem::file_size(encode(low_dir, {"bitrate=100000"}, 45, moving));
  const auto high =
      std::filesystem::file_size(encode(high_dir, {"bitrate=1000000"}, 45, moving));
  BOOST_TEST(high > 3 * low, "100 kbit/s: " << low << " bytes, 1 Mbit/s: " << high);
}

BOOST_AUTO_TEST_CASE(refuses_bad_values) {
  expect_refused({"--type", "theora-encoder", "--eater", "default=" + raw_video_feed(),
                  "--property", "bitrate=10"},
                 "bitrate must be between 1000 and 16777215000, got 10");
  expect_refused({"--type", "theora-encoder", "--eater", "default=" + raw_video_feed(),
                  "--property", "keyframe-distance=0"},
                 "keyframe-distance must be between 1 and");
  expect_refused({"--type", "theora-encoder", "--eater", "default=" + raw_video_feed(),
                  "--property", "speed-level=4"},
                 "speed-level must be between 0 and 3, got 4");
}

BOOST_AUTO_TEST_CASE(set_bitrate_changes_the_running_encoder_and_the_stream_decodes) {
  // theoraenc restarts its encoder for a new bitrate: the Ogg stream that
  // crosses the change must still decode.
  ScratchDir dir;
  const std::string file = dir / "feed.ogv";
  StandaloneJob job(dir,
                    {"--type", "theora-encoder", "--eater", "default=" + raw_video_feed(),
                     "--feeder", file_feeder("oggmux", file)});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("bitrate") == "400000"; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return keyframes(file).size() >= 30; }, 20s),
                     FLU_LATER(job.output()));
  job.command("invoke set-bitrate 150000");
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] { return contains(job.output(), "invoke: set-bitrate ok: 150000"); }, 10s),
      FLU_LATER(job.output()));
  const size_t before = keyframes(file).size();
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return keyframes(file).size() >= before + 60; }, 20s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.ui("bitrate") == "150000");
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  const std::string errors =
      run("ffmpeg -v error -xerror -i " + file + " -f null - 2>&1 | cat");
  BOOST_TEST(errors.empty(), errors);
}
