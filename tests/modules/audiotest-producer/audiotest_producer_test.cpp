// audiotest-producer in a real flu-job: its feed, written as WAV by the
// feeder fragment, has the configured rate, two channels and the wave asked
// for; its manifest prefers its clock (Flumotion's 110).
#define BOOST_TEST_MODULE audiotest_producer
#include "../standalone_job.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace flu::modules::test;

namespace {

struct Wav {
  uint32_t rate = 0;
  uint16_t channels = 0;
  std::vector<int16_t> samples;
};

// Runs the producer with `properties` until a quarter second of audio is
// written, then stops it.
Wav produce(const std::vector<std::string> &properties) {
  ScratchDir dir;
  const std::string file = dir / "feed.wav";
  std::vector<std::string> args = {
      "--type", "audiotest-producer", "--feeder",
      "default=audioconvert ! audio/x-raw,format=S16LE ! wavenc ! filesink sync=false "
      "buffer-mode=2 location=" +
          file};
  for (const auto &p : properties)
    args.insert(args.end(), {"--property", p});
  StandaloneJob job(dir, args);
  const bool written = job.wait_until(
      [&] {
        return std::filesystem::exists(file) &&
               std::filesystem::file_size(file) > 44 + 48000;
      },
      10s);
  BOOST_TEST_REQUIRE(written, job.output());
  BOOST_TEST(job.stop() == 0, job.output());
  const std::string data = read_file(file);
  BOOST_TEST_REQUIRE(data.compare(0, 4, "RIFF") == 0);
  BOOST_TEST_REQUIRE(data.compare(36, 4, "data") == 0);
  Wav wav;
  std::memcpy(&wav.channels, data.data() + 22, 2);
  std::memcpy(&wav.rate, data.data() + 24, 4);
  wav.samples.resize((data.size() - 44) / 2);
  std::memcpy(wav.samples.data(), data.data() + 44, wav.samples.size() * 2);
  return wav;
}

int peak(const Wav &wav) {
  int out = 0;
  for (int16_t s : wav.samples)
    out = std::max(out, std::abs(int(s)));
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(defaults_are_a_loud_stereo_sine_at_44100) {
  const Wav wav = produce({});
  BOOST_TEST(wav.rate == 44100u);
  BOOST_TEST(wav.channels == 2u);
  BOOST_TEST(peak(wav) > 30000); // volume 1.0
}

BOOST_AUTO_TEST_CASE(rate_volume_and_wave) {
  const Wav quiet = produce({"samplerate=48000", "volume=0.25"});
  BOOST_TEST(quiet.rate == 48000u);
  BOOST_TEST(peak(quiet) > 7000);
  BOOST_TEST(peak(quiet) < 9000);
  BOOST_TEST(peak(produce({"wave=silence"})) == 0);
  BOOST_TEST(peak(produce({"wave=4"})) == 0); // the audiotestsrc number of silence
}

BOOST_AUTO_TEST_CASE(refuses_bad_values) {
  expect_refused({"--type", "audiotest-producer", "--property", "wave=hum"},
                 "wave 'hum' is not a test wave; use 0-12 or one of sine");
  expect_refused({"--type", "audiotest-producer", "--property", "volume=1.5"},
                 "volume must be between 0 and 1, got 1.5");
  expect_refused(
      {"--type", "audiotest-producer", "--property", "frequency=30000"},
      "frequency must be between 0 and half the samplerate (22050 Hz), got 30000");
}

BOOST_AUTO_TEST_CASE(manifest_prefers_its_clock) {
  const std::string manifest = read_file(
      (std::filesystem::path(FLU_MODULE).parent_path() / "module.xml").string());
  BOOST_TEST(contains(manifest, R"(type="audiotest-producer" clock-priority="110")"),
             manifest);
}
