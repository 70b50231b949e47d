// The manager as the trustworthy centre of a planet: it can die and come
// back without a viewer noticing, it notices dead workers, and it keeps a
// crashed component sad unless the planet allows a restart.
#define BOOST_TEST_MODULE control
#include "flow_fixture.hpp"

#include <csignal>
#include <cstdio>

using namespace flu::test;

namespace {

constexpr auto start_timeout = 60s;

std::map<std::string, int> pids(RunningPlanet &planet) {
  std::map<std::string, int> out;
  for (const auto &row : planet.components())
    out[row.id] = row.pid;
  return out;
}

std::uintmax_t size_of(const std::filesystem::path &file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  return ec ? 0 : size;
}

// A viewer that keeps its connection for as long as the test runs.
std::unique_ptr<Process> viewer(RunningPlanet &planet, const std::string &mount,
                                const std::filesystem::path &file) {
  return std::make_unique<Process>(
      std::vector<std::string>{"/usr/bin/curl", "-s", "-N", "-o", file.string(),
                               "http://127.0.0.1:" + std::to_string(planet.http_port()) +
                                   mount},
      SpawnOptions{{}, {}, {}, true});
}

bool grows(const std::filesystem::path &file, std::uintmax_t by,
           std::chrono::milliseconds timeout) {
  const auto start = size_of(file);
  return poll_until([&] { return size_of(file) > start + by; }, timeout, 100ms);
}

// The time of day of the log line that holds `at`, in milliseconds.
int64_t ms_of_day(const std::string &log, std::size_t at) {
  const auto line = log.rfind('\n', at);
  const auto start = line == std::string::npos ? 0 : line + 1;
  int h = 0, m = 0, s = 0, ms = 0;
  if (std::sscanf(log.c_str() + start, "%d:%d:%d.%d", &h, &m, &s, &ms) != 4)
    return -1;
  return ((h * 60 + m) * 60 + s) * 1000LL + ms;
}

std::string mood_of(RunningPlanet &planet, const std::string &id) {
  return planet.component(id).mood;
}

} // namespace

BOOST_AUTO_TEST_CASE(manager_restart_keeps_jobs_and_viewers) {
  RunningPlanet planet("default.xml");
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto before = pids(planet);
  const auto file = planet.dir().file("viewer.webm");
  auto v = viewer(planet, "/live.webm", file);
  BOOST_TEST_REQUIRE(grows(file, 20000, 20s));

  planet.manager().signal(SIGKILL);
  BOOST_TEST_REQUIRE(planet.manager().wait_for(5s).has_value());
  // Nothing stops streaming because the manager went away.
  BOOST_TEST(grows(file, 10000, 10s),
             "the viewer stalled while the manager was away" << FLU_LATER(planet.logs()));

  planet.restart_manager();
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", 30s), FLU_LATER(planet.logs()));
  const auto after = pids(planet);
  BOOST_TEST(after.size() == before.size());
  for (const auto &[id, pid] : before)
    BOOST_TEST(after.at(id) == pid,
               id << " was restarted: pid " << pid << " became " << after.at(id));
  BOOST_TEST(v->running(), "the viewer was disconnected");
  BOOST_TEST(grows(file, 10000, 10s), "the viewer stalled after the manager came back"
                                          << FLU_LATER(planet.logs()));
  BOOST_TEST(planet.logs().find("adopted") != std::string::npos);
  // What the worker queued while the manager was away comes back refused,
  // message by message: one login answers them all, at the first back-off
  // step, not at the maximum (10 s) that a retry per refusal would reach.
  const auto log = planet.worker("localhost").err();
  const auto lost = log.find("lost the manager");
  BOOST_TEST_REQUIRE(lost != std::string::npos, log);
  const auto back = log.find("logged in (planet", lost);
  BOOST_TEST_REQUIRE(back != std::string::npos, log);
  BOOST_TEST(ms_of_day(log, back) - ms_of_day(log, lost) < 3000, log);
}

BOOST_AUTO_TEST_CASE(killed_worker_is_lost_then_its_components_start_again) {
  RunningPlanet planet("default.xml");
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto before = pids(planet);
  planet.worker("localhost").signal(SIGKILL);
  // The fixture's peer timeout is 3 s.
  BOOST_TEST_REQUIRE(planet.all_in_mood("lost", 15s), FLU_LATER(planet.logs()));
  planet.worker("localhost").stop(1s);
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  for (const auto &[id, pid] : pids(planet))
    BOOST_TEST(pid != before.at(id), id << " kept pid " << pid << " across a new worker");
}

BOOST_AUTO_TEST_CASE(crashed_component_stays_sad_until_stopped_and_started) {
  RunningPlanet planet("default.xml");
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const int pid = planet.component("/default/http").pid;
  BOOST_TEST_REQUIRE(pid > 0);
  ::kill(pid, SIGKILL);
  BOOST_TEST_REQUIRE(
      poll_until([&] { return mood_of(planet, "/default/http") == "sad"; }, 15s, 200ms));
  // Flumotion's rule: no restart by itself. Watch it for a few seconds.
  BOOST_TEST(
      !poll_until([&] { return mood_of(planet, "/default/http") != "sad"; }, 3s, 250ms));
  const auto stop = planet.command({"stop", "/default/http"});
  BOOST_TEST(stop.exit_code() == 0, stop.out << stop.err);
  BOOST_TEST(mood_of(planet, "/default/http") == "sleeping");
  const auto start = planet.command({"start", "/default/http"});
  BOOST_TEST(start.exit_code() == 0, start.out << start.err);
  BOOST_TEST(
      poll_until([&] { return mood_of(planet, "/default/http") == "happy"; }, 30s, 250ms),
      FLU_LATER(planet.logs()));
  BOOST_TEST(planet.component("/default/http").pid != pid);
}

BOOST_AUTO_TEST_CASE(restart_policy_restarts_a_crashed_component) {
  std::string xml =
      read_text(std::filesystem::path(FLU_SOURCE_DIR) / "examples/planets/default.xml");
  const std::string anchor = "<component name=\"http\" type=\"http-streamer\" "
                             "worker=\"localhost\">";
  const auto at = xml.find(anchor);
  BOOST_TEST_REQUIRE(at != std::string::npos);
  xml.insert(at + anchor.size(), "\n      <restart>on-failure</restart>");
  RunningPlanet planet("restarting.xml", xml, {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const int pid = planet.component("/default/http").pid;
  ::kill(pid, SIGKILL);
  BOOST_TEST(poll_until(
                 [&] {
                   const auto row = planet.component("/default/http");
                   return row.mood == "happy" && row.pid > 0 && row.pid != pid;
                 },
                 30s, 250ms),
             FLU_LATER(planet.logs()));
}
