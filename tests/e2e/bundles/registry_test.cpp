// The manager learns component types from its bundle repository only: what
// a planet may use, which versions it accepts, and the code of the
// manager's own bouncer. Real managers, started without any module path.
#include <boost/test/unit_test.hpp>

#include "flow_fixture.hpp"

#include "keycard/keycard.hpp"

#include <sys/stat.h>

#include <algorithm>

using namespace flu::test;
namespace fs = std::filesystem;

// Named, and holding the cases too: in a unity batch its helpers must not
// meet bundles_test.cpp's of the same name.
namespace registry_test {

const fs::path source_dir = FLU_SOURCE_DIR, build_dir = FLU_BINARY_DIR;

bool has(const std::string &text, const std::string &what) {
  return text.find(what) != std::string::npos;
}

std::string example(const std::string &name) {
  return read_text(source_dir / "examples/planets" / name);
}

// `xml` with `from` (which must be there) replaced by `to`.
std::string edited(std::string xml, const std::string &from, const std::string &to) {
  const auto at = xml.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, from);
  return xml.replace(at, from.size(), to);
}

// The default planet with a version range on its http-streamer.
std::string streamer_in(const std::string &range) {
  return edited(example("default.xml"), R"(type="http-streamer")",
                R"(type="http-streamer" version=")" + range + "\"");
}

int line_of(const std::string &xml, const std::string &what) {
  const auto at = xml.find(what);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, what);
  return 1 + static_cast<int>(std::count(xml.begin(), xml.begin() + at, '\n'));
}

// flu-manager --check of `xml` saved as `name`, with its own key dir.
RunResult check(const TempDir &dir, const std::string &name, const std::string &xml) {
  const fs::path file = dir.file(name);
  std::ofstream(file) << xml;
  return run({FLU_MANAGER, file.string(), "--check"}, 60s,
             {{"FLU_MANAGER_DIR", dir.file("manager-" + name).string()}});
}

// A bundle providing a type the build has none of, "probe-producer": the
// videotest-producer module under another name. The manager never loads
// it, so nothing here runs.
fs::path probe_bundle(const TempDir &dir) {
  const fs::path from = build_dir / "lib/flu/modules/videotest-producer";
  const fs::path module = dir.file("probe") / "modules/probe-producer";
  fs::create_directories(module);
  fs::copy_file(from / "libflu-videotest-producer.so",
                module / "libflu-videotest-producer.so");
  std::string manifest = read_text(from / "module.xml");
  manifest = edited(manifest, R"(id="videotest-producer")", R"(id="probe-producer")");
  manifest = edited(manifest, R"(type="videotest-producer")", R"(type="probe-producer")");
  std::ofstream(module / "module.xml") << manifest;
  const fs::path out = dir.file("probe-producer-1.0.0.flub");
  const auto r =
      run({FLU_BUNDLE, "create", "--from", dir.file("probe").string(), "--name",
           "probe-producer", "--version", "1.0.0", "--key",
           (build_dir / "release-keys/flu-dev.key").string(), "--output", out.string()},
          60s);
  BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
  return out;
}

// The build's http-streamer as bundle `version`, signed with `key`.
fs::path streamer_bundle(const fs::path &dir, const std::string &version,
                         const fs::path &key = build_dir / "release-keys/flu-dev.key") {
  const fs::path out = dir / ("http-streamer-" + version + ".flub");
  const auto r = run({FLU_BUNDLE, "create", "--recipe",
                      (source_dir / "bundles/http-streamer.xml").string(), "--module-dir",
                      (build_dir / "lib/flu/modules").string(), "--version", version,
                      "--key", key.string(), "--output", out.string()},
                     60s);
  BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
  return out;
}

// The version `id` runs, once it is happy on a pid other than `old_pid`.
std::string running_version(RunningPlanet &planet, const std::string &id, int old_pid) {
  std::string version;
  poll_until(
      [&] {
        const ComponentRow row = planet.component(id);
        if (row.mood != "happy" || row.pid == 0 || row.pid == old_pid)
          return false;
        const auto status = planet.command({"status", id}).out;
        const auto at = status.find("  version   ");
        version = at == std::string::npos
                      ? ""
                      : status.substr(at + 12, status.find('\n', at) - at - 12);
        return true;
      },
      60s, 200ms);
  return version;
}

BOOST_AUTO_TEST_CASE(the_example_planets_check_against_the_builds_bundles) {
  TempDir dir("flu-check");
  for (const char *name : {"default.xml", "ogg.xml", "two-workers.xml", "guarded.xml"}) {
    const auto r = check(dir, name, example(name));
    BOOST_TEST(r.exit_code() == 0, name << ": " << r.err);
    BOOST_TEST(has(r.out, name + std::string(": ok")), r.out);
  }
  // clock-overlay is built out of tree: until its bundle is given to the
  // manager, no bundle provides it.
  const std::string xml = example("example-module.xml");
  const auto r = check(dir, "example-module.xml", xml);
  BOOST_TEST(r.exit_code() == 1);
  BOOST_TEST(has(r.err, "example-module.xml:" +
                            std::to_string(line_of(xml, R"(<component name="clock")")) +
                            ": component 'clock': unknown component type "
                            "'clock-overlay': no bundle provides it"),
             r.err);
}

BOOST_AUTO_TEST_CASE(a_bad_version_range_refuses_the_planet_at_its_line) {
  TempDir dir("flu-check");
  const std::string malformed = streamer_in("^1.x.2");
  const std::string line =
      std::to_string(line_of(malformed, R"(<component name="http")"));
  auto r = check(dir, "malformed.xml", malformed);
  BOOST_TEST(r.exit_code() == 1);
  BOOST_TEST(has(r.err, "malformed.xml:" + line +
                            ": component 'http': 'version' is not a version range"),
             r.err);
  // Well formed, but no bundle in the repository satisfies it.
  r = check(dir, "unsatisfiable.xml", streamer_in("^2"));
  BOOST_TEST(r.exit_code() == 1);
  BOOST_TEST(has(r.err, "unsatisfiable.xml:" + line + ": component 'http': version ^2: "),
             r.err);
  BOOST_TEST(has(r.err, "http-streamer"), r.err);

  // Loaded into a running planet: refused, and nothing changes.
  RunningPlanet planet("default.xml");
  const std::string before = planet.command({"export"}).out;
  BOOST_TEST_REQUIRE(has(before, "<flow name=\"default\">"), before << planet.logs());
  const std::string flow = R"(<planet><flow name="more">
<component name="src" type="videotest-producer" worker="localhost"/>
<component name="web" type="http-streamer" worker="localhost" version="RANGE">
  <eater name="default"><feed>src</feed></eater>
</component></flow></planet>)";
  for (const auto &[range, wording] :
       {std::pair{"&gt;=1.0 ||", "component 'web': 'version' is not a version range"},
        std::pair{"~0.9", "component 'web': version ~0.9: "}}) {
    const fs::path file = planet.dir().file("more.xml");
    std::ofstream(file) << edited(flow, "RANGE", range);
    r = planet.command({"load", file.string()});
    BOOST_TEST(r.exit_code() == 5, range << ": " << r.out);
    BOOST_TEST(has(r.err, file.string() + ":3: " + wording), r.err);
  }
  BOOST_TEST(planet.command({"export"}).out == before);
}

BOOST_AUTO_TEST_CASE(a_pinned_range_goes_with_the_component) {
  RunningPlanet planet("pinned.xml", streamer_in("^1.0"),
                       {"--local-worker", "localhost", "--local-feed-port", "0"});
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", 60s), FLU_LATER(planet.logs()));
  auto r = planet.command({"status", "/default/http"});
  BOOST_TEST(r.exit_code() == 0, r.err);
  BOOST_TEST(has(r.out, "  range     ^1.0\n"), r.out);
  BOOST_TEST(has(r.out, "  version   http-streamer 1.0.0\n"), r.out);
  r = planet.command({"status", "/default/http", "--json"});
  BOOST_TEST(has(r.out, R"("version_range":"^1.0")"), r.out);
  r = planet.command({"status", "/default/video", "--json"});
  BOOST_TEST(has(r.out, R"("version_range":null)"), r.out);
  BOOST_TEST(has(planet.command({"export"}).out, R"(version="^1.0")"));

  // The worker resolves what the JobConfig asks for: with 2.0.0 published,
  // a restart and an upgrade without a version stay within ^1.0; only an
  // upgrade naming 2.0.0 leaves it.
  r = run({FLU_BUNDLE, "publish", streamer_bundle(planet.dir().path(), "2.0.0").string(),
           "--manager", planet.manager_address()},
          60s, planet.env());
  BOOST_TEST_REQUIRE(r.exited_ok(), r.out << r.err);
  int pid = planet.component("/default/http").pid;
  r = planet.command({"restart", "/default/http"});
  BOOST_TEST_REQUIRE(r.exit_code() == 0, r.err);
  BOOST_TEST(running_version(planet, "/default/http", pid) == "http-streamer 1.0.0",
             FLU_LATER(planet.logs()));
  pid = planet.component("/default/http").pid;
  r = planet.command({"upgrade", "/default/http"}, 90s);
  BOOST_TEST_REQUIRE(r.exit_code() == 0, r.out << r.err << planet.logs());
  BOOST_TEST(running_version(planet, "/default/http", pid) == "http-streamer 1.0.0");
  pid = planet.component("/default/http").pid;
  r = planet.command({"upgrade", "/default/http", "2.0.0"}, 90s);
  BOOST_TEST_REQUIRE(r.exit_code() == 0, r.out << r.err << planet.logs());
  BOOST_TEST(running_version(planet, "/default/http", pid) == "http-streamer 2.0.0");
}

// A bundle signed by a key only the manager's trust store holds runs on the
// manager's local worker: the manager hands it its trusted key folders.
BOOST_AUTO_TEST_CASE(the_local_worker_trusts_the_managers_keys) {
  TempDir dir("flu-stranger");
  auto r =
      run({FLU_BUNDLE, "keygen", "stranger", "--key-dir", dir.file("keys").string()});
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
  fs::create_directories(dir.file("trusted"));
  fs::copy_file(dir.file("keys") / "stranger.pub", dir.file("trusted") / "stranger.pub");
  fs::create_directories(dir.file("bundles"));
  streamer_bundle(dir.file("bundles"), "1.1.0", dir.file("keys") / "stranger.key");
  RunningPlanet planet("stranger.xml", streamer_in("=1.1.0"),
                       {"--local-worker", "localhost", "--local-feed-port", "0",
                        "--trusted-keys", dir.file("trusted").string(), "--trusted-keys",
                        (build_dir / "share/flu/trusted-keys").string(), "--bundle-dir",
                        (build_dir / "share/flu/bundles").string(), "--bundle-dir",
                        dir.file("bundles").string()});
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", 60s), FLU_LATER(planet.logs()));
  r = planet.command({"status", "/default/http"});
  BOOST_TEST(has(r.out, "  version   http-streamer 1.1.0\n"), r.out);
}

BOOST_AUTO_TEST_CASE(a_type_published_later_becomes_loadable) {
  RunningPlanet planet("default.xml");
  const fs::path flow = planet.dir().file("probe.xml");
  std::ofstream(flow) << R"(<planet><flow name="probe">
<component name="p" type="probe-producer" worker="elsewhere"/>
</flow></planet>)";
  auto r = planet.command({"load", flow.string()});
  BOOST_TEST_REQUIRE(r.exit_code() == 5, r.out << planet.logs());
  BOOST_TEST(has(r.err, flow.string() + ":2: component 'p': unknown component type "
                                        "'probe-producer': no bundle provides it"),
             r.err);

  r = run({FLU_BUNDLE, "publish", probe_bundle(planet.dir()).string(), "--manager",
           planet.manager_address()},
          60s, planet.env());
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
  r = planet.command({"load", flow.string()});
  BOOST_TEST(r.exit_code() == 0, r.err << planet.logs());
  const ComponentRow probe = planet.component("/probe/p");
  BOOST_TEST(probe.type == "probe-producer");
  BOOST_TEST(probe.mood == "sleeping"); // its worker never comes
}

BOOST_AUTO_TEST_CASE(the_managers_bouncer_runs_from_its_unpacked_bundle) {
  const std::string xml = edited(example("default.xml"), "<planet name=\"default\">",
                                 R"(<planet name="default"><manager>
  <component name="admins" type="htpasswd-bouncer" version="^1">
    <property name="data">alice:)" + flu::keycard::make_crypt_hash("wonderland") +
                                     R"(</property>
  </component></manager>)");
  RunningPlanet planet("guarded.xml", xml, {});
  const fs::path password = planet.dir().file("password");
  std::ofstream(password) << "wonderland\n";
  ::chmod(password.c_str(), 0600);
  const auto r = planet.command(
      {"--username", "alice", "--password-file", password.string(), "list"});
  BOOST_TEST(r.exit_code() == 0, r.out << r.err << planet.logs());

  // The library the manager mapped is the one in its cache, under the
  // content address of the bundle its repository holds.
  const std::string maps =
      read_text("/proc/" + std::to_string(planet.manager().pid()) + "/maps");
  const std::string cache = (planet.manager_dir() / "cache").string() + "/";
  const auto at = maps.find(cache);
  BOOST_TEST_REQUIRE(at != std::string::npos, maps);
  const std::string sha = maps.substr(at + cache.size(), 64);
  BOOST_TEST(
      has(maps, cache + sha + "/modules/htpasswd-bouncer/libflu-htpasswd-bouncer.so"),
      maps);
  BOOST_TEST(fs::exists(planet.manager_dir() / "repository" / (sha + ".flub")));
  BOOST_TEST(!has(maps, "lib/flu/modules/htpasswd-bouncer"), maps);
}

} // namespace registry_test
