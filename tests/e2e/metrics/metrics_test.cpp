// flu-manager --metrics-bind with a real planet (a test tone, MP3, an
// http-streamer, on a local worker): what a running manager serves passes
// promtool, its viewer gauge follows real curl viewers, a token is asked
// for when configured, and broken requests leave it serving. The same
// planet is internet radio: an ICY title set with flu-command reaches a
// listener.
#define BOOST_TEST_MODULE metrics
#include "flow_fixture.hpp"
#include "icy_reader.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <sys/stat.h>

#include <csignal>

using namespace flu::test;
namespace asio = boost::asio;

namespace {

const std::string radio = R"(<?xml version="1.0"?>
<planet name="radio">
  <flow name="default">
    <component name="audio" type="audiotest-producer" worker="localhost"/>
    <component name="mp3" type="mp3-encoder" worker="localhost">
      <eater name="default"><feed>audio</feed></eater>
    </component>
    <component name="http" type="http-streamer" worker="localhost">
      <eater name="default"><feed>mp3</feed></eater>
      <property name="port">8800</property>
      <property name="mount-point">/radio.mp3</property>
    </component>
  </flow>
</planet>
)";

// The radio, its listeners let in by a token bouncer in the atmosphere.
std::string guarded_radio() {
  std::string xml = radio;
  xml.replace(
      xml.find("  <flow name"), 0,
      "  <atmosphere>\n"
      "    <component name=\"tokens\" type=\"token-bouncer\" worker=\"localhost\">\n"
      "      <property name=\"token\">fan:letmein</property>\n"
      "    </component>\n"
      "  </atmosphere>\n");
  const std::string mount = "<property name=\"mount-point\">/radio.mp3</property>";
  xml.insert(xml.find(mount) + mount.size(),
             "\n      <property name=\"bouncer\">tokens</property>");
  return xml;
}

struct Metrics {
  // With `worker`, the planet runs on a local worker; without, the manager
  // alone (its components waiting for one).
  explicit Metrics(bool worker, std::vector<std::string> extra = {},
                   const std::string &xml = radio)
      : port(free_tcp_port()),
        planet("radio.xml", xml, arguments(worker, port, std::move(extra))) {}

  static std::vector<std::string> arguments(bool worker, uint16_t port,
                                            std::vector<std::string> extra) {
    std::vector<std::string> args{"--metrics-bind", "127.0.0.1:" + std::to_string(port)};
    if (worker)
      args.insert(args.end(), {"--local-worker", "localhost", "--local-feed-port", "0"});
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  struct Scrape {
    int status = 0;
    std::string body;
  };
  // One GET by curl, with these extra headers.
  Scrape scrape(std::vector<std::string> headers = {},
                const std::string &path = "/metrics") {
    std::vector<std::string> argv{"/usr/bin/curl", "-s", "--max-time", "5", "-w",
                                  "\n%{http_code}"};
    for (const auto &h : headers)
      argv.insert(argv.end(), {"-H", h});
    argv.push_back("http://127.0.0.1:" + std::to_string(port) + path);
    const auto r = run(argv, 10s);
    Scrape s;
    const auto nl = r.out.rfind('\n');
    if (nl == std::string::npos)
      return s;
    s.status = std::atoi(r.out.c_str() + nl + 1);
    s.body = r.out.substr(0, nl);
    return s;
  }

  // The metrics once the manager answers.
  std::string up() {
    Scrape s;
    BOOST_TEST_REQUIRE(poll_until(
                           [&] {
                             s = scrape();
                             return s.status == 200;
                           },
                           20s, 100ms),
                       "no metrics at port " << port << FLU_LATER(planet.logs()));
    return s.body;
  }

  uint16_t port;
  RunningPlanet planet;
};

// The value of the sample of `metric` whose labels hold every one of `labels`.
std::optional<double> sample(const std::string &text, const std::string &metric,
                             const std::vector<std::string> &labels) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(metric + "{", 0) != 0)
      continue;
    bool all = true;
    for (const auto &l : labels)
      all = all && line.find(l) != std::string::npos;
    if (all)
      return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return std::nullopt;
}

std::optional<double> viewers(const std::string &text) {
  return sample(text, "flu_component_viewers", {R"(component="http")"});
}

} // namespace

BOOST_AUTO_TEST_CASE(promtool_accepts_a_running_planets_metrics) {
  Metrics m(true);
  m.up();
  BOOST_TEST_REQUIRE(m.planet.all_in_mood("happy", 60s), FLU_LATER(m.planet.logs()));
  // Every job's figures reach the manager with its first UI reports.
  std::string text;
  BOOST_TEST_REQUIRE(
      poll_until(
          [&] {
            text = m.scrape().body;
            return sample(text, "flu_component_cpu_ratio", {R"(component="mp3")"}) &&
                   viewers(text) &&
                   sample(text, "flu_feeder_rate_bytes_per_second",
                          {R"(component="mp3")"}) &&
                   sample(text, "flu_component_mood",
                          {R"(component="http")", R"(mood="happy")"}) == 1.0;
          },
          30s, 250ms),
      FLU_LATER(text));
  const std::string labels =
      R"(flow="default",component="http",type="http-streamer",worker="localhost")";
  BOOST_TEST(text.find("flu_component_mood{" + labels + R"(,mood="happy"} 1)") !=
                 std::string::npos,
             text);
  BOOST_TEST(
      sample(text, "flu_worker_connected", {R"(worker="localhost")"}).value_or(-1) == 1.0,
      text);
  BOOST_TEST(
      sample(text, "flu_worker_components", {R"(worker="localhost")"}).value_or(-1) ==
          3.0,
      text);
  BOOST_TEST(sample(text, "flu_component_resident_memory_bytes", {R"(component="audio")"})
                     .value_or(-1) > 1e6,
             text);
  BOOST_TEST(viewers(text).value_or(-1) == 0.0, text);

  const auto file = m.planet.dir().file("scraped.txt");
  std::ofstream(file) << text;
  const auto check =
      run({"/bin/sh", "-c", "promtool check metrics < " + file.string()}, 30s);
  BOOST_TEST(check.exited_ok(), check.out << check.err << "\n" << text);
}

BOOST_AUTO_TEST_CASE(the_viewer_gauge_follows_connected_viewers) {
  Metrics m(true);
  m.up();
  BOOST_TEST_REQUIRE(m.planet.all_in_mood("happy", 60s), FLU_LATER(m.planet.logs()));
  const std::string url =
      "http://127.0.0.1:" + std::to_string(m.planet.http_port()) + "/radio.mp3";
  auto wait_for = [&](double count) {
    std::string text;
    const bool ok = poll_until(
        [&] {
          text = m.scrape().body;
          return viewers(text).value_or(-1) == count;
        },
        20s, 200ms);
    BOOST_TEST(ok, "waiting for " << count << " viewers:\n" << text);
    return text;
  };
  wait_for(0);

  std::vector<std::unique_ptr<Process>> curls;
  for (int i = 0; i < 3; ++i)
    curls.push_back(std::make_unique<Process>(
        std::vector<std::string>{"/usr/bin/curl", "-s", "-o", "/dev/null", url}));
  const std::string three = wait_for(3);
  BOOST_TEST(
      sample(three, "flu_component_viewers_peak", {R"(component="http")"}).value_or(-1) >=
          3,
      three);

  curls[0]->stop(2s);
  curls[1]->stop(2s);
  wait_for(1);
  curls[2]->stop(2s);
  const std::string none = wait_for(0);
  BOOST_TEST(
      sample(none, "flu_component_viewers_peak", {R"(component="http")"}).value_or(-1) >=
          3,
      none);
  BOOST_TEST(sample(none, "flu_component_sent_bytes_total", {R"(component="http")"})
                     .value_or(-1) > 0,
             none);
}

// A bouncer job publishes the keycards it holds: the gauge follows viewers
// let in and a keycard an operator expires.
BOOST_AUTO_TEST_CASE(the_keycard_gauge_follows_a_bouncers_keycards) {
  Metrics m(true, {}, guarded_radio());
  m.up();
  BOOST_TEST_REQUIRE(m.planet.all_in_mood("happy", 60s), FLU_LATER(m.planet.logs()));
  auto wait_for = [&](double count) {
    std::string text;
    const bool ok = poll_until(
        [&] {
          text = m.scrape().body;
          return sample(text, "flu_component_keycards", {R"(component="tokens")"})
                     .value_or(-1) == count;
        },
        20s, 200ms);
    BOOST_TEST(ok, "waiting for " << count << " keycards:\n" << text);
    return text;
  };
  const std::string none = wait_for(0);
  BOOST_TEST(sample(none, "flu_component_keycards",
                    {R"(component="tokens")", R"(type="token-bouncer")",
                     R"(worker="localhost")"})
                     .value_or(-1) == 0.0,
             none);

  const std::string url =
      "http://127.0.0.1:" + std::to_string(m.planet.http_port()) + "/radio.mp3";
  const auto refused = run({"/usr/bin/curl", "-s", "-o", "/dev/null", "-w",
                            "%{http_code}", "--max-time", "5", url + "?token=guess"},
                           15s);
  BOOST_TEST(refused.out == "401");
  std::vector<std::unique_ptr<Process>> curls;
  for (int i = 0; i < 2; ++i)
    curls.push_back(std::make_unique<Process>(std::vector<std::string>{
        "/usr/bin/curl", "-s", "-o", "/dev/null", url + "?token=letmein"}));
  wait_for(2);

  const auto keycards = m.planet.command({"keycards", "tokens"});
  BOOST_TEST_REQUIRE(keycards.exit_code() == 0, keycards.out << keycards.err);
  std::smatch id;
  BOOST_TEST_REQUIRE(std::regex_search(keycards.out, id, std::regex("[0-9a-f]{32}")),
                     keycards.out);
  BOOST_TEST(m.planet.command({"expire", "tokens", id.str()}).exit_code() == 0);
  wait_for(1);
}

BOOST_AUTO_TEST_CASE(a_bearer_token_is_enforced) {
  TempDir dir("flu-metrics-token");
  const auto token = dir.file("metrics.token");
  std::ofstream(token) << "s3cret-token\n";
  ::chmod(token.c_str(), 0600);
  Metrics m(false, {"--metrics-token-file", token.string()});
  Metrics::Scrape s;
  BOOST_TEST_REQUIRE(poll_until(
                         [&] {
                           s = m.scrape();
                           return s.status != 0;
                         },
                         20s, 100ms),
                     FLU_LATER(m.planet.logs()));
  BOOST_TEST(s.status == 401, s.body);
  BOOST_TEST(s.body.find("flu_") == std::string::npos, s.body);
  BOOST_TEST(m.scrape({"Authorization: Bearer wrong"}).status == 401);
  BOOST_TEST(m.scrape({"Authorization: Basic czNjcmV0LXRva2Vu"}).status == 401);
  BOOST_TEST(m.scrape({}, "/other").status == 401); // not even which paths exist
  BOOST_TEST(m.scrape({"Authorization: Bearer s3cret-token"}, "/other").status == 404);
  const auto ok = m.scrape({"Authorization: Bearer s3cret-token"});
  BOOST_TEST(ok.status == 200, ok.body);
  BOOST_TEST(sample(ok.body, "flu_component_mood", {R"(component="http")"}).has_value(),
             ok.body);

  // A token file others can read is refused at the start, naming it.
  ::chmod(token.c_str(), 0644);
  const auto refused =
      run({FLU_MANAGER, "--port", std::to_string(free_tcp_port()), "--metrics-bind",
           "127.0.0.1:0", "--metrics-token-file", token.string()},
          20s, m.planet.env());
  BOOST_TEST(!refused.exited_ok());
  BOOST_TEST(refused.err.find(token.string()) != std::string::npos, refused.err);
}

BOOST_AUTO_TEST_CASE(broken_requests_leave_the_manager_serving) {
  Metrics m(false);
  m.up();
  asio::io_context io;
  const asio::ip::tcp::endpoint at(asio::ip::make_address("127.0.0.1"), m.port);
  auto send = [&](const std::string &bytes, bool read_answer) {
    asio::ip::tcp::socket socket(io);
    socket.connect(at);
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(bytes), ec);
    std::string out;
    if (read_answer)
      asio::read(socket, asio::dynamic_buffer(out), ec);
    return out;
  };
  std::string binary(4096, '\0');
  for (size_t i = 0; i < binary.size(); ++i)
    binary[i] = static_cast<char>(i * 131 + 7);
  const std::string answers[] = {
      send("garbage\r\n\r\n", true),
      send(binary, true),
      send("GET /metrics HTTP/1.1\r\nHost: x\r\n" + std::string(100000, 'a') + "\r\n\r\n",
           true),
      send("GET /metrics HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", true),
      send("GET /metrics HTTP/9.9\r\n\r\n", true),
  };
  for (const auto &a : answers)
    BOOST_TEST((a.empty() || a.rfind("HTTP/1.1 400 ", 0) == 0), a.substr(0, 200));
  // Half requests, and more connections than it serves at once, left open.
  std::vector<asio::ip::tcp::socket> idle;
  for (int i = 0; i < 64; ++i) {
    idle.emplace_back(io);
    idle.back().connect(at);
    asio::write(idle.back(), asio::buffer(std::string("GET /metr")));
  }
  send("GET /metrics HTTP/1.1\r\nHost: x\r\n", false); // closed half-way
  idle.clear();
  BOOST_TEST(m.planet.manager().running());
  BOOST_TEST(m.up().find("flu_component_mood") != std::string::npos);
  BOOST_TEST(m.planet.command({"list"}).exit_code() == 0);
}

// The same planet as internet radio: a title set with flu-command reaches a
// listener that asked for ICY metadata (tests/modules/http-streamer has the
// framing's own tests), and the metrics show the streamer's listener.
BOOST_AUTO_TEST_CASE(an_icy_title_set_with_flu_command) {
  Metrics m(true);
  BOOST_TEST_REQUIRE(m.planet.all_in_mood("happy", 60s), FLU_LATER(m.planet.logs()));
  const auto set =
      m.planet.command({"invoke", "/default/http", "set-title", "Live from flu"});
  BOOST_TEST_REQUIRE(set.exit_code() == 0, set.err);
  flu::modules::test::IcyReader listener(m.planet.http_port(), "/radio.mp3");
  BOOST_TEST_REQUIRE(listener.metaint() > 0u, listener.head());
  // 128 kbit/s: a block a second; the first one says the title.
  BOOST_TEST(listener.next_block() == "StreamTitle='Live from flu';");
  std::string text;
  BOOST_TEST(poll_until(
                 [&] {
                   text = m.scrape().body;
                   return viewers(text).value_or(-1) == 1;
                 },
                 20s, 200ms),
             text);
}
