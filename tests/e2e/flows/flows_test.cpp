// Whole planets on loopback: manager, workers and one job per component,
// every step a module .so, checked with the real clients a viewer or an
// operator would use.
#define BOOST_TEST_MODULE flows
#include "flow_fixture.hpp"

#include <csignal>

using namespace flu::test;

namespace {

constexpr auto start_timeout = 60s;

void check_streams(RunningPlanet &planet, const std::string &mount,
                   const std::vector<std::string> &expected) {
  const auto file = planet.fetch(mount, 6);
  BOOST_TEST_REQUIRE(std::filesystem::exists(file));
  // At least a few seconds' worth of a low-bitrate test stream.
  BOOST_TEST(std::filesystem::file_size(file) > 40000u);
  const std::string report = discover(file);
  for (const auto &word : expected)
    BOOST_TEST(report.find(word) != std::string::npos, word << " not in:\n" << report);
}

} // namespace

BOOST_AUTO_TEST_CASE(default_planet_streams_webm_with_vp8_and_opus) {
  RunningPlanet planet("default.xml");
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto rows = planet.components();
  BOOST_TEST(rows.size() == 6u);
  for (const auto &row : rows)
    BOOST_TEST(row.pid > 0, row.id << " has no pid");
  check_streams(planet, "/live.webm", {"WebM", "VP8", "Opus"});
  // Still happy after serving a viewer.
  BOOST_TEST(planet.all_in_mood("happy", 5s));
}

BOOST_AUTO_TEST_CASE(ogg_planet_streams_theora_and_vorbis) {
  RunningPlanet planet("ogg.xml");
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  check_streams(planet, "/live.ogg", {"Ogg", "Theora", "Vorbis"});
}

BOOST_AUTO_TEST_CASE(flow_split_over_two_workers) {
  RunningPlanet planet("two-workers.xml");
  planet.start_worker("capture");
  planet.start_worker("edge");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  std::map<std::string, int> per_worker;
  for (const auto &row : planet.components())
    per_worker[row.worker]++;
  BOOST_TEST(per_worker["capture"] == 4);
  BOOST_TEST(per_worker["edge"] == 2);
  check_streams(planet, "/live.webm", {"WebM", "VP8", "Opus"});
}

BOOST_AUTO_TEST_CASE(killed_job_turns_sad_naming_the_signal) {
  RunningPlanet planet("default.xml");
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto http = planet.component("/default/http");
  BOOST_TEST_REQUIRE(http.pid > 0);
  BOOST_TEST_REQUIRE(::kill(http.pid, SIGKILL) == 0);
  ComponentRow now;
  BOOST_TEST_REQUIRE(poll_until(
      [&] {
        now = planet.component("/default/http");
        return now.mood == "sad";
      },
      10s, 100ms));
  bool named = false;
  for (const auto &note : now.notes)
    named = named || note.find("signal 9") != std::string::npos;
  BOOST_TEST(named, "no message names the signal");
  // The others go on; a sad component stays sad (no restart).
  BOOST_TEST(planet.component("/default/muxer").mood == "happy");
  BOOST_TEST(
      !poll_until([&] { return planet.component("/default/http").mood != "sad"; }, 2s));
}

BOOST_AUTO_TEST_CASE(stopped_worker_turns_its_components_lost) {
  RunningPlanet planet("default.xml");
  auto &worker = planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const int status = worker.stop();
  BOOST_TEST(Process::describe(status) == "exited with code 0");
  BOOST_TEST(planet.all_in_mood("lost", 5s), FLU_LATER(planet.logs()));
}

BOOST_AUTO_TEST_CASE(killed_worker_turns_its_components_lost_after_the_timeout) {
  RunningPlanet planet("default.xml");
  auto &worker = planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  worker.signal(SIGKILL);
  // The manager hears nothing more: lost once the 3 s peer timeout passes.
  BOOST_TEST(planet.all_in_mood("lost", 10s), FLU_LATER(planet.logs()));
}

BOOST_AUTO_TEST_CASE(eater_without_data_turns_hungry) {
  RunningPlanet planet("default.xml", {"--hungry-timeout-ms", "1500"});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto video = planet.component("/default/video");
  BOOST_TEST_REQUIRE(::kill(video.pid, SIGKILL) == 0);
  BOOST_TEST(
      poll_until(
          [&] { return planet.component("/default/video-encoder").mood == "hungry"; },
          10s, 100ms),
      FLU_LATER(planet.logs()));
  BOOST_TEST(planet.component("/default/audio-encoder").mood == "happy");
}

BOOST_AUTO_TEST_CASE(bad_planet_is_refused_with_file_and_line) {
  TempDir dir;
  const auto planet = dir.file("bad.xml");
  std::ofstream(planet)
      << "<planet>\n  <flow name=\"f\">\n"
         "    <component name=\"v\" type=\"no-such-type\" worker=\"w\"/>\n"
         "  </flow>\n</planet>\n";
  const auto r =
      run({FLU_MANAGER, planet.string(), "--port", std::to_string(free_tcp_port())}, 20s,
          {{"FLU_MANAGER_DIR", dir.file("manager").string()}});
  BOOST_TEST(r.exit_code() == 1);
  BOOST_TEST(r.err.find(planet.string() + ":3:") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("'no-such-type': no bundle provides it") != std::string::npos,
             r.err);
}
