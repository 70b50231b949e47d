// flu-command against a real manager with a local worker: every verb, its
// exit code, --json that python3 parses, and export → load → delete → export
// giving back the same planet.
#define BOOST_TEST_MODULE command
#include "contains.hpp"
#include "flow_fixture.hpp"

#include <sys/stat.h>

#include <csignal>

using namespace flu::test;

namespace {

constexpr auto start_timeout = 60s;

// The manager answers (it has written its keys and listens).
void wait_until_up(RunningPlanet &planet) {
  BOOST_TEST_REQUIRE(
      poll_until([&] { return planet.command({"list"}).exit_code() == 0; }, 20s, 100ms),
      FLU_LATER(planet.logs()));
}

RunningPlanet &with_local_worker(std::unique_ptr<RunningPlanet> &planet) {
  planet = std::make_unique<RunningPlanet>(
      "default.xml",
      std::vector<std::string>{"--local-worker", "localhost", "--local-feed-port", "0"});
  BOOST_TEST_REQUIRE(planet->all_in_mood("happy", start_timeout),
                     FLU_LATER(planet->logs()));
  return *planet;
}

using flu::test::contains;

// python3 reads `text` as one JSON document, or (lines) as one per line.
bool parses_as_json(const std::string &text, bool lines = false) {
  TempDir dir("flu-json");
  const auto file = dir.file("out.json");
  std::ofstream(file) << text;
  const auto r = lines ? run({"/usr/bin/python3", "-c",
                              "import json,sys\n"
                              "n=0\n"
                              "for line in open(sys.argv[1]):\n"
                              "    json.loads(line); n+=1\n"
                              "sys.exit(0 if n else 1)\n",
                              file.string()})
                       : run({"/usr/bin/python3", "-m", "json.tool", file.string()});
  BOOST_TEST_MESSAGE(r.err);
  return r.exited_ok();
}

// Polls `list` until the component is in `mood`.
bool reaches(RunningPlanet &planet, const std::string &id, const std::string &mood,
             std::chrono::milliseconds timeout = 30s) {
  return poll_until([&] { return planet.component(id).mood == mood; }, timeout, 200ms);
}

} // namespace

BOOST_AUTO_TEST_CASE(usage_and_help_need_no_manager) {
  const auto help = run({FLU_COMMAND, "--help"});
  BOOST_TEST(help.exit_code() == 0);
  for (const char *part :
       {"exit codes", "list", "watch", "invoke", "keycards", "--json", "--manager"})
    BOOST_TEST(contains(help.out, part), part);
  const auto stop_help = run({FLU_COMMAND, "stop", "--help"});
  BOOST_TEST(stop_help.exit_code() == 0);
  BOOST_TEST(stop_help.out.rfind("usage: flu-command [OPTIONS] stop TARGET", 0) == 0u,
             stop_help.out);

  const auto unknown = run({FLU_COMMAND, "frobnicate"});
  BOOST_TEST(unknown.exit_code() == 2);
  BOOST_TEST(contains(unknown.err, "unknown verb 'frobnicate'"), unknown.err);
  const auto missing = run({FLU_COMMAND, "stop"});
  BOOST_TEST(missing.exit_code() == 2);
  BOOST_TEST(contains(missing.err, "usage: flu-command [OPTIONS] stop TARGET"),
             missing.err);
  BOOST_TEST(run({FLU_COMMAND, "load", "/nonexistent/flow.xml"}).exit_code() == 2);
  BOOST_TEST(run({FLU_COMMAND, "stop", "default/http"}).exit_code() == 2);
}

BOOST_AUTO_TEST_CASE(no_manager_or_a_refusal_exits_1) {
  RunningPlanet planet("default.xml");
  wait_until_up(planet);

  const std::string nobody = "127.0.0.1:" + std::to_string(free_tcp_port());
  const auto silent =
      planet.command({"--manager", nobody, "--timeout-ms", "500", "list"});
  BOOST_TEST(silent.exit_code() == 1);
  BOOST_TEST(contains(silent.err, "no answer from the manager at " + nobody), silent.err);

  const auto token = planet.dir().file("wrong.token");
  std::ofstream(token) << "not-the-token\n";
  ::chmod(token.c_str(), 0600);
  const auto refused = planet.command({"--token-file", token.string(), "list"});
  BOOST_TEST(refused.exit_code() == 1);
  BOOST_TEST(contains(refused.err, "refused"), refused.err);
}

BOOST_AUTO_TEST_CASE(list_status_and_workers_as_tables_and_json) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);

  const auto list = planet.command({"list"});
  BOOST_TEST(list.exit_code() == 0);
  BOOST_TEST(contains(list.out, "COMPONENT"), list.out);
  BOOST_TEST(planet.components().size() == 6u);
  const auto list_json = planet.command({"list", "--json"});
  BOOST_TEST(list_json.exit_code() == 0);
  BOOST_TEST(contains(list_json.out, "\"id\":\"/default/http\""), list_json.out);
  BOOST_TEST(parses_as_json(list_json.out), list_json.out);

  const auto status = planet.command({"status", "/default/http"});
  BOOST_TEST(status.exit_code() == 0, status.err);
  BOOST_TEST(contains(status.out, "  mood      happy\n"), status.out);
  BOOST_TEST(contains(status.out, "  worker    localhost\n"), status.out);
  BOOST_TEST(!contains(status.out, "/default/video"), status.out);
  const auto status_json = planet.command({"--json", "status"});
  BOOST_TEST(status_json.exit_code() == 0);
  BOOST_TEST(parses_as_json(status_json.out), status_json.out);
  const auto nope = planet.command({"status", "/default/nope"});
  BOOST_TEST(nope.exit_code() == 3);
  BOOST_TEST(contains(nope.err, "/default/nope"), nope.err);

  const auto workers = planet.command({"workers"});
  BOOST_TEST(workers.exit_code() == 0);
  BOOST_TEST(contains(workers.out, "localhost"), workers.out);
  BOOST_TEST(contains(workers.out, "connected"), workers.out);
  const auto workers_json = planet.command({"workers", "--json"});
  BOOST_TEST(contains(workers_json.out, "\"connected\":true"), workers_json.out);
  BOOST_TEST(parses_as_json(workers_json.out), workers_json.out);
}

BOOST_AUTO_TEST_CASE(start_stop_restart_and_their_exit_codes) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);

  const auto busy = planet.command({"start", "/default/http"});
  BOOST_TEST(busy.exit_code() == 4, busy.err);
  BOOST_TEST(contains(busy.err, "flu-command: start /default/http: "), busy.err);
  BOOST_TEST(planet.command({"stop", "/default/nope"}).exit_code() == 3);
  BOOST_TEST(planet.command({"restart", "/nope/http"}).exit_code() == 3);

  const auto stop = planet.command({"stop", "/default/http"});
  BOOST_TEST(stop.exit_code() == 0, stop.err);
  BOOST_TEST_REQUIRE(reaches(planet, "/default/http", "sleeping"),
                     FLU_LATER(planet.logs()));
  BOOST_TEST(planet.command({"stop", "/default/http"}).exit_code() == 4);
  BOOST_TEST(planet.command({"delete", "/default/video"}).exit_code() == 4);
  const auto start = planet.command({"start", "/default/http"});
  BOOST_TEST(start.exit_code() == 0, start.err);
  // Running again (whether it is fed again is the next test's business).
  int pid = 0;
  BOOST_TEST_REQUIRE(poll_until(
                         [&] {
                           const auto row = planet.component("/default/http");
                           pid = row.pid;
                           return row.mood != "sleeping" && row.pid != 0;
                         },
                         30s, 200ms),
                     FLU_LATER(planet.logs()));

  const auto restart = planet.command({"--json", "restart", "/default/http"});
  BOOST_TEST(restart.exit_code() == 0, restart.err);
  BOOST_TEST(parses_as_json(restart.out), restart.out);
  BOOST_TEST(poll_until(
                 [&] {
                   const auto row = planet.component("/default/http");
                   return row.mood != "sleeping" && row.pid != pid && row.pid != 0;
                 },
                 30s, 200ms),
             FLU_LATER(planet.logs()));
}

// A component started again after a stop, or restarted, gets its feeds
// again and everything downstream recovers.
BOOST_AUTO_TEST_CASE(a_component_started_again_is_fed_again) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  BOOST_TEST_REQUIRE(planet.command({"stop", "/default/http"}).exit_code() == 0);
  BOOST_TEST_REQUIRE(reaches(planet, "/default/http", "sleeping"),
                     FLU_LATER(planet.logs()));
  BOOST_TEST_REQUIRE(planet.command({"start", "/default/http"}).exit_code() == 0);
  BOOST_TEST(reaches(planet, "/default/http", "happy"), FLU_LATER(planet.logs()));
  BOOST_TEST_REQUIRE(planet.command({"restart", "/default/muxer"}).exit_code() == 0);
  BOOST_TEST(planet.all_in_mood("happy", 30s), FLU_LATER(planet.logs()));
}

BOOST_AUTO_TEST_CASE(property_and_invoke) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);

  const auto mount = planet.command({"property", "/default/http", "mount-point"});
  BOOST_TEST(mount.exit_code() == 0, mount.err);
  BOOST_TEST(mount.out == "/live.webm\n");
  const auto json =
      planet.command({"property", "/default/http", "mount-point", "--json"});
  BOOST_TEST(parses_as_json(json.out), json.out);
  BOOST_TEST(contains(json.out, "\"mount-point\":[\"/live.webm\"]"), json.out);
  BOOST_TEST(planet.command({"property", "/default/http", "no-such"}).exit_code() == 3);
  BOOST_TEST(planet.command({"property", "/default/nope", "port"}).exit_code() == 3);

  BOOST_TEST(planet.command({"invoke", "/default/nope", "anything"}).exit_code() == 3);
  const auto unknown = planet.command(
      {"--timeout-ms", "20000", "invoke", "/default/http", "no-such-method"}, 40s);
  BOOST_TEST(unknown.exit_code() == 5, unknown.out << unknown.err);
  BOOST_TEST_REQUIRE(planet.command({"stop", "/default/http"}).exit_code() == 0);
  BOOST_TEST_REQUIRE(reaches(planet, "/default/http", "sleeping"),
                     FLU_LATER(planet.logs()));
  const auto asleep = planet.command({"invoke", "/default/http", "anything"});
  BOOST_TEST(asleep.exit_code() == 4, asleep.err);
}

BOOST_AUTO_TEST_CASE(export_load_delete_export_round_trip) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);

  const auto file = planet.dir().file("exported.xml");
  const auto exported = planet.command({"export", "--output", file.string()});
  BOOST_TEST_REQUIRE(exported.exit_code() == 0, exported.err);
  BOOST_TEST(exported.out.empty());
  const std::string first = read_text(file);
  BOOST_TEST_REQUIRE(contains(first, "<flow name=\"default\">"), first);
  BOOST_TEST(planet.command({"export"}).out == first);
  BOOST_TEST(parses_as_json(planet.command({"export", "--json"}).out));

  // The same flow under another name, streaming on another port.
  std::string copy = std::regex_replace(first, std::regex(R"(<flow name="default">)"),
                                        "<flow name=\"copy\">");
  copy = std::regex_replace(copy, std::regex(R"(<property name="port">\d+</property>)"),
                            "<property name=\"port\">" + std::to_string(free_tcp_port()) +
                                "</property>");
  copy = std::regex_replace(copy, std::regex(R"(<planet name="[^"]*">)"), "<planet>");
  const auto flow = planet.dir().file("copy.xml");
  std::ofstream(flow) << copy;
  const auto load = planet.command({"load", flow.string()});
  BOOST_TEST_REQUIRE(load.exit_code() == 0, load.err << planet.logs());
  BOOST_TEST(contains(load.out, "6"), load.out);
  BOOST_TEST(planet.component("/copy/http").id == "/copy/http");
  const auto again = planet.command({"load", flow.string()});
  BOOST_TEST(again.exit_code() != 0);
  BOOST_TEST(contains(again.err, "already exists"), again.err);

  // Deleting needs a sleeping component that nothing eats from.
  BOOST_TEST(planet.command({"delete", "/copy/nope"}).exit_code() == 3);
  const std::vector<std::string> order{"/copy/http",          "/copy/muxer",
                                       "/copy/video-encoder", "/copy/audio-encoder",
                                       "/copy/video",         "/copy/audio"};
  for (const auto &id : order)
    BOOST_TEST_REQUIRE(planet.command({"stop", id}).exit_code() != 1);
  for (const auto &id : order)
    BOOST_TEST_REQUIRE(reaches(planet, id, "sleeping"), id << planet.logs());
  const auto eaten = planet.command({"delete", "/copy/video"});
  BOOST_TEST(eaten.exit_code() == 4, eaten.err);
  for (const auto &id : order) {
    const auto deleted = planet.command({"delete", id});
    BOOST_TEST(deleted.exit_code() == 0, id << ": " << deleted.err);
  }
  BOOST_TEST(planet.component("/copy/http").id.empty());
  BOOST_TEST(planet.command({"export"}).out == first);
  BOOST_TEST(planet.all_in_mood("happy", 10s));
}

BOOST_AUTO_TEST_CASE(watch_prints_changes_as_they_happen) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);

  // Every change, as JSON lines, until stopped.
  Process all({FLU_COMMAND, "--manager", planet.manager_address(), "watch", "--json"},
              planet.options("watch-all"));
  // One component's changes, as a table.
  Process http(
      {FLU_COMMAND, "--manager", planet.manager_address(), "watch", "/default/http"},
      planet.options("watch-http"));
  for (Process *watch : {&all, &http})
    BOOST_TEST_REQUIRE(
        poll_until([&] { return contains(watch->err(), "watching planet default"); },
                   15s),
        FLU_LATER(watch->err()));

  BOOST_TEST_REQUIRE(planet.command({"stop", "/default/http"}).exit_code() == 0);
  BOOST_TEST(poll_until(
                 [&] {
                   return contains(all.out(), R"("id":"/default/http")") &&
                          contains(all.out(), R"("mood":"sleeping")");
                 },
                 20s),
             FLU_LATER(all.out()));
  BOOST_TEST(poll_until(
                 [&] {
                   return std::regex_search(
                       http.out(), std::regex(R"((^|\n)\d+ /default/http sleeping )"));
                 },
                 20s),
             FLU_LATER(http.out()));
  all.stop();
  http.stop();
  // Whole lines only: the last one may have been cut by the signal.
  std::string lines = all.out();
  lines.erase(lines.rfind('\n') + 1);
  BOOST_TEST(parses_as_json(lines, true), lines);
  BOOST_TEST(!contains(http.out(), "/default/video"), FLU_LATER(http.out()));

  // --count ends the watch by itself.
  const auto counted =
      planet.command({"watch", "/default/audio", "--count", "1", "--json"});
  BOOST_TEST(counted.exit_code() == 0, counted.err);
  BOOST_TEST(std::count(counted.out.begin(), counted.out.end(), '\n') == 1, counted.out);
  BOOST_TEST(contains(counted.out, R"("id":"/default/audio")"), counted.out);
  BOOST_TEST(planet.command({"watch", "/default/nope"}).exit_code() == 3);
}

// A crashed job's message, in French for a French reader.
BOOST_AUTO_TEST_CASE(messages_are_shown_in_the_readers_language) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  const int pid = planet.component("/default/http").pid;
  BOOST_TEST_REQUIRE(pid > 0);
  BOOST_TEST_REQUIRE(::kill(pid, SIGKILL) == 0);
  BOOST_TEST_REQUIRE(reaches(planet, "/default/http", "sad"), FLU_LATER(planet.logs()));

  auto env = planet.env();
  env.emplace_back("LC_ALL", "C.UTF-8");
  env.emplace_back("LANGUAGE", "fr");
  const auto french =
      run({FLU_COMMAND, "--manager", planet.manager_address(), "list"}, 15s, env);
  BOOST_TEST(french.exit_code() == 0, french.err);
  BOOST_TEST(contains(french.out, "le processus du composant a été killed by signal 9"),
             french.out);
  const auto english = planet.command({"list"});
  BOOST_TEST(contains(english.out, "the job was killed by signal 9"), english.out);
}

BOOST_AUTO_TEST_CASE(keycards_and_expire) {
  RunningPlanet planet("default.xml");
  wait_until_up(planet);
  const auto keycards = planet.command({"keycards"});
  BOOST_TEST(keycards.exit_code() == 0, keycards.err);
  BOOST_TEST(contains(keycards.out, "KEYCARD"), keycards.out);
  BOOST_TEST(contains(keycards.out, "admin"), keycards.out);
  const auto json = planet.command({"keycards", "manager", "--json"});
  BOOST_TEST(json.exit_code() == 0);
  BOOST_TEST(parses_as_json(json.out), json.out);
  BOOST_TEST(contains(json.out, "\"keycards\":[{"), json.out);

  const auto expire = planet.command({"expire", "manager", "no-such-keycard"});
  BOOST_TEST(expire.exit_code() == 3, expire.err);
  BOOST_TEST(planet.command({"keycards", "no-such-bouncer"}).exit_code() == 3);
}
