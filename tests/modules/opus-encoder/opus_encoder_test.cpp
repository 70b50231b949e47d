// opus-encoder in a real flu-job: eats raw 44.1 kHz audio, feeds Opus (at
// 48 kHz, the rate Opus wants) that ffprobe reads, sized by its bitrate.
#define BOOST_TEST_MODULE opus_encoder
#include "../standalone_job.hpp"

#include <cctype>

using namespace flu::modules::test;

namespace {

// Encodes until `bytes` are in an Ogg file; returns its path.
std::string encode(const ScratchDir &dir, const std::vector<std::string> &properties,
                   std::uintmax_t bytes) {
  const std::string file = dir / "feed.opus";
  std::vector<std::string> args = {"--type",   "opus-encoder",
                                   "--eater",  "default=" + raw_audio_feed,
                                   "--feeder", file_feeder("oggmux", file)};
  for (const auto &p : properties)
    args.insert(args.end(), {"--property", p});
  run_until(dir, args, [&] {
    return std::filesystem::exists(file) && std::filesystem::file_size(file) >= bytes;
  });
  return file;
}

} // namespace

BOOST_AUTO_TEST_CASE(defaults_encode_stereo_opus) {
  ScratchDir dir;
  const std::string file = encode(dir, {}, 8000);
  BOOST_TEST(probe(file, "a", "codec_name") == "opus");
  BOOST_TEST(probe(file, "a", "sample_rate") == "48000");
  BOOST_TEST(probe(file, "a", "channels") == "2");
}

BOOST_AUTO_TEST_CASE(bitrate_sets_the_packet_size) {
  // A sine at 32 kbit/s: about 80 bytes per 20 ms packet; at 256 kbit/s: 640.
  auto mean_packet = [](const std::string &file) {
    std::istringstream lines(run("ffprobe -v error -select_streams a:0 -show_entries "
                                 "packet=size -of csv=p=0 " +
                                 file));
    double total = 0;
    int count = 0;
    for (std::string line; std::getline(lines, line);)
      if (!line.empty() && std::isdigit(static_cast<unsigned char>(line.front()))) {
        total += std::stod(line);
        ++count;
      }
    return count ? total / count : 0;
  };
  ScratchDir low_dir, high_dir;
  const double low = mean_packet(encode(low_dir, {"bitrate=32000"}, 4000));
  const double high = mean_packet(encode(high_dir, {"bitrate=256000"}, 16000));
  BOOST_TEST(low > 40);
  BOOST_TEST(low < 120);
  BOOST_TEST(high > 4 * low,
             "32 kbit/s: " << low << " bytes/packet, 256 kbit/s: " << high);
}

BOOST_AUTO_TEST_CASE(refuses_bad_bitrate) {
  expect_refused({"--type", "opus-encoder", "--eater", "default=" + raw_audio_feed,
                  "--property", "bitrate=1000"},
                 "bitrate must be between 4000 and 650000, got 1000");
}

BOOST_AUTO_TEST_CASE(set_bitrate_changes_the_running_encoder) {
  ScratchDir dir;
  StandaloneJob job(dir,
                    {"--type", "opus-encoder", "--eater", "default=" + raw_audio_feed});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("bitrate") == "64000"; }, 20s),
                     FLU_LATER(job.output()));
  job.command("invoke set-bitrate 128000");
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] { return contains(job.output(), "invoke: set-bitrate ok: 128000"); }, 10s),
      FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("bitrate") == "128000"; }, 10s),
                     FLU_LATER(job.output()));
  job.command("invoke set-bitrate 1000000");
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           return contains(job.output(),
                                           "invoke: set-bitrate failed: bitrate "
                                           "must be between 4000 and 650000");
                         },
                         10s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(level_meter_shows_the_tone) {
  expect_level_meter_shows_the_tone("opus-encoder");
}
