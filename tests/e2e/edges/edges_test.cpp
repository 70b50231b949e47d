// Load balancing over edges: a test picture encoded once (VP8 in WebM) on
// the origin's worker, an origin http-streamer that takes one viewer, and
// two edge http-streamers on workers of their own, fed from the origin's
// muxer. The origin's redirect-on-overflow names the edges by component
// id: it sends each viewer past its limit to the edge with the lowest
// viewers/client-limit, as the manager replicates it to the origin's job.
// A draining edge leaves the choice, and a draining origin with room sends
// viewers on too. An edge whose worker is killed leaves the choice once the
// manager has lost it (the peer timeout, 3 s here).
#define BOOST_TEST_MODULE edges
#include "../../modules/http-streamer/http_client.hpp"
#include "../flows/flow_fixture.hpp"
#include "wait.hpp"

#include <chrono>
#include <csignal>
#include <memory>
#include <vector>

#include <unistd.h>

using namespace flu::test;
using flu::modules::test::Connection;
using flu::modules::test::get_request;
using flu::modules::test::parse_response;

namespace {

const std::string mount = "/live.webm";

std::string planet() {
  auto streamer = [](const std::string &name, const std::string &worker,
                     const std::string &port, const std::string &extra) {
    return R"(    <component name=")" + name + R"(" type="http-streamer" worker=")" +
           worker +
           R"(">
      <eater name="default"><feed>muxer</feed></eater>
      <property name="port">)" +
           port + R"(</property>
      <property name="hostname">127.0.0.1</property>
      <property name="mount-point">/live.webm</property>
)" + extra +
           "    </component>\n";
  };
  return R"(<?xml version="1.0"?>
<planet name="edges">
  <atmosphere>
    <component name="porter" type="porter" worker="origin">
      <property name="port">@PORTER_PORT@</property>
      <property name="socket-path">@PORTER_SOCKET@</property>
      <property name="username">streamers</property>
      <property name="password">s3cret</property>
      <property name="balancer">/live.webm /default/edge-1 /default/edge-2</property>
    </component>
  </atmosphere>
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
         streamer("origin", "origin", "@ORIGIN_PORT@",
                  "      <property name=\"client-limit\">1</property>\n"
                  "      <property name=\"redirect-on-overflow\">/default/edge-1 "
                  "/default/edge-2</property>\n") +
         streamer("edge-1", "edge1", "@EDGE1_PORT@",
                  "      <property name=\"client-limit\">100</property>\n") +
         streamer("edge-2", "edge2", "@EDGE2_PORT@",
                  "      <property name=\"client-limit\">100</property>\n") +
         // Behind the porter, with only the porter's name: the manager hands
         // it the socket, username and password.
         R"(    <component name="behind" type="http-streamer" worker="origin">
      <eater name="default"><feed>muxer</feed></eater>
      <property name="type">slave</property>
      <property name="porter">porter</property>
      <property name="mount-point">/behind.webm</property>
    </component>
)" + "  </flow>\n</planet>\n";
}

// Where the origin (or the porter's balancer path) sends a new viewer: the
// Location's host:port, or the status when it is no redirect.
std::string sent_to(int origin_port, const std::string &path = mount) {
  const auto r = flu::modules::test::exchange(origin_port, get_request(path));
  if (r.status != 302)
    return std::to_string(r.status);
  const std::string location = r.header("location");
  const auto start = location.find("//");
  const auto end = location.find('/', start + 2);
  return location.substr(start + 2, end - start - 2);
}

bool ui_is(RunningPlanet &p, const std::string &id, const std::string &key,
           const std::string &value) {
  const auto r = p.command({"status", id, "--json"});
  return r.out.find("\"" + key + "\":[\"" + value + "\"]") != std::string::npos;
}

// A viewer that stays: asks, then reads the response's start.
std::unique_ptr<Connection> viewer(int port) {
  auto c = std::make_unique<Connection>(port);
  c->send_all(get_request(mount));
  const auto r = parse_response(c->read_some());
  BOOST_TEST(r.status == 200);
  return c;
}

} // namespace

BOOST_AUTO_TEST_CASE(full_origin_sends_viewers_to_the_least_loaded_edge) {
  const int origin_port = free_tcp_port();
  const int edge1_port = free_tcp_port();
  const int edge2_port = free_tcp_port();
  const int porter_port = free_tcp_port();
  const std::string porter_socket = "/tmp/flu-edges-test-" + std::to_string(::getpid());
  const std::string edge1 = "127.0.0.1:" + std::to_string(edge1_port);
  const std::string edge2 = "127.0.0.1:" + std::to_string(edge2_port);
  RunningPlanet p("edges.xml", planet(), {},
                  {.launcher = {},
                   .substitutions = {{"@ORIGIN_PORT@", std::to_string(origin_port)},
                                     {"@EDGE1_PORT@", std::to_string(edge1_port)},
                                     {"@EDGE2_PORT@", std::to_string(edge2_port)},
                                     {"@PORTER_PORT@", std::to_string(porter_port)},
                                     {"@PORTER_SOCKET@", porter_socket}}});
  p.start_worker("origin");
  p.start_worker("edge1");
  p.start_worker("edge2");
  BOOST_TEST_REQUIRE(p.all_in_mood("happy", 60s), FLU_LATER(p.logs()));
  // The edges' figures reach the origin's job: both come into the choice.
  BOOST_TEST_REQUIRE(poll_until(
                         [&] {
                           const auto log = p.worker("origin").err();
                           return log.find("edge /default/edge-1 is in the choice") !=
                                      std::string::npos &&
                                  log.find("edge /default/edge-2 is in the choice") !=
                                      std::string::npos;
                         },
                         30s, 100ms),
                     FLU_LATER(p.logs()));

  auto held = viewer(origin_port); // the origin is full now
  // Each viewer past the limit follows its redirect and stays. Both edges
  // empty: they take turns.
  std::map<std::string, int> ports{{edge1, edge1_port}, {edge2, edge2_port}};
  std::vector<std::unique_ptr<Connection>> viewers;
  auto redirected_viewer = [&] {
    const std::string to = sent_to(origin_port);
    if (ports.count(to))
      viewers.push_back(viewer(ports[to]));
    return to;
  };
  std::map<std::string, int> turns;
  for (int i = 0; i < 4; ++i)
    ++turns[redirected_viewer()];
  BOOST_TEST(turns[edge1] == 2, FLU_LATER(p.worker("origin").err()));
  BOOST_TEST(turns[edge2] == 2);

  // The streamer that named its porter got its details from the manager:
  // it took its path, and plays through the porter.
  const auto behind = p.dir().file("behind.webm");
  const auto b = run({"/usr/bin/curl", "-s", "--max-time", "2", "-o", behind.string(),
                      "http://127.0.0.1:" + std::to_string(porter_port) + "/behind.webm"},
                     15s);
  BOOST_TEST(b.exit_code() == 28, "curl: " << Process::describe(b.status) << b.err);
  BOOST_TEST(discover(behind).find("VP8") != std::string::npos);
  BOOST_TEST(ui_is(p, "/default/behind", "porter", "registered"));

  // The porter's balancer path sends every new viewer to an edge: the one
  // with fewer viewers (edge 1 and 2 hold two each: they take turns). The
  // porter learns the edges' counts from the manager: wait until it has them.
  for (const auto *edge : {"/default/edge-1", "/default/edge-2"})
    BOOST_TEST_REQUIRE(
        poll_until([&] { return ui_is(p, edge, "viewers", "2"); }, 15s, 100ms),
        FLU_LATER(p.logs()));
  std::map<std::string, int> balanced;
  for (int i = 0; i < 2; ++i)
    ++balanced[sent_to(porter_port)];
  BOOST_TEST(balanced[edge1] == 1, FLU_LATER(p.worker("origin").err()));
  BOOST_TEST(balanced[edge2] == 1);

  // curl follows the redirect and plays from the edge it lands on.
  const auto file = p.dir().file("followed.webm");
  const auto r = run({"/usr/bin/curl", "-s", "-L", "--max-time", "3", "-o", file.string(),
                      "http://127.0.0.1:" + std::to_string(origin_port) + mount},
                     15s);
  BOOST_TEST(r.exit_code() == 28, "curl: " << Process::describe(r.status) << r.err);
  const std::string report = discover(file);
  BOOST_TEST(report.find("VP8") != std::string::npos, report);

  // Edge 1 gets three viewers more of its own (5 to 2): the next three
  // viewers all go to edge 2.
  for (int i = 0; i < 3; ++i)
    viewers.push_back(viewer(edge1_port));
  BOOST_TEST_REQUIRE(
      poll_until([&] { return ui_is(p, "/default/edge-1", "viewers", "5"); }, 15s, 100ms),
      FLU_LATER(p.logs()));
  BOOST_TEST_REQUIRE(
      poll_until([&] { return ui_is(p, "/default/edge-2", "viewers", "2"); }, 15s, 100ms),
      FLU_LATER(p.logs()));
  // The origin's job heard the same delta before flu-command's answer went.
  for (int i = 0; i < 3; ++i)
    BOOST_TEST(redirected_viewer() == edge2, FLU_LATER(p.worker("origin").err()));

  // A draining edge leaves the choice: with edge 2 drained the next two go
  // to edge 1 (5 viewers, then 6 with the first sent, would lose to edge 2's
  // 5); undrained, it is a candidate again.
  auto drain = [&](const std::string &id, const std::string &yes_no) {
    const auto r = p.command({"invoke", id, "set-draining", yes_no});
    BOOST_TEST_REQUIRE(r.exited_ok(), r.out << r.err);
    BOOST_TEST_REQUIRE(
        poll_until([&] { return ui_is(p, id, "draining", yes_no); }, 15s, 100ms),
        FLU_LATER(p.logs()));
  };
  drain("/default/edge-2", "yes");
  for (int i = 0; i < 2; ++i)
    BOOST_TEST(sent_to(origin_port) == edge1, FLU_LATER(p.worker("origin").err()));
  BOOST_TEST(p.worker("origin").err().find(
                 "edge /default/edge-2 left out: it is draining") != std::string::npos);
  drain("/default/edge-2", "no");

  // Edge 2's worker dies (its job with it): once the manager has lost it,
  // the origin sends nobody there.
  const auto killed = std::chrono::steady_clock::now();
  ::kill(p.worker("edge2").pid(), SIGKILL);
  BOOST_TEST_REQUIRE(
      poll_until([&] { return p.component("/default/edge-2").mood == "lost"; }, 15s,
                 100ms),
      FLU_LATER(p.logs()));
  const auto lost_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::steady_clock::now() - killed)
                           .count();
  BOOST_TEST_MESSAGE("edge 2 was lost " << lost_ms << " ms after its worker was killed");
  BOOST_TEST(lost_ms < 3000 + 3000); // the peer timeout, and this machine's slack
  for (int i = 0; i < 6; ++i)
    BOOST_TEST(sent_to(origin_port) == edge1, FLU_LATER(p.worker("origin").err()));
  BOOST_TEST(p.worker("origin").err().find(
                 "edge /default/edge-2 left out: its mood is lost") != std::string::npos);

  for (int i = 0; i < 3; ++i)
    BOOST_TEST(sent_to(porter_port) == edge1, FLU_LATER(p.worker("origin").err()));

  // flu-command shows the stream's streamers and their load.
  const auto edges = p.command({"edges"}).out;
  BOOST_TEST(edges.find("STREAM /live.webm") != std::string::npos, edges);
  for (const std::string row :
       {"/default/origin         happy    origin      1/1         100%",
        "/default/edge-1         happy    edge1       ", "/default/edge-2         lost"})
    BOOST_TEST(edges.find(row) != std::string::npos, row << " in\n" << edges);

  // A viewer sent on once is not sent on again: 503 at the full origin.
  const auto again =
      flu::modules::test::exchange(origin_port, get_request(mount + "?flu-overflow=1"));
  BOOST_TEST(again.status == 503);

  // A draining origin with room sends new viewers to an edge too.
  held.reset();
  BOOST_TEST_REQUIRE(
      poll_until([&] { return ui_is(p, "/default/origin", "viewers", "0"); }, 15s, 100ms),
      FLU_LATER(p.logs()));
  BOOST_TEST(sent_to(origin_port) == "200"); // room: served
  drain("/default/origin", "yes");
  BOOST_TEST(sent_to(origin_port) == edge1, FLU_LATER(p.worker("origin").err()));
}
