// Runtime checks on a worker, end to end: flu-command check → manager →
// worker → a check process of its own → back. The default planet runs on
// the manager's local worker meanwhile, so that a check that misbehaves is
// seen to fail alone while the worker keeps its jobs.
#define BOOST_TEST_MODULE checks
#include "contains.hpp"
#include "flow_fixture.hpp"
#include "pulse_server.hpp"

#include <cstdlib>

using namespace flu::test;

namespace {

constexpr auto start_timeout = 60s;

RunningPlanet &with_local_worker(std::unique_ptr<RunningPlanet> &planet) {
  planet = std::make_unique<RunningPlanet>(
      "default.xml",
      std::vector<std::string>{"--local-worker", "localhost", "--local-feed-port", "0"});
  BOOST_TEST_REQUIRE(planet->all_in_mood("happy", start_timeout),
                     FLU_LATER(planet->logs()));
  return *planet;
}

using flu::test::contains;

// Made with real GStreamer pipelines, at test time.
void make_media(const std::filesystem::path &file, const std::string &pipeline) {
  const auto r = run(
      {"/bin/sh", "-c",
       "gst-launch-1.0 -q " + pipeline + " ! filesink location='" + file.string() + "'"},
      60s);
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
}

// python3 reads --json output and prints "FILE MEDIA-TYPE" per row.
std::string rows_via_python(const std::string &json_text,
                            const std::filesystem::path &dir) {
  const auto file = dir / "check.json";
  std::ofstream(file) << json_text;
  const auto r = run({"/usr/bin/python3", "-c",
                      "import json,sys\n"
                      "d=json.load(open(sys.argv[1]))\n"
                      "for row in d['rows']: print(row['file'], row['media-type'])\n",
                      file.string()});
  BOOST_TEST(r.exited_ok(), r.err);
  return r.out;
}

// What a release engineer does with an out-of-tree module: bundle the
// fixture, sign it with the development key, publish it to the manager.
void publish_fixture(RunningPlanet &planet) {
  const std::filesystem::path build = FLU_BINARY_DIR;
  const auto recipe = planet.dir().file("check-fixture.xml");
  std::ofstream(recipe)
      << "<recipe name=\"check-fixture\" version=\"1.0.0\">\n"
         "  <description>checks that misbehave (test only)</description>\n"
         "  <depends name=\"flu-base\" range=\"^1.0\"/>\n"
         "  <module name=\"check-fixture\"/>\n"
         "</recipe>\n";
  const auto file = planet.dir().file("check-fixture-1.0.0.flub");
  auto r = run({FLU_BUNDLE, "create", "--recipe", recipe.string(), "--module-dir",
                FLU_FIXTURE_MODULE_DIR, "--key",
                (build / "release-keys/flu-dev.key").string(), "--output", file.string()},
               60s);
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
  r = run({FLU_BUNDLE, "publish", file.string(), "--manager", planet.manager_address()},
          60s, planet.env());
  BOOST_TEST_REQUIRE(r.exited_ok(), r.out << r.err);
}

// The container's media type as gst-discoverer-1.0 (GStreamer's own
// client) reports it: its verbose "container #0: CAPS" line.
std::string discovered_container(const std::filesystem::path &file) {
  const auto r = run({"/usr/bin/gst-discoverer-1.0", "-v", file.string()}, 30s);
  const std::string mark = "container #0: ";
  const auto at = r.out.find(mark);
  if (at == std::string::npos)
    return "(gst-discoverer-1.0 found no container in " + file.string() + ")";
  const auto begin = at + mark.size();
  return r.out.substr(begin, r.out.find_first_of(",\n", begin) - begin);
}

std::map<std::string, int> pids(RunningPlanet &planet) {
  std::map<std::string, int> out;
  for (const auto &row : planet.components())
    out[row.id] = row.mood == "happy" ? row.pid : 0;
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(files_are_listed_with_their_media_types) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  const auto media = planet.dir().file("media");
  std::filesystem::create_directories(media);
  make_media(media / "clip.webm",
             "videotestsrc num-buffers=15 ! video/x-raw,width=160,height=120 ! vp8enc ! "
             "webmmux");
  make_media(media / "tone.ogg", "audiotestsrc num-buffers=20 ! vorbisenc ! oggmux");
  std::ofstream(media / "notes.txt") << "not media at all\n";
  std::filesystem::create_directories(media / "subdir");

  const auto r = planet.command(
      {"check", "localhost", "loop-producer", "files", media.string()}, 60s);
  BOOST_TEST_REQUIRE(r.exit_code() == 0, r.out << r.err << FLU_LATER(planet.logs()));
  BOOST_TEST(contains(r.out, "3 files in " + media.string() + ", 2 of them media"),
             r.out);
  BOOST_TEST(contains(r.out, "FILE"), r.out);
  BOOST_TEST(contains(r.out, "MEDIA-TYPE"), r.out);
  BOOST_TEST(!contains(r.out, "subdir"), r.out);

  const auto json = planet.command(
      {"check", "--json", "localhost", "loop-producer", "files", media.string()}, 60s);
  BOOST_TEST_REQUIRE(json.exit_code() == 0, json.err);
  const std::string rows = rows_via_python(json.out, planet.dir().path());
  BOOST_TEST(discovered_container(media / "clip.webm") == "video/webm");
  BOOST_TEST(
      contains(rows, "clip.webm " + discovered_container(media / "clip.webm") + "\n"),
      rows);
  BOOST_TEST(
      contains(rows, "tone.ogg " + discovered_container(media / "tone.ogg") + "\n"),
      rows);
  BOOST_TEST(contains(rows, "notes.txt \n"), rows); // no media type
  // The streams as GStreamer's own client sees them.
  BOOST_TEST(contains(json.out, "video/x-vp8 160x120"), json.out);
  BOOST_TEST(contains(json.out, "audio/x-vorbis"), json.out);
}

BOOST_AUTO_TEST_CASE(a_check_that_hangs_or_crashes_fails_alone) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  publish_fixture(planet);
  const auto before = pids(planet);

  const auto started = std::chrono::steady_clock::now();
  const auto hung = planet.command(
      {"check", "--limit-ms", "1500", "localhost", "check-fixture", "sleep", "30"}, 60s);
  const auto took = std::chrono::steady_clock::now() - started;
  BOOST_TEST(hung.exit_code() == 5, hung.out << hung.err);
  BOOST_TEST(contains(hung.err, "timed out after 1.5 s"), hung.err);
  BOOST_TEST(took < 25s); // killed at its limit, not after its 30 s

  const auto crashed =
      planet.command({"check", "localhost", "check-fixture", "crash"}, 60s);
  BOOST_TEST(crashed.exit_code() == 5, crashed.out << crashed.err);
  BOOST_TEST(contains(crashed.err, "crashed: killed by signal 11"), crashed.err);

  // The worker is still there, runs checks, and its jobs never stopped.
  const auto echo = planet.command(
      {"check", "localhost", "check-fixture", "echo", "one", "two words"}, 60s);
  BOOST_TEST(echo.exit_code() == 0, echo.out << echo.err);
  BOOST_TEST(contains(echo.out, "2 arguments"), echo.out);
  BOOST_TEST(contains(echo.out, "two words"), echo.out);
  BOOST_TEST(pids(planet) == before);
  const auto workers = planet.command({"workers", "--json"});
  BOOST_TEST(contains(workers.out, "\"connected\":true"), workers.out);
  // And it still starts and stops them.
  BOOST_TEST(planet.command({"stop", "/default/http"}).exit_code() == 0);
  BOOST_TEST(poll_until(
      [&] { return planet.component("/default/http").mood == "sleeping"; }, 30s, 200ms));
  BOOST_TEST(planet.command({"start", "/default/http"}).exit_code() == 0);
  BOOST_TEST(poll_until([&] { return planet.component("/default/http").mood == "happy"; },
                        30s, 200ms),
             FLU_LATER(planet.logs()));
}

BOOST_AUTO_TEST_CASE(an_element_that_does_not_exist_is_said_so) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  const auto absent = planet.command(
      {"check", "localhost", "pipeline-producer", "element", "flunosuchelement"}, 60s);
  BOOST_TEST(absent.exit_code() == 0, absent.out << absent.err);
  BOOST_TEST(contains(absent.out, "flunosuchelement is not present"), absent.out);
  BOOST_TEST(contains(absent.out, "no such element"), absent.out);

  const auto both = planet.command({"check", "--json", "localhost", "pipeline-producer",
                                    "element", "videotestsrc", "flunosuchelement"},
                                   60s);
  BOOST_TEST(both.exit_code() == 0, both.err);
  BOOST_TEST(contains(both.out, "{\"element\":\"videotestsrc\",\"present\":\"yes\","
                                "\"plugin\":\"videotestsrc\""),
             both.out);
  BOOST_TEST(contains(both.out, "{\"element\":\"flunosuchelement\",\"present\":\"no\""),
             both.out);
}

BOOST_AUTO_TEST_CASE(unknown_check_type_or_worker_are_clear_errors) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  const auto check = planet.command({"check", "localhost", "loop-producer", "nope"}, 60s);
  BOOST_TEST(check.exit_code() == 5, check.out << check.err);
  BOOST_TEST(contains(check.err, "type loop-producer has no check 'nope' (its checks: "
                                 "files)"),
             check.err);

  const auto type = planet.command({"check", "localhost", "no-such-type", "files"});
  BOOST_TEST(type.exit_code() == 3, type.err);
  BOOST_TEST(contains(type.err, "no component type no-such-type"), type.err);

  const auto worker = planet.command({"check", "elsewhere", "loop-producer", "files"});
  BOOST_TEST(worker.exit_code() == 3, worker.err);
  BOOST_TEST(contains(worker.err, "no worker elsewhere"), worker.err);

  const auto missing = planet.command(
      {"check", "localhost", "loop-producer", "files", "/nonexistent/flu-media"}, 60s);
  BOOST_TEST(missing.exit_code() == 5, missing.err);
  BOOST_TEST(contains(missing.err, "'/nonexistent/flu-media' is not a directory"),
             missing.err);

  const auto usage = planet.command({"check", "localhost", "loop-producer"});
  BOOST_TEST(usage.exit_code() == 2, usage.err);
  BOOST_TEST(contains(usage.err, "check WORKER TYPE CHECK [ARG...]"), usage.err);
  const auto limit = planet.command(
      {"check", "--limit-ms", "50", "localhost", "loop-producer", "files", "/"});
  BOOST_TEST(limit.exit_code() == 2, limit.err);
}

// A device producer's check: the sources of a real PulseAudio server of the
// test's own, found by GStreamer's device monitor in the check's process
// (the worker, and so the check, inherit PULSE_SERVER from the test).
BOOST_AUTO_TEST_CASE(a_sound_server_s_sources_are_listed) {
  flu::test::PulseServer pulse;
  setenv("PULSE_SERVER", pulse.address().c_str(), 1);
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  const auto sources = pulse.pactl({"list", "short", "sources"});
  BOOST_TEST_REQUIRE(contains(sources.out, "flu-null.monitor"), sources.out);

  const auto r = planet.command(
      {"check", "--json", "localhost", "soundcard-producer", "devices"}, 60s);
  unsetenv("PULSE_SERVER");
  BOOST_TEST_REQUIRE(r.exit_code() == 0, r.out << r.err << FLU_LATER(planet.logs()));
  BOOST_TEST(contains(r.out, "\"element\":\"pulsesrc\",\"device\":\"flu-null.monitor\""),
             r.out);
  BOOST_TEST(contains(r.out, "Audio/Source device"), r.out);
}
