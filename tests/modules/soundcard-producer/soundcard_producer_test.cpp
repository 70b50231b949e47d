// soundcard-producer in a real flu-job capturing from a real PulseAudio
// server started by the test: silence first, then a tone played into the
// server's null sink reaches the feed at its level (and at the volume asked),
// in the format asked, and the volume changes live. A device that cannot be opened,
// through PulseAudio or ALSA (no sound card here), turns the component sad naming the
// device.
#define BOOST_TEST_MODULE soundcard_producer
#include "../standalone_job.hpp"
#include "pulse_server.hpp"

#include <cstdlib>

using namespace flu::modules::test;

namespace {

// The peaks of every channel the level meter published, in dBFS.
std::vector<double> peaks(const StandaloneJob &job) {
  std::vector<double> out;
  std::istringstream list(job.ui("level:default:peak"));
  for (std::string value; std::getline(list, value, ',');)
    out.push_back(std::stod(value));
  return out;
}

// Whether every channel peaks within 1 dB of `db`.
bool peaking_at(const StandaloneJob &job, double db) {
  const auto values = peaks(job);
  for (double value : values)
    if (value < db - 1 || value > db + 1)
      return false;
  return !values.empty();
}

// The job finds the test's server as any PulseAudio client does.
void use_server(const flu::test::PulseServer &pulse) {
  setenv("PULSE_SERVER", pulse.address().c_str(), 1);
}

std::vector<std::string> pulse_args(std::vector<std::string> more) {
  std::vector<std::string> args{"--type",     "soundcard-producer",
                                "--property", "source-element=pulsesrc",
                                "--property", "device=flu-null.monitor"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

} // namespace

BOOST_AUTO_TEST_CASE(captures_a_tone_played_into_the_server) {
  flu::test::PulseServer pulse;
  use_server(pulse);
  ScratchDir dir;
  const std::string file = dir / "feed.mkv";
  StandaloneJob job(
      dir, pulse_args({"--property", "samplerate=48000", "--property", "channels=1",
                       "--feeder", file_feeder("flacenc ! matroskamux", file)}));
  // Nothing played yet: the monitor gives silence, which the meter shows.
  BOOST_TEST_REQUIRE(job.wait_until([&] { return peaking_at(job, -200); }, 20s),
                     FLU_LATER(job.output()));
  // A sine at half scale peaks at -6 dBFS.
  pulse.play_tone(440, 0.5);
  BOOST_TEST_REQUIRE(job.wait_until([&] { return peaking_at(job, -6.02); }, 10s),
                     FLU_LATER(job.output()));
  BOOST_TEST(peaks(job).size() == 1u);
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
  BOOST_TEST(probe(file, "a", "sample_rate") == "48000");
  BOOST_TEST(probe(file, "a", "channels") == "1");
}

BOOST_AUTO_TEST_CASE(the_volume_applies_to_what_is_captured) {
  flu::test::PulseServer pulse;
  use_server(pulse);
  pulse.play_tone(1000, 0.5);
  ScratchDir dir;
  StandaloneJob job(dir, pulse_args({"--property", "volume=0.25", "--feeder",
                                     "default=fakesink sync=false"}));
  // A quarter of -6 dBFS: -18 dBFS, on both channels (the default).
  BOOST_TEST_REQUIRE(job.wait_until([&] { return peaking_at(job, -18.06); }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(peaks(job).size() == 2u);
  BOOST_TEST(job.ui("volume") == "0.25", FLU_LATER(job.output()));
  // Live, as Flumotion's volume effect: back to full, then muted.
  job.command("invoke set-volume 1");
  BOOST_TEST_REQUIRE(job.wait_until([&] { return peaking_at(job, -6.02); }, 10s),
                     FLU_LATER(job.output()));
  job.command("invoke set-mute true");
  BOOST_TEST_REQUIRE(job.wait_until([&] { return peaking_at(job, -200); }, 10s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.ui("mute") == "true", FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(a_missing_pulseaudio_source_is_named) {
  flu::test::PulseServer pulse;
  use_server(pulse);
  expect_refused({"--type", "soundcard-producer", "--property", "source-element=pulsesrc",
                  "--property", "device=no-such-source"},
                 "sound card 'no-such-source' (pulsesrc): Failed to connect stream");
}

BOOST_AUTO_TEST_CASE(no_pulseaudio_server_is_reported) {
  ScratchDir dir;
  setenv("PULSE_SERVER", ("unix:" + std::string(dir / "nothing-here")).c_str(), 1);
  expect_refused(
      {"--type", "soundcard-producer", "--property", "source-element=pulsesrc"},
      "sound card (default device) (pulsesrc): Failed to connect");
}

// No sound card here: ALSA's own answer about a device that is not there.
BOOST_AUTO_TEST_CASE(a_missing_alsa_device_is_named) {
  expect_refused(
      {"--type", "soundcard-producer", "--property", "device=hw:7"},
      "sound card 'hw:7' (alsasrc): Could not open audio device for recording");
}

BOOST_AUTO_TEST_CASE(a_bad_configuration_is_refused_naming_it) {
  expect_refused(
      {"--type", "soundcard-producer", "--property", "source-element=nosuchsrc"},
      "source-element 'nosuchsrc' is not a GStreamer element installed here");
  expect_refused(
      {"--type", "soundcard-producer", "--property", "source-element=videotestsrc"},
      "source-element 'videotestsrc' is not an audio source");
  expect_refused({"--type", "soundcard-producer", "--property", "depth=12"},
                 "depth must be 8, 16, 24 or 32, got 12");
  expect_refused({"--type", "soundcard-producer", "--property", "channels=0"},
                 "channels must be between 1 and 64, got 0");
}
