// Every peer proves who it is before anything else it says is read: admins
// by challenge-response through the manager's bouncer (or the local token),
// viewers through an atmosphere bouncer; the manager itself is pinned by
// its CURVE key.
#define BOOST_TEST_MODULE auth
#include "flow_fixture.hpp"

#include "keycard/keycard.hpp"
#include "link/curve_keys.hpp"
#include "link/zmq_link.hpp"
#include "message/codec.hpp"

#include <boost/asio/io_context.hpp>

#include <arpa/inet.h>
#include <csignal>
#include <sys/socket.h>
#include <sys/stat.h>

using namespace flu::test;
using namespace flu;

namespace {

constexpr auto start_timeout = 60s;

// The default planet, guarded: alice may administer it (crypt hash in the
// manager's htpasswd bouncer), viewers need the token "letmein".
std::string guarded_planet() {
  std::string xml =
      read_text(std::filesystem::path(FLU_SOURCE_DIR) / "examples/planets/default.xml");
  const std::string guard =
      "<planet name=\"default\">\n"
      "  <manager name=\"guarded\">\n"
      "    <component name=\"admins\" type=\"htpasswd-bouncer\">\n"
      "      <property name=\"data\">alice:" +
      keycard::make_crypt_hash("wonderland") +
      "</property>\n"
      "    </component>\n"
      "  </manager>\n"
      "  <atmosphere>\n"
      "    <component name=\"viewers\" type=\"token-bouncer\" worker=\"localhost\">\n"
      "      <property name=\"token\">fan:letmein</property>\n"
      "    </component>\n"
      "  </atmosphere>";
  xml.replace(xml.find("<planet name=\"default\">"), 23, guard);
  const std::string mount = "<property name=\"mount-point\">/live.webm</property>";
  xml.insert(xml.find(mount) + mount.size(),
             "\n      <property name=\"bouncer\">viewers</property>");
  return xml;
}

std::filesystem::path secret(const TempDir &dir, const std::string &name,
                             const std::string &text) {
  const auto file = dir.file(name);
  std::ofstream(file) << text << "\n";
  ::chmod(file.c_str(), 0600);
  return file;
}

// A peer that speaks the protocol by hand, to send what flu's own peers
// never would.
class RawPeer {
public:
  RawPeer(RunningPlanet &planet)
      : link_(io_, "raw-peer", 1 << 20,
              [this](const link::Peer &, const message::Envelope &e) {
                frames_.emplace_back(e.type, std::string(e.payload));
              }) {
    link_.connect_dealer(
        "tcp://" + planet.manager_address(),
        {false,
         link::read_public_key("@" + (planet.manager_dir() / "manager.key").string())});
  }
  void send_raw(const std::string &frame) { link_.send("", frame); }
  template <class M> void send(const M &m) { link_.send("", message::pack(m)); }
  // The next frame of M's type, if one comes within the timeout.
  template <class M> std::optional<M> next(std::chrono::milliseconds timeout = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      for (auto it = frames_.begin(); it != frames_.end(); ++it)
        if (it->first == static_cast<uint16_t>(M::type)) {
          M m = message::decode<M>(it->second);
          frames_.erase(it);
          return m;
        }
      io_.restart();
      io_.run_for(50ms);
    }
    return std::nullopt;
  }

private:
  boost::asio::io_context io_;
  link::ZmqLink link_;
  std::vector<std::pair<uint16_t, std::string>> frames_;
};

message::Login admin_login(message::KeycardFields keycard) {
  return {message::PeerRole::admin, "raw-peer", std::move(keycard)};
}

bool in_log(RunningPlanet &planet, const std::string &text) {
  return poll_until([&] { return planet.logs().find(text) != std::string::npos; }, 5s,
                    100ms);
}

} // namespace

BOOST_AUTO_TEST_CASE(admin_logs_in_with_the_right_password_only) {
  RunningPlanet planet("guarded.xml", guarded_planet(), {});
  const auto good = secret(planet.dir(), "good", "wonderland");
  const auto bad = secret(planet.dir(), "bad", "looking-glass");
  const auto ok =
      planet.command({"--username", "alice", "--password-file", good.string(), "list"});
  BOOST_TEST(ok.exit_code() == 0, ok.out << ok.err << planet.logs());
  const auto wrong =
      planet.command({"--username", "alice", "--password-file", bad.string(), "list"});
  BOOST_TEST(wrong.exit_code() == 1, wrong.out << wrong.err);
  BOOST_TEST(in_log(planet, "refused login of admin"), FLU_LATER(planet.logs()));
  const auto unknown =
      planet.command({"--username", "mallory", "--password-file", good.string(), "list"});
  BOOST_TEST(unknown.exit_code() == 1, unknown.out << unknown.err);
  BOOST_TEST(in_log(planet, "unknown user"), FLU_LATER(planet.logs()));
  // Each refusal names the peer's address.
  BOOST_TEST(planet.logs().find("at 127.0.0.1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(replayed_or_tampered_responses_are_refused) {
  RunningPlanet planet("guarded.xml", guarded_planet(), {});
  RawPeer peer(planet);
  using message::KeycardState;
  // A tampered response: one hex digit of the right answer changed.
  peer.send(admin_login(keycard::password_request("alice")));
  auto challenge = peer.next<message::LoginReply>(10s);
  BOOST_TEST_REQUIRE(challenge.has_value(), FLU_LATER(planet.logs()));
  BOOST_TEST_REQUIRE(int(challenge->state) == int(KeycardState::challenge));
  auto tampered = keycard::password_response(challenge->keycard, "alice", "wonderland");
  auto response = keycard::get(tampered, "response");
  response[0] = response[0] == '0' ? '1' : '0';
  keycard::set(tampered, "response", response);
  peer.send(admin_login(tampered));
  auto refused = peer.next<message::LoginReply>();
  BOOST_TEST_REQUIRE(refused.has_value());
  BOOST_TEST(int(refused->state) == int(KeycardState::refused));

  // The right response is accepted once...
  peer.send(admin_login(keycard::password_request("alice")));
  challenge = peer.next<message::LoginReply>();
  BOOST_TEST_REQUIRE(challenge.has_value());
  const auto right =
      keycard::password_response(challenge->keycard, "alice", "wonderland");
  peer.send(admin_login(right));
  auto accepted = peer.next<message::LoginReply>();
  BOOST_TEST_REQUIRE(accepted.has_value());
  BOOST_TEST(int(accepted->state) == int(KeycardState::authenticated));

  // ...and never again: an eavesdropper replaying it is refused.
  RawPeer replayer(planet);
  replayer.send(admin_login(right));
  auto replayed = replayer.next<message::LoginReply>();
  BOOST_TEST_REQUIRE(replayed.has_value());
  BOOST_TEST(int(replayed->state) == int(KeycardState::refused));
  BOOST_TEST(keycard::get(replayed->keycard, "reason").find("replayed") !=
                 std::string::npos,
             keycard::get(replayed->keycard, "reason"));
  // A tampered challenge (the peer picks its own nonce) changes nothing.
  replayer.send(admin_login(keycard::password_request("alice")));
  challenge = replayer.next<message::LoginReply>();
  BOOST_TEST_REQUIRE(challenge.has_value());
  auto forged = *challenge;
  keycard::set(forged.keycard, "challenge", "00");
  auto answer = keycard::password_response(forged.keycard, "alice", "wonderland");
  keycard::set(answer, "challenge", "00");
  replayer.send(admin_login(answer));
  refused = replayer.next<message::LoginReply>();
  BOOST_TEST_REQUIRE(refused.has_value());
  BOOST_TEST(int(refused->state) == int(KeycardState::refused));
}

BOOST_AUTO_TEST_CASE(no_keycard_and_garbage_are_refused_while_others_are_served) {
  RunningPlanet planet("guarded.xml", guarded_planet(), {});
  RawPeer peer(planet);
  peer.send(message::Subscribe{});
  BOOST_TEST(peer.next<message::Refused>(10s).has_value(), FLU_LATER(planet.logs()));
  BOOST_TEST(!peer.next<message::StateSnapshot>(1s).has_value());
  BOOST_TEST(in_log(planet, "not logged in"), FLU_LATER(planet.logs()));
  // A login without a keycard.
  peer.send(admin_login({}));
  auto refused = peer.next<message::LoginReply>();
  BOOST_TEST_REQUIRE(refused.has_value());
  BOOST_TEST(int(refused->state) == int(message::KeycardState::refused));
  // Garbage inside an encrypted link, and garbage on a raw TCP connection.
  peer.send_raw("this is not an envelope at all");
  const std::string address = planet.manager_address();
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port =
      htons(static_cast<uint16_t>(std::stoi(address.substr(address.find(':') + 1))));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  BOOST_TEST_REQUIRE(::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) ==
                     0);
  const std::string junk(4096, '\xff');
  BOOST_TEST(::write(fd, junk.data(), junk.size()) > 0);
  ::close(fd);
  BOOST_TEST(in_log(planet, "dropped"), FLU_LATER(planet.logs()));
  // The manager still serves everyone else.
  const auto list = planet.command({"list"});
  BOOST_TEST(list.exit_code() == 0, list.out << list.err);
  BOOST_TEST(planet.manager().running());
}

BOOST_AUTO_TEST_CASE(wrong_manager_key_is_refused_and_logged) {
  RunningPlanet planet("guarded.xml", guarded_planet(), {});
  BOOST_TEST_REQUIRE(planet.command({"list"}).exit_code() == 0, FLU_LATER(planet.logs()));
  const std::string other = link::make_key_pair().public_key;
  const auto r = planet.command({"--manager-key", other, "--timeout-ms", "3000", "list"});
  BOOST_TEST(r.exit_code() == 1, r.out << r.err);
  BOOST_TEST(r.out.find("COMPONENT") == std::string::npos);
  BOOST_TEST(in_log(planet, "127.0.0.1"), FLU_LATER(planet.logs()));
  std::string lower = planet.logs();
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  BOOST_TEST(lower.find("handshake") != std::string::npos, FLU_LATER(planet.logs()));
}

BOOST_AUTO_TEST_CASE(expiring_a_keycard_disconnects_its_admin) {
  RunningPlanet planet("guarded.xml", guarded_planet(), {});
  BOOST_TEST_REQUIRE(planet.command({"list"}).exit_code() == 0, FLU_LATER(planet.logs()));
  Process watch({FLU_COMMAND, "--manager", planet.manager_address(), "watch"},
                planet.options("watch"));
  // The watch is logged in once a keycard list shows two admins (it and the
  // listing command itself).
  std::string listing;
  BOOST_TEST_REQUIRE(poll_until(
      [&] {
        listing = planet.command({"keycards"}).out;
        const std::regex id("local-[0-9a-f]{16}");
        return std::distance(std::sregex_iterator(listing.begin(), listing.end(), id),
                             std::sregex_iterator()) >= 2;
      },
      15s, 250ms));
  BOOST_TEST_REQUIRE(watch.running());
  const std::regex id("local-[0-9a-f]{16}");
  for (auto it = std::sregex_iterator(listing.begin(), listing.end(), id);
       it != std::sregex_iterator(); ++it)
    planet.command({"expire", "manager", it->str()});
  const auto status = watch.wait_for(10s);
  BOOST_TEST_REQUIRE(status.has_value(), "the watching admin was not disconnected");
  BOOST_TEST(WEXITSTATUS(*status) == 1, Process::describe(*status) << watch.err());
  BOOST_TEST(watch.err().find("expired") != std::string::npos, FLU_LATER(watch.err()));
}

BOOST_AUTO_TEST_CASE(viewers_need_the_bouncers_consent) {
  RunningPlanet planet("guarded.xml", guarded_planet(), {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const std::string url =
      "http://127.0.0.1:" + std::to_string(planet.http_port()) + "/live.webm";
  const auto no = run({"/usr/bin/curl", "-s", "-i", "--max-time", "5", url}, 15s);
  BOOST_TEST(no.out.rfind("HTTP/1.1 401", 0) == 0, no.out.substr(0, 200));
  BOOST_TEST(no.out.find("WWW-Authenticate: Basic") != std::string::npos);
  const auto wrong =
      run({"/usr/bin/curl", "-s", "-i", "--max-time", "5", url + "?token=guess"}, 15s);
  BOOST_TEST(wrong.out.rfind("HTTP/1.1 401", 0) == 0, wrong.out.substr(0, 200));
  const auto file = planet.dir().file("viewer.webm");
  Process viewer(
      {"/usr/bin/curl", "-s", "-N", "-o", file.string(), url + "?token=letmein"},
      SpawnOptions{});
  BOOST_TEST_REQUIRE(poll_until(
                         [&] {
                           std::error_code ec;
                           return std::filesystem::file_size(file, ec) > 20000 && !ec;
                         },
                         20s, 100ms),
                     FLU_LATER(planet.logs()));
  // The operator expires the viewer's keycard: the viewer is cut off.
  const auto keycards = planet.command({"keycards", "viewers"});
  BOOST_TEST_REQUIRE(keycards.exit_code() == 0, keycards.out << keycards.err);
  const std::regex id("[0-9a-f]{32}");
  int expired = 0;
  for (auto it = std::sregex_iterator(keycards.out.begin(), keycards.out.end(), id);
       it != std::sregex_iterator(); ++it)
    expired += planet.command({"expire", "viewers", it->str()}).exit_code() == 0;
  BOOST_TEST_REQUIRE(expired >= 1, keycards.out);
  BOOST_TEST(viewer.wait_for(10s).has_value(), "the viewer was not disconnected");
}

// A multi-bouncer runs as a job that loads the bouncers it consults: their
// modules come from their own bundles, resolved and cached like any other.
BOOST_AUTO_TEST_CASE(a_multi_bouncer_consults_bouncers_from_their_own_bundles) {
  std::string xml = guarded_planet();
  const std::string tokens = "<component name=\"viewers\" type=\"token-bouncer\"";
  xml.replace(xml.find(tokens), tokens.size(),
              "<component name=\"lan\" type=\"ip-bouncer\" worker=\"localhost\">\n"
              "      <property name=\"allow\">127.0.0.0/8</property>\n"
              "    </component>\n"
              "    <component name=\"viewers\" type=\"multi-bouncer\" "
              "worker=\"localhost\">\n"
              "      <property name=\"rule\">lan and tokens</property>\n"
              "    </component>\n"
              "    <component name=\"tokens\" type=\"token-bouncer\"");
  RunningPlanet planet("guarded.xml", xml, {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const std::string url =
      "http://127.0.0.1:" + std::to_string(planet.http_port()) + "/live.webm";
  const auto no = run({"/usr/bin/curl", "-s", "-i", "--max-time", "5", url}, 15s);
  BOOST_TEST(no.out.rfind("HTTP/1.1 401", 0) == 0, no.out.substr(0, 200));
  const auto yes = run({"/usr/bin/curl", "-s", "-i", "--max-time", "3", "-o", "/dev/null",
                        "-w", "%{http_code}", url + "?token=letmein"},
                       15s);
  BOOST_TEST(yes.out == "200", yes.out << planet.logs());
  // Both consulted bouncers' modules reached the worker's cache.
  for (const std::string module : {"ip-bouncer", "token-bouncer"}) {
    bool cached = false;
    for (const auto &entry :
         std::filesystem::directory_iterator(planet.dir().file("worker-cache")))
      cached = cached || std::filesystem::exists(entry.path() / "modules" / module);
    BOOST_TEST(cached, module);
  }
}

BOOST_AUTO_TEST_CASE(feeds_need_the_managers_grant) {
  RunningPlanet planet("default.xml");
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto workers = planet.command({"--json", "workers"});
  std::smatch m;
  BOOST_TEST_REQUIRE(
      std::regex_search(workers.out, m, std::regex("\"feed_port\":(\\d+)")), workers.out);
  // An eater that names a real feed and a real eater, with a made-up token.
  auto ask = [&](const message::FeedRequest &request) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(std::stoi(m[1].str())));
    ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    BOOST_REQUIRE(::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0);
    const std::string frame = message::pack(request);
    BOOST_REQUIRE(::write(fd, frame.data(), frame.size()) == ssize_t(frame.size()));
    // Reads until one whole envelope is in (the server may keep the socket).
    std::string reply;
    char buffer[4096];
    std::optional<message::FeedReply> answer;
    for (ssize_t n; !answer && (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
      reply.append(buffer, static_cast<std::size_t>(n));
      auto parsed = message::parse_envelope(reply, 1 << 20);
      if (auto *e = std::get_if<message::Envelope>(&parsed))
        answer = message::decode<message::FeedReply>(e->payload);
    }
    ::close(fd);
    BOOST_REQUIRE(answer.has_value());
    return *answer;
  };
  const auto forged = ask({"/default/muxer:default", "/default/http", "00ff00ff"});
  BOOST_TEST(!forged.ok);
  BOOST_TEST(forged.reason.find("has not granted") != std::string::npos, forged.reason);
  const auto anonymous = ask({"/default/muxer:default", "", ""});
  BOOST_TEST(!anonymous.ok);
  BOOST_TEST(in_log(planet, "has not granted"), FLU_LATER(planet.logs()));
  // The granted eaters still stream.
  BOOST_TEST(planet.all_in_mood("happy", 5s));
}
