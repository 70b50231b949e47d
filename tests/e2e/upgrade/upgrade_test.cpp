// Hot upgrade end to end (docs/hot-upgrade.md): the default planet with 200
// viewers on its http-streamer; a release engineer publishes http-streamer
// 1.1.0 (flu-bundle), an operator upgrades to it (`flu-command upgrade`),
// then rolls back to 1.0.0. No viewer is dropped, every one keeps
// receiving, the pid changes, the counters carry over, the status shows the
// version, a viewer's saved stream decodes across both upgrade points, and
// a new viewer gets the stream.
#define BOOST_TEST_MODULE upgrade
#include "../../modules/http-streamer/http_client.hpp"
#include "flow_fixture.hpp"

#include <csignal>
#include <unistd.h>

using namespace flu::test;

namespace {

constexpr unsigned kViewers = 200;
const std::string default_streamer = "/default/http";

struct Figures {
  unsigned connected = 0, disconnected = 0;
  long longest_gap_ms = 0;
  std::vector<unsigned long long> bytes;
};

// flu-viewers' --status file.
Figures read_figures(const std::filesystem::path &file) {
  Figures f;
  std::istringstream in(read_text(file));
  for (std::string key; in >> key;) {
    if (key == "connected")
      in >> f.connected;
    else if (key == "disconnected")
      in >> f.disconnected;
    else if (key == "longest-gap-ms")
      in >> f.longest_gap_ms;
    else if (key == "bytes") {
      std::string rest;
      std::getline(in, rest);
      std::istringstream numbers(rest);
      for (unsigned long long b; numbers >> b;)
        f.bytes.push_back(b);
    } else {
      std::string ignored;
      in >> ignored;
    }
  }
  return f;
}

bool every_viewer_grew(const Figures &now, const Figures &then) {
  if (now.bytes.size() != then.bytes.size() || now.bytes.empty())
    return false;
  for (size_t i = 0; i < now.bytes.size(); ++i)
    if (now.bytes[i] <= then.bytes[i])
      return false;
  return true;
}

// One UI state entry of `status STREAMER`, or -1.
long long ui_number(RunningPlanet &planet, const std::string &streamer,
                    const std::string &key) {
  const auto r = planet.command({"status", streamer});
  const std::regex entry("\\n\\s+" + key + "\\s+(\\d+)\\n");
  std::smatch m;
  return std::regex_search(r.out, m, entry) ? std::stoll(m[1]) : -1;
}

std::string status_text(RunningPlanet &planet, const std::string &streamer) {
  return planet.command({"status", streamer}).out;
}

// What a release engineer does: the build's http-streamer as `version`,
// signed with the development key, published to the running manager.
void publish_streamer(RunningPlanet &planet, const std::string &version) {
  const std::filesystem::path build = FLU_BINARY_DIR;
  const auto file = planet.dir().file("http-streamer-" + version + ".flub");
  auto r =
      run({FLU_BUNDLE, "create", "--recipe",
           std::string(FLU_SOURCE_DIR) + "/bundles/http-streamer.xml", "--module-dir",
           (build / "lib/flu/modules").string(), "--version", version, "--key",
           (build / "release-keys/flu-dev.key").string(), "--output", file.string()},
          60s);
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
  r = run({FLU_BUNDLE, "publish", file.string(), "--manager", planet.manager_address()},
          60s, planet.env());
  BOOST_TEST_REQUIRE(r.exited_ok(), r.out << r.err);
}

// Runs one upgrade of `streamer`, which holds `held` of the `total` viewers
// connected, and checks what must hold right after it.
void upgrade_keeps_viewers(RunningPlanet &planet, const std::filesystem::path &status,
                           const std::vector<std::string> &version,
                           const std::string &expected,
                           const std::string &streamer = default_streamer,
                           unsigned held = kViewers, unsigned total = kViewers) {
  const int old_pid = planet.component(streamer).pid;
  BOOST_TEST_REQUIRE(old_pid > 0);
  long long sent_before = -1;
  BOOST_TEST_REQUIRE(poll_until(
      [&] { return (sent_before = ui_number(planet, streamer, "bytes-sent")) > 0; }, 10s,
      200ms));
  std::vector<std::string> args{"upgrade", streamer};
  args.insert(args.end(), version.begin(), version.end());
  const auto r = planet.command(args, 70s);
  BOOST_TEST_REQUIRE(r.exit_code() == 0, r.out << r.err << planet.logs());
  BOOST_TEST(r.out.find("upgraded " + streamer) != std::string::npos, r.out);

  const Figures after = read_figures(status);
  BOOST_TEST(after.disconnected == 0u);
  // Every viewer goes on receiving from the new process.
  Figures later;
  BOOST_TEST(poll_until(
                 [&] {
                   later = read_figures(status);
                   return every_viewer_grew(later, after);
                 },
                 15s, 100ms),
             FLU_LATER(planet.logs()));
  BOOST_TEST(later.disconnected == 0u);
  BOOST_TEST(later.connected == total);

  const ComponentRow row = planet.component(streamer);
  BOOST_TEST(row.pid != old_pid);
  BOOST_TEST(row.pid > 0);
  BOOST_TEST(row.mood == "happy");
  const std::string text = status_text(planet, streamer);
  BOOST_TEST(text.find("version   " + expected + "\n") != std::string::npos, text);
  // The counters went on from where the old process was.
  long long sent_after = -1;
  BOOST_TEST(poll_until(
                 [&] {
                   return (sent_after = ui_number(planet, streamer, "bytes-sent")) >
                          sent_before;
                 },
                 10s, 200ms),
             "bytes-sent " << sent_after << " after, " << sent_before << " before");
  BOOST_TEST(ui_number(planet, streamer, "viewers-peak") >= static_cast<long long>(held));
  BOOST_TEST(ui_number(planet, streamer, "viewers-lost-in-handover") == 0);
}

} // namespace

BOOST_AUTO_TEST_CASE(viewers_stay_through_two_upgrades) {
  RunningPlanet planet("default.xml",
                       {"--local-worker", "localhost", "--local-feed-port", "0"});
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", 60s), FLU_LATER(planet.logs()));
  BOOST_TEST(planet.command({"upgrade", "/default/nothing"}).exit_code() == 3);

  const auto status = planet.dir().file("viewers.status");
  const auto saved = planet.dir().file("viewer.webm");
  Process viewers(
      {FLU_VIEWERS, std::to_string(planet.http_port()), "/live.webm", "--viewers",
       std::to_string(kViewers), "--save", saved.string(), "--status", status.string()},
      {planet.dir().file("viewers.out"), planet.dir().file("viewers.err"), {}, true});
  Figures before;
  BOOST_TEST_REQUIRE(poll_until(
      [&] {
        before = read_figures(status);
        return before.bytes.size() == kViewers &&
               std::all_of(before.bytes.begin(), before.bytes.end(),
                           [](auto b) { return b > 0; });
      },
      20s, 100ms));

  BOOST_TEST(
      status_text(planet, default_streamer).find("version   http-streamer 1.0.0\n") !=
      std::string::npos);
  publish_streamer(planet, "1.1.0");
  upgrade_keeps_viewers(planet, status, {}, "http-streamer 1.1.0");        // the highest
  upgrade_keeps_viewers(planet, status, {"1.0.0"}, "http-streamer 1.0.0"); // rollback

  // A viewer that comes after the upgrades gets the stream.
  const auto fresh = planet.fetch("/live.webm", 3);
  BOOST_TEST(std::filesystem::file_size(fresh) > 1000u);
  BOOST_TEST(
      run({"/usr/bin/gst-launch-1.0", "-q", "filesrc", "location=" + fresh.string(), "!",
           "matroskademux", "!", "vp8dec", "!", "fakesink"},
          30s)
          .exited_ok());

  viewers.signal(SIGTERM);
  BOOST_TEST_REQUIRE(viewers.wait_for(10s).has_value());
  const Figures last = read_figures(status);
  BOOST_TEST(last.disconnected == 0u);
  BOOST_TEST_MESSAGE("longest gap any viewer saw: " << last.longest_gap_ms << " ms");

  // The first viewer's bytes, through both upgrade points, decode cleanly.
  const auto decode =
      run({"/usr/bin/gst-launch-1.0", "filesrc", "location=" + saved.string(), "!",
           "matroskademux", "!", "vp8dec", "!", "fakesink"},
          60s);
  BOOST_TEST(decode.exited_ok(), decode.out << decode.err);
  BOOST_TEST(decode.err.find("ERROR") == std::string::npos, decode.err);
  if (std::filesystem::exists("/usr/bin/ffprobe")) {
    const auto probe = run({"/usr/bin/ffprobe", "-v", "error", saved.string()}, 30s);
    BOOST_TEST(probe.exited_ok(), probe.err);
    BOOST_TEST(probe.err.empty(), probe.err);
  }
}

// A producer has no handover: its upgrade is a restart, and said so.
BOOST_AUTO_TEST_CASE(a_type_without_handover_restarts) {
  RunningPlanet planet("default.xml",
                       {"--local-worker", "localhost", "--local-feed-port", "0"});
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", 60s), FLU_LATER(planet.logs()));
  const int old_pid = planet.component("/default/audio").pid;
  const auto r = planet.command({"upgrade", "/default/audio"}, 70s);
  BOOST_TEST_REQUIRE(r.exit_code() == 0, r.out << r.err << planet.logs());
  const ComponentRow row = planet.component("/default/audio");
  BOOST_TEST(row.pid != old_pid);
  BOOST_TEST(row.mood == "happy");
  bool said = false;
  for (const auto &note : row.notes)
    said = said || note.find("does not hand over") != std::string::npos;
  BOOST_TEST(said);
  // Every component is happy again: the encoder and the muxer got their feed back.
  BOOST_TEST(planet.all_in_mood("happy", 30s), FLU_LATER(planet.logs()));
}

// Behind a porter (examples/planets/porter.xml: two streamers of type slave
// share /live.webm): the upgraded streamer's new job logs in to the porter,
// the old one hands its viewers over and leaves; no viewer of either is
// dropped, and new viewers are served through the porter afterwards.
BOOST_AUTO_TEST_CASE(viewers_behind_a_porter_stay_through_an_upgrade) {
  constexpr unsigned kPorterViewers = 60;
  const std::string upgraded = "/default/http-1", other = "/default/http-2";
  TempDir sockets("flu-porter");
  const std::string socket = (sockets / "porter").string();
  RunningPlanet planet(
      "porter.xml",
      read_text(std::filesystem::path(FLU_SOURCE_DIR) / "examples/planets/porter.xml"),
      {"--local-worker", "localhost", "--local-feed-port", "0"},
      {{}, {{"/tmp/flu-porter-example", socket}}});
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", 60s), FLU_LATER(planet.logs()));

  const auto status = planet.dir().file("viewers.status");
  Process viewers(
      {FLU_VIEWERS, std::to_string(planet.http_port()), "/live.webm", "--viewers",
       std::to_string(kPorterViewers), "--status", status.string()},
      {planet.dir().file("viewers.out"), planet.dir().file("viewers.err"), {}, true});
  // Every viewer receives, and the porter gave each streamer its share.
  long long on_upgraded = -1, on_other = -1;
  BOOST_TEST_REQUIRE(poll_until(
                         [&] {
                           const Figures f = read_figures(status);
                           on_upgraded = ui_number(planet, upgraded, "viewers");
                           on_other = ui_number(planet, other, "viewers");
                           return f.bytes.size() == kPorterViewers &&
                                  std::all_of(f.bytes.begin(), f.bytes.end(),
                                              [](auto b) { return b > 0; }) &&
                                  on_upgraded + on_other == kPorterViewers;
                         },
                         30s, 200ms),
                     "viewers " << on_upgraded << " + " << on_other
                                << FLU_LATER(planet.logs()));
  BOOST_TEST_REQUIRE(on_upgraded > 0);
  BOOST_TEST_REQUIRE(on_other > 0);

  publish_streamer(planet, "1.1.0");
  upgrade_keeps_viewers(planet, status, {}, "http-streamer 1.1.0", upgraded,
                        static_cast<unsigned>(on_upgraded), kPorterViewers);
  BOOST_TEST(ui_number(planet, other, "viewers") == on_other);

  // New viewers still come through the one port after the upgrade.
  const auto fresh = planet.fetch("/live.webm", 3);
  BOOST_TEST(std::filesystem::file_size(fresh) > 1000u);
  viewers.signal(SIGTERM);
  BOOST_TEST_REQUIRE(viewers.wait_for(10s).has_value());
  BOOST_TEST(read_figures(status).disconnected == 0u);
}

namespace {

// An origin streamer that takes one viewer and sends the others to the
// least-loaded of two edges on workers of their own (tests/e2e/edges).
std::string balancing_planet() {
  auto streamer = [](const std::string &name, const std::string &worker,
                     const std::string &port, const std::string &limit,
                     const std::string &extra) {
    return "    <component name=\"" + name + "\" type=\"http-streamer\" worker=\"" +
           worker + "\">\n" +
           "      <eater name=\"default\"><feed>muxer</feed></eater>\n"
           "      <property name=\"port\">" +
           port +
           "</property>\n"
           "      <property name=\"hostname\">127.0.0.1</property>\n"
           "      <property name=\"mount-point\">/live.webm</property>\n"
           "      <property name=\"client-limit\">" +
           limit + "</property>\n" + extra + "    </component>\n";
  };
  return R"(<?xml version="1.0"?>
<planet name="balancing">
  <flow name="default">
    <component name="video" type="videotest-producer" worker="origin">
      <property name="width">160</property>
      <property name="height">120</property>
      <property name="framerate">15/1</property>
    </component>
    <component name="encoder" type="vp8-encoder" worker="origin">
      <eater name="default"><feed>video</feed></eater>
      <property name="keyframe-distance">15</property>
    </component>
    <component name="muxer" type="webm-muxer" worker="origin">
      <eater name="default"><feed>encoder</feed></eater>
    </component>
)" +
         streamer("origin", "origin", "@ORIGIN_PORT@", "1",
                  "      <property name=\"redirect-on-overflow\">/default/edge-1 "
                  "/default/edge-2</property>\n") +
         streamer("edge-1", "edge1", "@EDGE1_PORT@", "100", "") +
         streamer("edge-2", "edge2", "@EDGE2_PORT@", "100", "") +
         "  </flow>\n</planet>\n";
}

// Where the origin sends a new viewer: the Location's port, or the status
// when it is no redirect.
std::string redirect_port(int origin_port) {
  const auto r = flu::modules::test::exchange(
      origin_port, flu::modules::test::get_request("/live.webm"));
  if (r.status != 302)
    return std::to_string(r.status);
  const std::string location = r.header("location");
  const auto colon = location.rfind(':');
  const auto slash = location.find('/', colon);
  return "port " + location.substr(colon + 1, slash - colon - 1);
}

// A viewer that stays, once the response has begun.
std::unique_ptr<flu::modules::test::Connection> staying_viewer(int port) {
  auto c = std::make_unique<flu::modules::test::Connection>(port);
  c->send_all(flu::modules::test::get_request("/live.webm"));
  BOOST_TEST(flu::modules::test::parse_response(c->read_some()).status == 200);
  return c;
}

bool ui_reads(RunningPlanet &p, const std::string &id, const std::string &key,
              const std::string &value) {
  return p.command({"status", id, "--json"})
             .out.find("\"" + key + "\":[\"" + value + "\"]") != std::string::npos;
}

} // namespace

// A full origin redirects to the least-loaded edge (redirect-on-overflow,
// docs/archive.md "Load balancing"), and is hot upgraded. The new job knows
// the edges' load from its first viewer on: the worker gives it the records
// its predecessor watched when it starts, and what it asks itself during the
// handover is heard. Without that, the first viewers after the upgrade got a
// 503 ("its state is not known") until each edge's figures next changed.
BOOST_AUTO_TEST_CASE(a_balancing_origin_redirects_right_after_an_upgrade) {
  const int origin_port = free_tcp_port();
  const int edge1_port = free_tcp_port();
  const int edge2_port = free_tcp_port();
  const std::string to_edge1 = "port " + std::to_string(edge1_port);
  const std::string to_edge2 = "port " + std::to_string(edge2_port);
  RunningPlanet p("balancing.xml", balancing_planet(), {},
                  {.launcher = {},
                   .substitutions = {{"@ORIGIN_PORT@", std::to_string(origin_port)},
                                     {"@EDGE1_PORT@", std::to_string(edge1_port)},
                                     {"@EDGE2_PORT@", std::to_string(edge2_port)}}});
  p.start_worker("origin");
  p.start_worker("edge1");
  p.start_worker("edge2");
  BOOST_TEST_REQUIRE(p.all_in_mood("happy", 60s), FLU_LATER(p.logs()));

  // The origin is full; edge 1 holds two viewers of its own, edge 2 none.
  const auto held = staying_viewer(origin_port);
  std::vector<std::unique_ptr<flu::modules::test::Connection>> on_edge1;
  on_edge1.push_back(staying_viewer(edge1_port));
  on_edge1.push_back(staying_viewer(edge1_port));
  BOOST_TEST_REQUIRE(
      poll_until([&] { return ui_reads(p, "/default/edge-1", "viewers", "2"); }, 15s,
                 100ms),
      FLU_LATER(p.logs()));
  BOOST_TEST_REQUIRE(
      poll_until([&] { return ui_reads(p, "/default/origin", "viewers", "1"); }, 15s,
                 100ms),
      FLU_LATER(p.logs()));
  // The old job sends the next viewer to edge 2 (once it has heard both).
  std::string before;
  BOOST_TEST_REQUIRE(
      poll_until([&] { return (before = redirect_port(origin_port)) == to_edge2; }, 15s,
                 200ms),
      "sent to " << before << FLU_LATER(p.worker("origin").err()));

  publish_streamer(p, "1.1.0");
  const int old_pid = p.component("/default/origin").pid;
  const auto r = p.command({"upgrade", "/default/origin"}, 70s);
  BOOST_TEST_REQUIRE(r.exit_code() == 0, r.out << r.err << p.logs());
  // At once, not after the edges' next figures: the new job sends the next
  // viewers to the emptier edge (two in a row: 0 and then 1 of 100 is still
  // below edge 1's 2).
  const std::string first = redirect_port(origin_port);
  const std::string second = redirect_port(origin_port);
  BOOST_TEST(first == to_edge2, "sent to " << first << " after the upgrade\n"
                                           << FLU_LATER(p.worker("origin").err()));
  BOOST_TEST(second == to_edge2);
  BOOST_TEST(p.component("/default/origin").pid != old_pid);
  // The handed-over viewer still counts: the origin is full.
  BOOST_TEST(poll_until([&] { return ui_reads(p, "/default/origin", "viewers", "1"); },
                        10s, 100ms));
}
