#define BOOST_TEST_MODULE e2e bundles
#include <boost/test/unit_test.hpp>

#include "flow_fixture.hpp"

using namespace flu::test;
namespace fs = std::filesystem;

namespace {

const fs::path build_dir = FLU_BINARY_DIR;

struct Manager {
  RunningPlanet planet{"default.xml"};

  RunResult tool(std::vector<std::string> args) {
    std::vector<std::string> argv{FLU_BUNDLE};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--manager", planet.manager_address()});
    return run(argv, 60s, planet.env());
  }

  // http-streamer at `version`, made from the build's recipe.
  fs::path streamer(const std::string &version, bool signed_ = true) {
    const fs::path out = planet.dir().file("http-streamer-" + version + ".flub");
    std::vector<std::string> argv{
        FLU_BUNDLE,     "create",
        "--recipe",     std::string(FLU_SOURCE_DIR) + "/bundles/http-streamer.xml",
        "--module-dir", (build_dir / "lib/flu/modules").string(),
        "--version",    version,
        "--output",     out.string()};
    if (signed_)
      argv.insert(argv.end(),
                  {"--key", (build_dir / "release-keys/flu-dev.key").string()});
    const auto r = run(argv, 60s);
    BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
    return out;
  }
};

bool has(const std::string &text, const std::string &what) {
  return text.find(what) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_manager_holds_the_builds_bundles) {
  Manager m;
  const auto r = m.tool({"list", "--json"});
  BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
  BOOST_TEST(has(r.out, R"("name":"http-streamer","version":"1.0.0")"), r.out);
  BOOST_TEST(has(r.out, R"("name":"flu-base")"));
  BOOST_TEST(has(r.out, R"("signer":"flu-dev)"));
  // Kept content-addressed in the manager's directory.
  int files = 0;
  for (const auto &f : fs::directory_iterator(m.planet.manager_dir() / "repository"))
    files += f.path().extension() == ".flub" && f.path().stem().string().size() == 64;
  BOOST_TEST(files >= 15);
}

BOOST_AUTO_TEST_CASE(publish_a_new_version_then_resolve_picks_it) {
  Manager m;
  auto r = m.tool({"publish", m.streamer("1.1.0").string()});
  BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
  BOOST_TEST(has(r.out, "published http-streamer 1.1.0"), r.out);
  r = m.tool({"resolve", "http-streamer"});
  BOOST_TEST(has(r.out, "http-streamer 1.1.0"), r.out);
  BOOST_TEST(r.out.find("flu-base 1.0.0") < r.out.find("http-streamer 1.1.0"));
  r = m.tool({"resolve", "http-streamer", "--range", "=1.0.0"});
  BOOST_TEST(has(r.out, "http-streamer 1.0.0"), r.out);
  r = m.tool({"list"});
  BOOST_TEST((has(r.out, "http-streamer 1.0.0") && has(r.out, "http-streamer 1.1.0")),
             r.out);
  // Publishing the same file again is no error.
  r = m.tool({"publish", m.planet.dir().file("http-streamer-1.1.0.flub").string()});
  BOOST_TEST(r.exit_code() == 0);
  BOOST_TEST(has(r.out, "already published"), r.out);
}

BOOST_AUTO_TEST_CASE(refused_publications_change_nothing) {
  Manager m;
  const auto before = m.tool({"list"}).out;
  // Unsigned.
  auto r = m.tool({"publish", m.streamer("1.2.0", false).string()});
  BOOST_TEST(r.exit_code() == 5);
  BOOST_TEST(has(r.err, "not signed"), r.err);
  // Signed by a key the manager does not trust.
  TempDir keys("flu-keys");
  run({FLU_BUNDLE, "keygen", "stranger", "--key-dir", keys.path().string()});
  const fs::path mine = m.streamer("1.3.0");
  r = run(
      {FLU_BUNDLE, "sign", mine.string(), "--key", keys.file("stranger.key").string()});
  BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
  r = m.tool({"publish", mine.string()});
  BOOST_TEST(r.exit_code() == 5);
  BOOST_TEST(has(r.err, "not in the trust store"), r.err);
  // The version the manager holds, with other content.
  const fs::path changed = m.planet.dir().file("changed.flub");
  r = run({FLU_BUNDLE, "create", "--from", keys.path().string(), "--name",
           "http-streamer", "--version", "1.0.0", "--key",
           (build_dir / "release-keys/flu-dev.key").string(), "--output",
           changed.string()});
  BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
  r = m.tool({"publish", changed.string()});
  BOOST_TEST(r.exit_code() == 4);
  BOOST_TEST(has(r.err, "new version"), r.err);
  // Not a bundle at all.
  std::ofstream(m.planet.dir().file("junk.flub")) << "junk";
  r = m.tool({"publish", m.planet.dir().file("junk.flub").string()});
  BOOST_TEST(r.exit_code() == 5);
  BOOST_TEST(m.tool({"list"}).out == before);
}

// ---- the worker's cache ----

namespace {

const std::vector<std::string> default_types{"videotest-producer", "audiotest-producer",
                                             "vp8-encoder",        "opus-encoder",
                                             "webm-muxer",         "http-streamer"};

struct CacheFigures {
  long long fetched = -1, bytes = -1, hits = -1;
};

CacheFigures cache_figures(RunningPlanet &planet, const std::string &worker) {
  const auto r = planet.command({"--json", "workers"});
  CacheFigures f;
  const std::regex row("\"name\":\"" + worker +
                       "\".*?\"bundles_fetched\":(\\d+),\"bundle_bytes_fetched\":(\\d+),"
                       "\"bundle_cache_hits\":(\\d+)");
  std::smatch m;
  if (std::regex_search(r.out, m, row)) {
    f.fetched = std::stoll(m[1]);
    f.bytes = std::stoll(m[2]);
    f.hits = std::stoll(m[3]);
  }
  return f;
}

// What the default planet's types resolve to: content address → size.
std::map<std::string, long long> default_closure(Manager &m) {
  std::map<std::string, long long> closure;
  const std::regex ref("\"sha256\":\"([0-9a-f]{64})\",\"size\":(\\d+)");
  for (const auto &type : default_types) {
    const auto r = m.tool({"resolve", type, "--json"});
    BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
    for (std::sregex_iterator it(r.out.begin(), r.out.end(), ref), end; it != end; ++it)
      closure[(*it)[1]] = std::stoll((*it)[2]);
  }
  return closure;
}

long long since_ms(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now() - t)
      .count();
}

} // namespace

BOOST_AUTO_TEST_CASE(a_cold_start_fetches_the_closure_a_warm_one_nothing) {
  Manager m;
  const auto closure = default_closure(m);
  BOOST_TEST(closure.size() == default_types.size() + 1); // and flu-base
  long long closure_bytes = 0;
  for (const auto &[sha, size] : closure)
    closure_bytes += size;
  const fs::path cache = m.planet.dir().file("cache");

  auto t0 = std::chrono::steady_clock::now();
  m.planet.start_worker("localhost", {"--cache", cache.string()});
  BOOST_TEST_REQUIRE(m.planet.all_in_mood("happy", 60s), FLU_LATER(m.planet.logs()));
  const long long cold_ms = since_ms(t0);
  CacheFigures cold;
  BOOST_TEST(poll_until(
      [&] { return (cold = cache_figures(m.planet, "localhost")).fetched >= 7; }, 10s,
      100ms));
  BOOST_TEST(cold.fetched == static_cast<long long>(closure.size()));
  BOOST_TEST(cold.bytes == closure_bytes);
  for (const auto &[sha, size] : closure)
    BOOST_TEST(fs::is_regular_file(cache / sha / "flu-bundle.xml"), sha);
  // Each job runs on its bundle's module, which names the bundle's version.
  const auto status = m.planet.command({"status", "/default/http"}).out;
  BOOST_TEST(has(status, "version   http-streamer 1.0.0"), status);

  m.planet.worker("localhost").stop(10s);
  BOOST_TEST_REQUIRE(m.planet.all_in_mood("lost", 20s));
  t0 = std::chrono::steady_clock::now();
  m.planet.start_worker("localhost", {"--cache", cache.string()});
  BOOST_TEST_REQUIRE(m.planet.all_in_mood("happy", 60s), FLU_LATER(m.planet.logs()));
  const long long warm_ms = since_ms(t0);
  CacheFigures warm;
  BOOST_TEST(
      poll_until([&] { return (warm = cache_figures(m.planet, "localhost")).hits >= 7; },
                 10s, 100ms));
  BOOST_TEST(warm.fetched == 0);
  BOOST_TEST(warm.bytes == 0);
  BOOST_TEST_MESSAGE("cold start: " << cold.fetched << " bundles, " << cold.bytes
                                    << " bytes, all happy in " << cold_ms
                                    << " ms; warm start: " << warm.bytes
                                    << " bytes, all happy in " << warm_ms << " ms");
}

BOOST_AUTO_TEST_CASE(a_worker_refuses_bundles_its_own_trust_store_does_not_vouch_for) {
  Manager m;
  TempDir keys("flu-keys"); // holds no key at all
  m.planet.start_worker("localhost", {"--cache", m.planet.dir().file("cache").string(),
                                      "--trusted-keys", keys.path().string()});
  BOOST_TEST_REQUIRE(m.planet.all_in_mood("sad", 60s), FLU_LATER(m.planet.logs()));
  const auto row = m.planet.component("/default/video");
  bool said = false;
  for (const auto &note : row.notes)
    said = said || (has(note, "videotest-producer") && has(note, "trust"));
  BOOST_TEST(said, m.planet.command({"status", "/default/video"}).out);
  // Nothing was unpacked.
  int unpacked = 0;
  for (const auto &entry : fs::directory_iterator(m.planet.dir().file("cache")))
    unpacked += entry.path().filename().string().size() == 64;
  BOOST_TEST(unpacked == 0);
}

BOOST_AUTO_TEST_CASE(an_upgrade_to_an_unpublished_version_fails_naming_it) {
  Manager m;
  m.planet.start_worker("localhost", {"--cache", m.planet.dir().file("cache").string()});
  BOOST_TEST_REQUIRE(m.planet.all_in_mood("happy", 60s), FLU_LATER(m.planet.logs()));
  const int pid = m.planet.component("/default/http").pid;
  const auto r = m.planet.command({"upgrade", "/default/http", "9.9.9"}, 70s);
  BOOST_TEST(r.exit_code() == 5, r.out << r.err);
  BOOST_TEST((has(r.err + r.out, "http-streamer") && has(r.err + r.out, "=9.9.9")),
             r.out << r.err);
  // The running job carries on, untouched.
  const auto row = m.planet.component("/default/http");
  BOOST_TEST(row.pid == pid);
  BOOST_TEST(row.mood == "happy");
}

BOOST_AUTO_TEST_CASE(a_trusted_local_bundle_folder_stands_in_for_the_managers_bytes) {
  Manager m;
  m.planet.start_worker("localhost",
                        {"--cache", m.planet.dir().file("cache").string(), "--bundle-dir",
                         (build_dir / "share/flu/bundles").string()});
  BOOST_TEST_REQUIRE(m.planet.all_in_mood("happy", 60s), FLU_LATER(m.planet.logs()));
  CacheFigures f;
  BOOST_TEST(poll_until(
      [&] { return (f = cache_figures(m.planet, "localhost")).hits >= 7; }, 10s, 100ms));
  BOOST_TEST(f.fetched == 0);
  BOOST_TEST(f.bytes == 0);
  // The operator is told, loudly.
  BOOST_TEST(has(m.planet.worker("localhost").err(), "TRUSTED LOCAL BUNDLES"));
}
