// A/V failover in a whole planet: the master pair (a looped file: red
// picture, loud tone) and the backup pair (blue picture, quiet tone from two
// test producers) into an A/V switch, then VP8 and Opus, WebM and HTTP.
// The master's job is killed and later stopped by the operator; the
// watchdog takes the backup pair by itself and the master back once it
// streams again. An operator's invoke and an iCalendar event switch the
// pair too. Viewers connected throughout stay connected, and what each
// saved decodes whole, video and audio, with growing timestamps, switching
// picture and sound together.
#define BOOST_TEST_MODULE av_failover
#include "../failover/switch_planet.hpp"
#include "../inputs/timeline.hpp"

#include <cmath>
#include <cstring>

using namespace flu::test;

namespace {

constexpr auto start_timeout = 60s;
// About a second of stream: Opus takes most of the bytes (a still picture
// makes tiny VP8 frames), some 8 kB a second.
constexpr uint64_t a_second = 8000;

// Two seconds of red picture and a loud 440 Hz tone, which loop-producer loops.
std::filesystem::path make_master_file(const TempDir &dir) {
  const auto file = dir.file("master.webm");
  const auto made =
      run({"/bin/sh", "-c",
           "gst-launch-1.0 -q webmmux name=m ! filesink location=" + file.string() +
               " videotestsrc num-buffers=30 pattern=red ! "
               "video/x-raw,width=160,height=120,framerate=15/1 ! vp8enc ! m. "
               "audiotestsrc num-buffers=40 samplesperbuffer=2205 volume=0.8 ! "
               "audio/x-raw,rate=44100,channels=2 ! vorbisenc ! m."},
          30s);
  BOOST_TEST_REQUIRE(made.exited_ok(), made.err);
  return file;
}

std::string av_planet(const std::filesystem::path &file, const std::string &type,
                      const std::string &properties) {
  std::string xml = read_text(std::filesystem::path(FLU_SOURCE_DIR) /
                              "tests/e2e/av-failover/av_failover.xml");
  for (const auto &[from, to] : {std::pair<std::string, std::string>{"@FILE@", file},
                                 {"@TYPE@", type},
                                 {"@PROPERTIES@", properties}})
    xml.replace(xml.find(from), from.size(), to);
  return xml;
}

// What the saved audio sounds like: decoded to 8 kHz mono, each 100 ms
// called L (the master's loud tone, RMS about 0.57 of full scale) or Q (the
// backup's quiet one, about 0.014); runs merged: "LQL". Silence (none is
// expected) is left out.
struct Heard {
  bool clean = false;
  std::string errors;
  std::string loudness;
};

Heard listen(const std::filesystem::path &file, double seconds) {
  Heard h;
  const auto pcm = file.string() + ".pcm";
  const auto r = run({"/usr/bin/ffmpeg", "-v", "error", "-nostdin", "-y", "-t",
                      std::to_string(seconds), "-i", file.string(), "-map", "0:a:0",
                      "-ac", "1", "-ar", "8000", "-f", "s16le", pcm},
                     60s);
  h.clean = r.exited_ok() && r.err.empty();
  h.errors = r.err;
  const std::string bytes = read_text(pcm);
  constexpr size_t chunk = 800; // samples: 100 ms
  const size_t samples = bytes.size() / 2;
  for (size_t at = 0; at + chunk <= samples; at += chunk) {
    double sum = 0;
    for (size_t i = at; i < at + chunk; ++i) {
      int16_t s;
      std::memcpy(&s, bytes.data() + 2 * i, 2);
      sum += double(s) * s;
    }
    const double rms = std::sqrt(sum / chunk);
    if (rms < 100)
      continue;
    const char c = rms >= 4000 ? 'L' : 'Q';
    if (h.loudness.empty() || h.loudness.back() != c)
      h.loudness += c;
  }
  return h;
}

// Two viewers connected and receiving while the master streams.
struct Audience {
  explicit Audience(SwitchPlanet &s) : a(s.planet, "viewer-a"), b(s.planet, "viewer-b") {
    BOOST_TEST_REQUIRE(a.receives(400, 15s), FLU_LATER(s.planet.logs()));
    BOOST_TEST_REQUIRE(b.receives(400, 15s));
  }
  // Each still connected; each stream whole, picture and sound, going
  // through `colours` and `loudness`.
  void check(const std::string &colours, const std::string &loudness) {
    BOOST_TEST(a.connected(), "viewer a was disconnected");
    BOOST_TEST(b.connected(), "viewer b was disconnected");
    for (Viewer *v : {&a, &b}) {
      // Past the last switch by more than the tail left out below.
      BOOST_TEST(v->receives(a_second, 10s), "the stream stalled after the last switch");
      const auto file = v->stop();
      const auto d = decode(file);
      BOOST_TEST(d.clean, d.errors);
      BOOST_TEST(d.monotonic, "video timestamps went back");
      BOOST_TEST(d.colours.find(colours) != std::string::npos, "colours: " << d.colours);
      const Timeline video = timeline(file, "v:0"), audio = timeline(file, "a:0");
      BOOST_TEST_REQUIRE(audio.pts.size() > 10u, "no audio: " << audio.describe());
      BOOST_TEST(audio.growing(), "audio: " << audio.describe());
      // Audio from the start to the end, not only before the first switch.
      BOOST_TEST(std::abs(audio.pts.front() - video.pts.front()) < 1.0,
                 "audio " << audio.describe() << ", video " << video.describe());
      BOOST_TEST(std::abs(audio.pts.back() - video.pts.back()) < 1.0,
                 "audio " << audio.describe() << ", video " << video.describe());
      const auto h = listen(file, std::max(0.0, video.span() - 0.2));
      BOOST_TEST(h.clean, h.errors);
      BOOST_TEST(h.loudness.find(loudness) != std::string::npos,
                 "loudness: " << h.loudness);
    }
  }
  Viewer a, b;
};

// Waits for the watchdog to take the backup after the master went at
// `gone` (Unix ms), and checks its timing and message.
void backup_taken(SwitchPlanet &s, int64_t gone, int round) {
  const int64_t switched = s.wait_active("backup", 10s);
  BOOST_TEST_REQUIRE(switched > 0, FLU_LATER(s.planet.logs()));
  BOOST_TEST_MESSAGE("round " << round << ": watchdog switched " << switched - gone
                              << " ms after the master went");
  BOOST_TEST(switched - gone <= 1000 + 500);
  // Measured from the master's last buffer, which came a frame (67 ms at
  // 15 fps) or, on a loaded machine, some more before it went (seen: 100).
  BOOST_TEST(switched - gone >= 750, "switched before the master starved");
  BOOST_TEST(s.ui("switch-reason").find("master had no data for") != std::string::npos,
             s.ui("switch-reason"));
}

std::string notes(SwitchPlanet &s) {
  std::string all;
  for (const auto &note : s.planet.component("/f/switch").notes)
    all += note + "\n";
  return all;
}

// How many times the switch switched (no entry before the first).
int switches(SwitchPlanet &s) {
  const std::string n = s.ui("switches");
  return n.empty() ? 0 : std::stoi(n);
}

void master_back(SwitchPlanet &s) {
  BOOST_TEST_REQUIRE(s.wait_active("master", 30s) > 0, FLU_LATER(s.planet.logs()));
  BOOST_TEST(s.ui("switch-reason").find("streaming again") != std::string::npos,
             s.ui("switch-reason"));
}

} // namespace

BOOST_AUTO_TEST_CASE(
    watchdog_takes_the_backup_pair_while_the_master_is_killed_or_stopped) {
  TempDir files("flu-av-failover");
  SwitchPlanet s("av-failover.xml",
                 av_planet(make_master_file(files), "av-basic-watchdog-combiner",
                           "<property name=\"starve-timeout\">1.0</property>"
                           "<property name=\"recover-time\">1.0</property>"),
                 {});
  BOOST_TEST_REQUIRE(s.planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(s.planet.logs()));
  BOOST_TEST_REQUIRE(s.wait_active("master", 10s) > 0);
  Audience viewers(s);
  const int before = switches(s);
  BOOST_TEST_MESSAGE(before << " switches before the master went");

  // The master's job dies.
  const auto master = s.planet.component("/f/master");
  BOOST_TEST_REQUIRE(master.pid > 0);
  const int64_t killed = unix_ms();
  BOOST_TEST_REQUIRE(::kill(master.pid, SIGKILL) == 0);
  backup_taken(s, killed, 1);
  BOOST_TEST(s.notes_contain("/f/switch", "Switched to backup: master had no data for"));
  BOOST_TEST(viewers.a.receives(a_second, 10s), "the stream stopped on the backup");
  BOOST_TEST_REQUIRE(s.planet.command({"restart", "/f/master"}).exited_ok());
  master_back(s);
  BOOST_TEST(viewers.a.receives(a_second, 10s), "the stream stopped on the master");

  // The operator stops the master's job, and later starts it again.
  const int64_t stopped = unix_ms();
  const auto stop = s.planet.command({"stop", "/f/master"});
  BOOST_TEST_REQUIRE(stop.exited_ok(), stop.err);
  backup_taken(s, stopped, 2);
  BOOST_TEST(viewers.a.receives(a_second, 10s), "the stream stopped on the backup");
  const auto start = s.planet.command({"start", "/f/master"});
  BOOST_TEST_REQUIRE(start.exited_ok(), start.err);
  master_back(s);
  // At least the four asked for; more when a loaded machine starved the
  // master for a second again (seen once: six).
  BOOST_TEST_MESSAGE(switches(s) - before << " switches after the master first went");
  BOOST_TEST(switches(s) >= before + 4, FLU_LATER(notes(s)));
  viewers.check("RBRBR", "LQLQL");
}

BOOST_AUTO_TEST_CASE(operator_switches_the_pair_by_invoke) {
  TempDir files("flu-av-failover");
  SwitchPlanet s("av-failover.xml",
                 av_planet(make_master_file(files), "av-switch-combiner", ""), {});
  BOOST_TEST_REQUIRE(s.planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(s.planet.logs()));
  BOOST_TEST_REQUIRE(s.wait_active("master", 10s) > 0);
  Audience viewers(s);

  const int64_t asked = unix_ms();
  const auto r = s.planet.command({"invoke", "/f/switch", "switch-to-backup"});
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
  const int64_t switched = s.wait_active("backup", 5s);
  BOOST_TEST(switched >= asked);
  BOOST_TEST(s.notes_contain("/f/switch", "an operator asked for it"));
  BOOST_TEST(viewers.a.receives(a_second, 10s));
  BOOST_TEST_REQUIRE(
      s.planet.command({"invoke", "/f/switch", "switch-to-master"}).exited_ok());
  BOOST_TEST(s.wait_active("master", 5s) > 0);
  BOOST_TEST(viewers.a.receives(a_second, 10s));
  viewers.check("RBR", "LQL");
}

// The A/V switch follows its iCalendar schedule with viewers connected: an
// event written to begin two seconds ahead takes the backup pair at its
// start and gives the master pair back at its end, picture and sound
// together, and what each viewer saved decodes whole.
BOOST_AUTO_TEST_CASE(schedule_switches_the_pair_during_its_event) {
  TempDir files("flu-av-failover");
  const auto ics = files.file("schedule.ics");
  write_schedule(ics, 1600000000, 1600000060); // long past
  SwitchPlanet s(
      "av-failover.xml",
      av_planet(make_master_file(files), "av-switch-combiner",
                "<property name=\"ical-schedule\">" + ics.string() + "</property>"),
      {});
  BOOST_TEST_REQUIRE(s.planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(s.planet.logs()));
  BOOST_TEST_REQUIRE(s.wait_active("master", 10s) > 0);
  Audience viewers(s);

  expect_switches_during_an_event(s, ics, [&] {
    BOOST_TEST(viewers.a.receives(a_second, 10s), "the stream stopped");
  });
  viewers.check("RBR", "LQL");
}
