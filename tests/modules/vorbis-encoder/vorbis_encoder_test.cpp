// vorbis-encoder in a real flu-job: eats raw audio, feeds Vorbis that ffprobe
// reads, at the quality (nominal bitrate in its header) or bitrate asked for.
#define BOOST_TEST_MODULE vorbis_encoder
#include "../standalone_job.hpp"

using namespace flu::modules::test;

namespace {

// Encodes until Vorbis audio is in an Ogg file; returns its nominal bitrate.
long nominal_bitrate(const std::vector<std::string> &properties) {
  ScratchDir dir;
  const std::string file = dir / "feed.oga";
  std::vector<std::string> args = {"--type",   "vorbis-encoder",
                                   "--eater",  "default=" + raw_audio_feed,
                                   "--feeder", file_feeder("oggmux", file)};
  for (const auto &p : properties)
    args.insert(args.end(), {"--property", p});
  run_until(dir, args, [&] {
    return std::filesystem::exists(file) && std::filesystem::file_size(file) > 8000;
  });
  BOOST_TEST(probe(file, "a", "codec_name") == "vorbis");
  BOOST_TEST(probe(file, "a", "sample_rate") == "44100");
  BOOST_TEST(probe(file, "a", "channels") == "2");
  const std::string rate = probe(file, "a", "bit_rate");
  return rate.empty() ? -1 : std::stol(rate);
}

} // namespace

BOOST_AUTO_TEST_CASE(quality_mode_by_default) {
  const long standard = nominal_bitrate({});
  const long high = nominal_bitrate({"quality=0.8"});
  BOOST_TEST(standard > 0);
  BOOST_TEST(high > 2 * standard, "quality 0.3: " << standard << ", 0.8: " << high);
}

BOOST_AUTO_TEST_CASE(bitrate_mode) {
  BOOST_TEST(nominal_bitrate({"bitrate=96000"}) == 96000);
}

BOOST_AUTO_TEST_CASE(refuses_bad_values) {
  expect_refused({"--type", "vorbis-encoder", "--eater", "default=" + raw_audio_feed,
                  "--property", "quality=1.5"},
                 "quality must be between -0.1 and 1, got 1.5");
  expect_refused(
      {"--type", "vorbis-encoder", "--eater", "default=" + raw_audio_feed, "--property",
       "bitrate=0"},
      "bitrate must be -1 (use quality) or between 8000 and 250000 bit/s, got 0");
}

BOOST_AUTO_TEST_CASE(level_meter_shows_the_tone) {
  expect_level_meter_shows_the_tone("vorbis-encoder");
}
