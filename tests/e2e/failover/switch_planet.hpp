// A switch in a running planet (failover.xml: a red master, a blue backup,
// the switch, VP8, WebM, HTTP), its UI state as the job itself answers it,
// and viewers that save what they are sent.
#pragma once

#include "../flows/flow_fixture.hpp"
#include "ical_event.hpp"
#include "wait.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <ctime>
#include <fstream>
#include <functional>

namespace flu::test {

inline int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline std::string failover_planet(const std::string &type,
                                   const std::string &properties) {
  std::string xml = read_text(std::filesystem::path(FLU_SOURCE_DIR) /
                              "tests/e2e/failover/failover.xml");
  xml.replace(xml.find("@TYPE@"), 6, type);
  xml.replace(xml.find("@PROPERTIES@"), 12, properties);
  return xml;
}

// A schedule of one event, "maintenance", from `start` to `end` (Unix
// seconds); written beside and renamed, so that the switch never reads half
// a file.
inline void write_schedule(const std::filesystem::path &file, int64_t start,
                           int64_t end) {
  const auto part = file.string() + ".part";
  std::ofstream(part) << one_event_calendar("maintenance@flu.test", "maintenance", start,
                                            end);
  std::filesystem::rename(part, file);
}

class SwitchPlanet {
public:
  SwitchPlanet(const std::string &type, const std::string &properties)
      : SwitchPlanet("failover.xml", failover_planet(type, properties), {}) {}
  // Any planet whose switch is /f/switch (tests/e2e/av-failover).
  SwitchPlanet(const std::string &name, std::string xml, std::vector<std::string> extra)
      : planet(name, std::move(xml), std::move(extra)) {
    planet.start_worker("localhost");
  }

  // One entry of the switch's UI state, fresh from its job.
  std::string ui(const std::string &key) {
    const auto r = planet.command({"invoke", "/f/switch", "ui-state"}, 10s);
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);)
      if (line.rfind(key + "=", 0) == 0)
        return line.substr(key.size() + 1);
    return {};
  }

  // Waits until `feed` streams; the switch's own time of the switch (Unix
  // ms), or 0 on timeout.
  int64_t wait_active(const std::string &feed, std::chrono::milliseconds timeout) {
    int64_t at = 0;
    poll_until(
        [&] {
          if (ui("active-eater") != feed)
            return false;
          at = std::stoll(ui("switched-at-ms"));
          return true;
        },
        timeout, 50ms);
    return at;
  }

  bool notes_contain(const std::string &id, const std::string &text) {
    for (const auto &note : planet.component(id).notes)
      if (note.find(text) != std::string::npos)
        return true;
    return false;
  }

  RunningPlanet planet;
};

// Edits the schedule `ics` to one event of three seconds, starting in two,
// and checks that the switch takes the backup during it and the master
// after it, never early and within 1.5 s of each edge, saying why.
// `while_on` runs once each feed streams (the callers' viewers check that
// the stream goes on).
inline void expect_switches_during_an_event(SwitchPlanet &s,
                                            const std::filesystem::path &ics,
                                            const std::function<void()> &while_on) {
  const int64_t start = unix_ms() / 1000 + 2, end = start + 3;
  write_schedule(ics, start, end); // the switch reads the edited file again
  const int64_t on = s.wait_active("backup", 10s);
  BOOST_TEST_REQUIRE(on > 0, FLU_LATER(s.planet.logs()));
  BOOST_TEST_MESSAGE("backup " << on - start * 1000 << " ms after the event's start");
  BOOST_TEST(on >= start * 1000, "switched before the event");
  BOOST_TEST(on - start * 1000 <= 1000 + 500);
  BOOST_TEST(s.ui("switch-reason").find("'maintenance' began") != std::string::npos,
             s.ui("switch-reason"));
  while_on();
  const int64_t off = s.wait_active("master", 10s);
  BOOST_TEST_REQUIRE(off > 0, FLU_LATER(s.planet.logs()));
  BOOST_TEST_MESSAGE("master " << off - end * 1000 << " ms after the event's end");
  BOOST_TEST(off >= end * 1000, "switched back before the event ended");
  BOOST_TEST(off - end * 1000 <= 1000 + 500);
  BOOST_TEST(s.ui("switch-reason").find("'maintenance' ended") != std::string::npos,
             s.ui("switch-reason"));
  while_on();
}

// A viewer: curl saving the live stream until it is stopped.
class Viewer {
public:
  Viewer(RunningPlanet &planet, const std::string &name)
      : file_(planet.dir().file(name + ".webm")),
        curl_({"/usr/bin/curl", "-s", "-N", "-o", file_.string(),
               "http://127.0.0.1:" + std::to_string(planet.http_port()) + "/live.webm"},
              {{}, planet.dir().file(name + ".err"), {}, true}) {}

  uint64_t bytes() const {
    std::error_code ignored;
    return std::filesystem::exists(file_) ? std::filesystem::file_size(file_, ignored)
                                          : 0;
  }
  // Still connected: curl ends by itself only when the server drops it.
  bool connected() { return curl_.running(); }
  // Waits for `more` bytes beyond what it has.
  bool receives(uint64_t more, std::chrono::milliseconds timeout) {
    const uint64_t from = bytes();
    return poll_until([&] { return bytes() >= from + more; }, timeout, 50ms);
  }
  const std::filesystem::path &stop() {
    curl_.signal(SIGTERM);
    curl_.wait_for(5s);
    return file_;
  }

private:
  std::filesystem::path file_;
  Process curl_;
};

// What a saved stream shows: ffmpeg decodes it whole (any error fails), and
// each frame, shrunk to one pixel, is called R (the red master) or B (the
// blue backup). Consecutive equal letters are merged: "RBR".
struct Decoded {
  bool clean = false;
  std::string errors;
  std::string colours;
  size_t frames = 0;
  bool monotonic = true; // packet timestamps never go back
};

inline Decoded decode(const std::filesystem::path &file) {
  Decoded d;
  const auto p =
      run({"/usr/bin/ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
           "packet=pts_time", "-of", "csv=p=0", file.string()},
          60s);
  std::istringstream lines(p.out);
  double first = -1, last = -1;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line == "N/A")
      continue;
    const double t = std::stod(line);
    d.monotonic = d.monotonic && t >= last;
    if (first < 0)
      first = t;
    last = t;
  }
  // The viewer was stopped at an arbitrary byte, so its last block is cut:
  // everything up to the last 0.2 s (five frames) must decode without one
  // error, a break at a switch included.
  const double span = std::max(0.0, last - first - 0.2);
  const auto rgb = file.string() + ".rgb";
  const auto r = run({"/usr/bin/ffmpeg", "-v", "error", "-nostdin", "-y", "-t",
                      std::to_string(span), "-i", file.string(), "-vf", "scale=1:1", "-f",
                      "rawvideo", "-pix_fmt", "rgb24", rgb},
                     60s);
  d.clean = r.exited_ok() && r.err.empty() && span > 0;
  d.errors = r.err;
  const std::string pixels = read_text(rgb);
  d.frames = pixels.size() / 3;
  for (size_t i = 0; i + 2 < pixels.size(); i += 3) {
    const auto red = static_cast<unsigned char>(pixels[i]);
    const auto blue = static_cast<unsigned char>(pixels[i + 2]);
    const char c = red > 128 && blue < 64 ? 'R' : blue > 128 && red < 64 ? 'B' : '?';
    if (d.colours.empty() || d.colours.back() != c)
      d.colours += c;
  }
  return d;
}

} // namespace flu::test
