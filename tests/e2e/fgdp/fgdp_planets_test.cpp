// Feeds between planets: an origin planet (test picture and tone, VP8,
// Opus, WebM, an fgdp-consumer listening, an http-streamer) and an edge
// planet (an fgdp-producer connecting to it, an http-streamer), each with
// its own manager and worker. The edge runs in a network namespace of its
// own, so the link between the planets can be cut and restored while both
// run. A viewer at each planet's streamer watches through the cut: the
// edge's packet times are the origin's, and its timeline goes on after it.
#define BOOST_TEST_MODULE fgdp_planets
#include "../flows/flow_fixture.hpp"
#include "../inputs/timeline.hpp"
#include "netns.hpp"
#include "wait.hpp"

#include <chrono>
#include <cmath>
#include <memory>

using namespace flu::test;

namespace {

std::string origin_planet() {
  return R"(<?xml version="1.0"?>
<planet name="origin">
  <flow name="default">
    <component name="video" type="videotest-producer" worker="origin">
      <property name="width">320</property>
      <property name="height">240</property>
      <property name="framerate">30/1</property>
    </component>
    <component name="audio" type="audiotest-producer" worker="origin"/>
    <component name="video-encoder" type="vp8-encoder" worker="origin">
      <eater name="default"><feed>video</feed></eater>
    </component>
    <component name="audio-encoder" type="opus-encoder" worker="origin">
      <eater name="default"><feed>audio</feed></eater>
    </component>
    <component name="muxer" type="webm-muxer" worker="origin">
      <eater name="default"><feed>video-encoder</feed><feed>audio-encoder</feed></eater>
    </component>
    <component name="uplink" type="fgdp-consumer" worker="origin">
      <eater name="default"><feed>muxer</feed></eater>
      <property name="mode">pull</property>
      <property name="port">@FGDP_PORT@</property>
      <property name="password">origin-secret</property>
    </component>
    <component name="http" type="http-streamer" worker="origin">
      <eater name="default"><feed>muxer</feed></eater>
      <property name="port">8800</property>
      <property name="mount-point">/live.webm</property>
      <property name="burst-on-connect">true</property>
    </component>
  </flow>
</planet>
)";
}

std::string edge_planet(const std::string &origin_host, const std::string &password) {
  return R"(<?xml version="1.0"?>
<planet name="edge">
  <flow name="default">
    <component name="downlink" type="fgdp-producer" worker="edge">
      <property name="mode">push</property>
      <property name="host">)" +
         origin_host + R"(</property>
      <property name="port">@FGDP_PORT@</property>
      <property name="password">)" +
         password + R"(</property>
      <property name="max-reconnection-delay">2</property>
    </component>
    <component name="http" type="http-streamer" worker="edge">
      <eater name="default"><feed>downlink</feed></eater>
      <property name="port">8800</property>
      <property name="mount-point">/live.webm</property>
      <property name="burst-on-connect">true</property>
    </component>
  </flow>
</planet>
)";
}

// A UI state entry of a component as its manager replicates it.
bool ui_is(RunningPlanet &planet, const std::string &id, const std::string &key,
           const std::string &value) {
  const auto r = planet.command({"status", id, "--json"});
  return r.out.find("\"" + key + "\":[\"" + value + "\"]") != std::string::npos;
}

bool has_note(RunningPlanet &planet, const std::string &id, const std::string &part) {
  for (const auto &note : planet.component(id).notes)
    if (note.find(part) != std::string::npos)
      return true;
  return false;
}

void plays_origin_stream(RunningPlanet &edge) {
  const auto fetched = edge.fetch("/live.webm", 3);
  const std::string report = discover(fetched);
  BOOST_TEST(report.find("VP8") != std::string::npos, report);
  BOOST_TEST(report.find("Opus") != std::string::npos, report);
}

// A viewer saving what a planet's /live.webm streams, until stopped
// (`launcher` runs curl where that planet is).
class Viewer {
public:
  Viewer(const std::filesystem::path &file, const std::vector<std::string> &launcher,
         uint16_t port)
      : file_(file), curl_(argv(launcher, file, port)) {}
  const std::filesystem::path &stop() {
    curl_.stop(2s);
    return file_;
  }
  uintmax_t bytes() const {
    std::error_code ec;
    const auto n = std::filesystem::file_size(file_, ec);
    return ec ? 0 : n;
  }

private:
  static std::vector<std::string> argv(std::vector<std::string> launcher,
                                       const std::filesystem::path &file, uint16_t port) {
    launcher.insert(launcher.end(),
                    {"/usr/bin/curl", "-s", "-N", "--max-time", "120", "-o",
                     file.string(),
                     "http://127.0.0.1:" + std::to_string(port) + "/live.webm"});
    return launcher;
  }
  std::filesystem::path file_;
  Process curl_;
};

bool same_time(double a, double b) { return std::fabs(a - b) < 0.0005; }

// Whether `t` holds the time `pts` (ffprobe prints milliseconds).
bool holds(const Timeline &t, double pts) {
  const auto it = std::lower_bound(t.pts.begin(), t.pts.end(), pts - 0.0005);
  return it != t.pts.end() && same_time(*it, pts);
}

// The edge's viewer got the origin's packets with the origin's times: every
// packet time the edge served is one the origin served too (no reset, no
// shift, nothing made up), and where both were watching, the two saw the
// same times. Returns the number of edge packets checked.
size_t check_same_times(const Timeline &origin, const Timeline &edge,
                        const std::string &what) {
  BOOST_TEST_REQUIRE(!origin.pts.empty(), what << ": the origin's viewer got nothing");
  BOOST_TEST_REQUIRE(!edge.pts.empty(), what << ": the edge's viewer got nothing");
  BOOST_TEST(origin.growing(), what << " at the origin: " << origin.describe());
  BOOST_TEST(edge.growing(), what << " at the edge: " << edge.describe());
  size_t missing = 0;
  for (double pts : edge.pts)
    missing += !holds(origin, pts);
  BOOST_TEST(missing == 0u, what << ": " << missing << " of the edge's "
                                 << edge.describe() << " not among the origin's "
                                 << origin.describe());
  return edge.pts.size();
}

// Two viewers, one at the origin and one at the edge, watched through a cut
// of the link: the edge's packets carry the origin's times, before the cut
// and after it (its timeline goes on, never back); before the cut it lost
// none; after the cut it resumed.
void check_timestamps_across_the_cut(const std::filesystem::path &origin_file,
                                     const std::filesystem::path &edge_file) {
  for (const char *stream : {"v:0", "a:0"}) {
    const Timeline origin = timeline(origin_file, stream);
    const Timeline edge = timeline(edge_file, stream);
    BOOST_TEST_MESSAGE(stream << ": the origin's viewer got " << origin.describe()
                              << "; the edge's " << edge.describe());
    check_same_times(origin, edge, stream);
    if (edge.pts.size() < 2)
      continue;
    // The cut is the edge's longest step: before it, the edge's viewer got
    // every packet the origin's did in the same time; after it, more.
    size_t cut = 1;
    for (size_t i = 1; i < edge.pts.size(); ++i)
      if (edge.pts[i] - edge.pts[i - 1] > edge.pts[cut] - edge.pts[cut - 1])
        cut = i;
    const double before = edge.pts[cut - 1], after = edge.pts[cut];
    BOOST_TEST(after - before > 1.0,
               stream << ": no gap where the link was cut: " << edge.describe());
    BOOST_TEST(edge.pts.back() - after > 1.0,
               stream << ": the edge's viewer got little after the cut: "
                      << edge.describe());
    size_t lost = 0;
    for (double pts : origin.pts)
      if (pts >= edge.pts.front() && pts <= before)
        lost += !holds(edge, pts);
    BOOST_TEST(lost == 0u, stream << ": the edge's viewer lacks " << lost
                                  << " of the origin's packets from before the cut");
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(edge_serves_the_origin_and_recovers_from_a_partition) {
  std::unique_ptr<NetNamespace> ns;
  try {
    ns = std::make_unique<NetNamespace>();
  } catch (const std::exception &e) {
    BOOST_TEST_MESSAGE("skipped: cannot make a network namespace: " << e.what());
    return;
  }
  const std::string port = std::to_string(free_tcp_port());
  RunningPlanet origin("origin.xml", origin_planet(), {},
                       {.launcher = {}, .substitutions = {{"@FGDP_PORT@", port}}});
  origin.start_worker("origin");
  RunningPlanet edge(
      "edge.xml", edge_planet(ns->here_address(), "origin-secret"), {},
      {.launcher = ns->launcher(), .substitutions = {{"@FGDP_PORT@", port}}});
  edge.start_worker("edge");
  BOOST_TEST_REQUIRE(origin.all_in_mood("happy", 60s), FLU_LATER(origin.logs()));
  BOOST_TEST_REQUIRE(edge.all_in_mood("happy", 60s), FLU_LATER(edge.logs()));
  BOOST_TEST_REQUIRE(
      poll_until([&] { return ui_is(edge, "/default/downlink", "connected", "true"); },
                 30s, 250ms),
      FLU_LATER(edge.logs()));
  // The origin is fed to the edge's address in the other namespace.
  const auto status = origin.command({"status", "/default/uplink", "--json"}).out;
  BOOST_TEST(status.find(ns->there_address() + ":") != std::string::npos, status);
  plays_origin_stream(edge);
  // A viewer at each end, both watching through the cut.
  Viewer at_origin(origin.dir().file("origin-viewer.webm"), {}, origin.http_port());
  Viewer at_edge(edge.dir().file("edge-viewer.webm"), ns->launcher(), edge.http_port());
  BOOST_TEST_REQUIRE(
      poll_until([&] { return at_origin.bytes() > 50000 && at_edge.bytes() > 50000; },
                 30s, 100ms),
      "the viewers got " << at_origin.bytes() << " and " << at_edge.bytes() << " bytes");

  ns->cut();
  // Nothing passes: both sides give the connection up by themselves.
  BOOST_TEST_REQUIRE(
      poll_until([&] { return ui_is(edge, "/default/downlink", "connected", "false"); },
                 30s, 250ms),
      FLU_LATER(edge.logs()));
  BOOST_TEST_REQUIRE(
      poll_until([&] { return ui_is(origin, "/default/uplink", "connected", "false"); },
                 30s, 250ms),
      FLU_LATER(origin.logs()));
  // While the link is down both ends are hungry (not sad), their messages
  // naming the peer: the edge the origin it connects to, the origin the
  // edge it lost and the port it waits on.
  const std::string origin_at = ns->here_address() + ":" + port;
  BOOST_TEST_REQUIRE(poll_until(
                         [&] {
                           return edge.component("/default/downlink").mood == "hungry" &&
                                  has_note(edge, "/default/downlink",
                                           "Cannot feed from the fgdp-consumer at " +
                                               origin_at + ": ");
                         },
                         20s, 250ms),
                     FLU_LATER(edge.logs()));
  BOOST_TEST_REQUIRE(poll_until(
                         [&] {
                           return origin.component("/default/uplink").mood == "hungry" &&
                                  has_note(origin, "/default/uplink",
                                           "Lost the fgdp-producer at " +
                                               ns->there_address() + ":");
                         },
                         20s, 250ms),
                     FLU_LATER(origin.logs()));
  BOOST_TEST(has_note(origin, "/default/uplink", "waiting for it on port " + port));

  const auto restored = std::chrono::steady_clock::now();
  ns->restore();
  BOOST_TEST_REQUIRE(
      poll_until([&] { return ui_is(edge, "/default/downlink", "connected", "true"); },
                 30s, 100ms),
      FLU_LATER(edge.logs()));
  BOOST_TEST_MESSAGE("the edge was fed again "
                     << std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - restored)
                            .count()
                     << " ms after the link came back");
  // A viewer joining after the cut gets the origin's stream from its start:
  // headers, then a keyframe.
  plays_origin_stream(edge);
  // The edge's viewer who stayed is fed again too.
  const auto resumed = at_edge.bytes();
  BOOST_TEST_REQUIRE(
      poll_until([&] { return at_edge.bytes() > resumed + 100000; }, 20s, 100ms),
      "the edge's viewer got nothing after the link came back");
  check_timestamps_across_the_cut(at_origin.stop(), at_edge.stop());
  BOOST_TEST(edge.all_in_mood("happy", 5s));
  BOOST_TEST(origin.all_in_mood("happy", 5s));
  // The hungry message is replaced by one saying the link is back.
  BOOST_TEST(has_note(edge, "/default/downlink",
                      "fgdp-consumer at " + origin_at + ": connected again"));
  BOOST_TEST(has_note(origin, "/default/uplink", ": connected again"));
}

BOOST_AUTO_TEST_CASE(wrong_secret_is_refused_on_both_sides) {
  const std::string port = std::to_string(free_tcp_port());
  RunningPlanet origin("origin.xml", origin_planet(), {},
                       {.launcher = {}, .substitutions = {{"@FGDP_PORT@", port}}});
  origin.start_worker("origin");
  RunningPlanet edge("edge.xml", edge_planet("127.0.0.1", "not-the-secret"), {},
                     {.launcher = {}, .substitutions = {{"@FGDP_PORT@", port}}});
  edge.start_worker("edge");
  BOOST_TEST_REQUIRE(
      poll_until(
          [&] { return has_note(origin, "/default/uplink", "Refused an fgdp-producer"); },
          30s, 250ms),
      FLU_LATER(origin.logs()));
  BOOST_TEST_REQUIRE(
      poll_until([&] { return has_note(edge, "/default/downlink", "refused us"); }, 30s,
                 250ms),
      FLU_LATER(edge.logs()));
  BOOST_TEST(!ui_is(edge, "/default/downlink", "connected", "true"));
  // The edge was sent to this origin by its operator: a refusal will not
  // mend by trying again, so it is sad; the origin cannot tell a
  // misconfigured edge from a stranger and stays as it was.
  BOOST_TEST(poll_until([&] { return edge.component("/default/downlink").mood == "sad"; },
                        20s, 250ms),
             FLU_LATER(edge.logs()));
  BOOST_TEST(origin.component("/default/uplink").mood != "sad");
}
