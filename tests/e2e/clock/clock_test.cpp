// The flow's network clock (docs/clock.md), for real: a manager and two
// workers on loopback, worker "ahead" run under faketime with its clock two
// seconds ahead (the jobs it spawns inherit LD_PRELOAD and FAKETIME), audio
// captured and encoded there, video captured, encoded and muxed on worker
// "true" with an unfaked clock.
//
// What is compared: at the muxer, how far ahead of its running time the
// audio and the video buffers are as they arrive (clock-lead-ms:EATER in
// its UI state, read with flu-command). A muxer orders its output by
// timestamp, so a skew between its inputs never shows as a gap between
// the streams' timestamps in what it serves: it shows there, as here.
#define BOOST_TEST_MODULE clock
#include "flow_fixture.hpp"

#include <algorithm>
#include <csignal>
#include <cstdlib>

using namespace flu::test;

namespace {

constexpr auto start_timeout = 60s;

std::string planet_xml(bool clock_master) {
  const std::string master = clock_master ? "<clock-master>true</clock-master>" : "";
  return R"(<?xml version="1.0"?>
<planet name="clock">
  <flow name="sync">
    <component name="audio" type="audiotest-producer" worker="ahead"/>
    <component name="audio-encoder" type="opus-encoder" worker="ahead">
      <eater name="default"><feed>audio</feed></eater>
    </component>
    <component name="video" type="videotest-producer" worker="true">)" +
         master + R"(
      <property name="width">160</property>
      <property name="height">120</property>
      <property name="framerate">30/1</property>
    </component>
    <component name="video-encoder" type="vp8-encoder" worker="true">
      <eater name="default"><feed>video</feed></eater>
    </component>
    <component name="muxer" type="webm-muxer" worker="true">
      <eater name="default">
        <feed>video-encoder</feed>
        <feed>audio-encoder</feed>
      </eater>
    </component>
    <component name="http" type="http-streamer" worker="true">
      <eater name="default"><feed>muxer</feed></eater>
      <property name="port">8802</property>
      <property name="mount-point">/sync.webm</property>
      <property name="burst-on-connect">true</property>
    </component>
  </flow>
</planet>
)";
}

// A planet with worker "true" and worker "ahead" (two seconds ahead).
struct TwoClocks {
  explicit TwoClocks(bool clock_master)
      : planet("clock.xml", planet_xml(clock_master), {}) {
    planet.start_worker("true");
    // Only the wall clock is off, as on a machine NTP does not keep right:
    // libfaketime's monotonic offset also breaks GStreamer's absolute waits
    // on it, which stalls every live source.
    auto options = planet.options("worker-ahead");
    options.env.emplace_back("FAKETIME_DONT_FAKE_MONOTONIC", "1");
    ahead = std::make_unique<Process>(
        std::vector<std::string>{"/usr/bin/faketime", "-f", "+2s", FLU_WORKER,
                                 "--manager", planet.manager_address(), "--name", "ahead",
                                 "--feed-port", "0"},
        options);
  }
  std::string logs() { return planet.logs() + "worker ahead:\n" + ahead->err(); }

  // A component's UI state as flu-command status prints it.
  std::map<std::string, std::string> ui(const std::string &id) {
    std::map<std::string, std::string> values;
    const auto r = planet.command({"--timeout-ms", "2000", "status", id}, 10s);
    std::istringstream in(r.out);
    bool in_ui = false;
    for (std::string line; std::getline(in, line);) {
      if (line == "  ui") {
        in_ui = true;
      } else if (in_ui && line.rfind("    ", 0) == 0) {
        std::istringstream fields(line);
        std::string key, value;
        fields >> key >> value;
        values[key] = value;
      } else {
        in_ui = false;
      }
    }
    return values;
  }

  // The median, over a few readings, of how far the audio at the muxer is
  // ahead of the video (ms).
  double audio_minus_video_ms() {
    std::vector<double> skews;
    for (int i = 0; i < 40 && skews.size() < 7; ++i) {
      auto values = ui("/sync/muxer");
      const auto video = values.find("clock-lead-ms:default-0");
      const auto audio = values.find("clock-lead-ms:default-1");
      if (video != values.end() && audio != values.end())
        skews.push_back(std::stod(audio->second) - std::stod(video->second));
      std::this_thread::sleep_for(300ms); // UI state goes out every 500 ms
    }
    BOOST_TEST_REQUIRE(skews.size() >= 3u, "the muxer publishes no leads\n" << logs());
    std::sort(skews.begin(), skews.end());
    const double median = skews[skews.size() / 2];
    BOOST_TEST_MESSAGE("audio minus video at the muxer: "
                       << median << " ms (of " << skews.size() << " readings)");
    return median;
  }

  RunningPlanet planet;
  std::unique_ptr<Process> ahead;
};

} // namespace

BOOST_AUTO_TEST_CASE(with_a_clock_master_audio_and_video_agree) {
  TwoClocks t(true);
  BOOST_TEST_REQUIRE(t.planet.all_in_mood("happy", start_timeout), FLU_LATER(t.logs()));
  // The master's address and port are in the replicated state, and the
  // slaves, on both workers, follow it.
  auto master = t.ui("/sync/video");
  BOOST_TEST_REQUIRE(master.count("clock-master-address") == 1u);
  BOOST_TEST_REQUIRE(master.count("clock-master-port") == 1u);
  const std::string published =
      master["clock-master-address"] + ":" + master["clock-master-port"];
  // Happy comes before the lock on a busy machine: wait for each slave's.
  for (const std::string id : {"/sync/audio", "/sync/audio-encoder", "/sync/muxer"}) {
    std::map<std::string, std::string> slave;
    BOOST_TEST(poll_until(
                   [&] {
                     slave = t.ui(id);
                     return slave["clock-master"] == published &&
                            slave.count("clock-lock-ms") == 1u;
                   },
                   20s, 250ms),
               FLU_LATER(id + ": clock-master '" + slave["clock-master"] +
                         "', expected " + published));
  }
  const double skew = t.audio_minus_video_ms();
  BOOST_TEST(std::abs(skew) < 100.0, "audio and video disagree by " << skew << " ms");
  // What the muxer serves decodes, with both streams.
  const auto file = t.planet.fetch("/sync.webm", 3);
  const std::string report = discover(file);
  for (const std::string word : {"VP8", "Opus"})
    BOOST_TEST(report.find(word) != std::string::npos, word << " not in:\n" << report);
}

BOOST_AUTO_TEST_CASE(without_a_clock_master_the_skew_shows) {
  TwoClocks t(false);
  BOOST_TEST_REQUIRE(t.planet.all_in_mood("happy", start_timeout), FLU_LATER(t.logs()));
  BOOST_TEST(t.ui("/sync/audio").count("clock-master") == 0u);
  // Each machine's own clock: the audio is stamped two seconds ahead.
  const double skew = t.audio_minus_video_ms();
  BOOST_TEST(skew > 1500.0, "expected about 2000 ms, got " << skew);
  BOOST_TEST(skew < 2500.0, "expected about 2000 ms, got " << skew);
}

BOOST_AUTO_TEST_CASE(a_slave_says_when_it_loses_the_master_and_when_it_returns) {
  TwoClocks t(true);
  BOOST_TEST_REQUIRE(t.planet.all_in_mood("happy", start_timeout), FLU_LATER(t.logs()));
  const auto video = t.planet.component("/sync/video");
  BOOST_TEST_REQUIRE(video.pid > 0);
  BOOST_TEST_REQUIRE(::kill(video.pid, SIGKILL) == 0);
  auto note_of_audio = [&](const std::string &words) {
    return poll_until(
        [&] {
          for (const auto &note : t.planet.component("/sync/audio").notes)
            if (note.find(words) != std::string::npos)
              return true;
          return false;
        },
        15s, 200ms);
  };
  BOOST_TEST_REQUIRE(note_of_audio("has gone"), FLU_LATER(t.logs()));
  // The master's address left the replicated state with it.
  BOOST_TEST(t.ui("/sync/video").count("clock-master-port") == 0u);
  // An operator starts it again: it publishes on the same port, and the
  // slave hears from it without restarting.
  BOOST_TEST_REQUIRE(t.planet.command({"stop", "/sync/video"}).exit_code() == 0);
  BOOST_TEST_REQUIRE(t.planet.command({"start", "/sync/video"}).exit_code() == 0);
  BOOST_TEST_REQUIRE(note_of_audio("answers again"), FLU_LATER(t.logs()));
  BOOST_TEST(t.planet.component("/sync/audio").mood == "happy");
}
