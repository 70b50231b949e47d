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
