// audiotest-producer in a real flu-job: its feed, written as WAV by the
// feeder fragment, has the configured rate, two channels and the wave asked
// for; its manifest prefers its clock (Flumotion's 110); an operator's
// volume and mute change what is fed, and its level meter follows.
#define BOOST_TEST_MODULE audiotest_producer
#include "../standalone_job.hpp"

#include <algorithm>
#include <cmath>
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
  BOOST_TEST_REQUIRE(written, FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
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

BOOST_AUTO_TEST_CASE(drop_probability_one_drops_every_buffer) {
  // Beside a job that drops nothing: once that one has written a second of
  // sound, the dropping one, started first, has had the time to write some
  // and has written none.
  ScratchDir dropping_dir, keeping_dir;
  const std::string dropped = dropping_dir / "feed.raw", kept = keeping_dir / "feed.raw";
  auto job = [&](const std::string &file, const std::string &drop) {
    return std::vector<std::string>{
        "--type",     "audiotest-producer",
        "--property", "drop-probability=" + drop,
        "--feeder",   "default=filesink sync=false buffer-mode=2 location=" + file};
  };
  StandaloneJob dropping(dropping_dir, job(dropped, "1"));
  StandaloneJob keeping(keeping_dir, job(kept, "0"));
  BOOST_TEST_REQUIRE(keeping.wait_until(
                         [&] {
                           return std::filesystem::exists(kept) &&
                                  std::filesystem::file_size(kept) > 44100 * 4;
                         },
                         10s),
                     FLU_LATER(keeping.output()));
  BOOST_TEST(!contains(dropping.output(), "mood: sad"), FLU_LATER(dropping.output()));
  BOOST_TEST(
      (!std::filesystem::exists(dropped) || std::filesystem::file_size(dropped) == 0));
  BOOST_TEST(dropping.stop() == 0, FLU_LATER(dropping.output()));
  BOOST_TEST(keeping.stop() == 0, FLU_LATER(keeping.output()));
  expect_refused({"--type", "audiotest-producer", "--property", "drop-probability=1.5"},
                 "drop-probability must be from 0 to 1, got 1.5");
}

BOOST_AUTO_TEST_CASE(manifest_prefers_its_clock) {
  const std::string manifest = read_file(
      (std::filesystem::path(FLU_MODULE).parent_path() / "module.xml").string());
  BOOST_TEST(contains(manifest, R"(type="audiotest-producer" clock-priority="110")"),
             manifest);
}

namespace {

// The RMS of each 100 ms of `file`, decoded by ffmpeg to 48 kHz mono.
std::vector<double> rms_windows(const std::string &file) {
  const std::string pcm =
      run("ffmpeg -nostdin -v error -i " + file + " -f s16le -ac 1 -ar 48000 -");
  std::vector<double> out;
  const size_t window = 4800;
  const size_t count = pcm.size() / 2;
  for (size_t start = 0; start + window <= count; start += window) {
    double sum = 0;
    for (size_t i = start; i < start + window; ++i) {
      int16_t s = 0;
      std::memcpy(&s, pcm.data() + 2 * i, 2);
      sum += double(s) * s;
    }
    out.push_back(std::sqrt(sum / window));
  }
  return out;
}

double first_peak(const std::string &text) { return std::strtod(text.c_str(), nullptr); }

} // namespace

BOOST_AUTO_TEST_CASE(volume_and_mute_change_live_and_the_level_meter_follows) {
  ScratchDir dir;
  const std::string file = dir / "feed.ogg";
  StandaloneJob job(
      dir, {"--type", "audiotest-producer", "--feeder",
            file_feeder("audioconvert ! audioresample ! opusenc bitrate=96000 ! oggmux",
                        file)});
  // A full-scale sine peaks at 0 dBFS.
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           const std::string p = job.ui("level:default:peak");
                           return !p.empty() && first_peak(p) > -1.0;
                         },
                         20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.ui("volume") == "1");
  BOOST_TEST(job.ui("mute") == "false");

  job.command("invoke set-volume 0.1");
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.output(), "invoke: set-volume ok: 0.1"); },
                     10s),
      FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("volume") == "0.1"; }, 10s),
                     FLU_LATER(job.output()));
  // -20 dB, as the meter reads it.
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           const double p = first_peak(job.ui("level:default:peak"));
                           return p < -19.0 && p > -21.0;
                         },
                         10s),
                     FLU_LATER(job.output()));
  const auto quiet_from = std::filesystem::file_size(file);
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] { return std::filesystem::file_size(file) > quiet_from + 12000; }, 10s),
      FLU_LATER(job.output()));

  job.command("invoke set-mute true");
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return job.ui("level:default:peak") == "-200.00,-200.00"; },
                     10s),
      FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("mute") == "true"; }, 10s),
                     FLU_LATER(job.output()));
  const auto muted_from = std::filesystem::file_size(file);
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return std::filesystem::file_size(file) > muted_from + 2000; },
                     10s),
      FLU_LATER(job.output()));

  job.command("invoke set-volume 11");
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] {
            return contains(
                job.output(),
                "invoke: set-volume failed: volume must be between 0 and 10, got 11");
          },
          10s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));

  // What a listener decodes: loud (a full-scale sine's RMS is 23170), then a
  // tenth of it, then silence.
  const auto rms = rms_windows(file);
  BOOST_TEST_REQUIRE(rms.size() >= 10u);
  BOOST_TEST(rms.front() > 20000, rms.front());
  const size_t quiet = std::count_if(rms.begin(), rms.end(),
                                     [](double r) { return r > 2000 && r < 2650; });
  BOOST_TEST(quiet >= 5u, quiet << " windows at a tenth");
  BOOST_TEST(rms.back() < 30, rms.back());
}
