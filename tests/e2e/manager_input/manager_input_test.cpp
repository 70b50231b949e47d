// A real flu-manager fed hostile input on its ZeroMQ port, by peers that
// know its public key but have not logged in: garbage, wrong
// magic, frames over --max-frame-bytes, multipart messages, undecodable and
// unknown payloads, a 2^30 element count and a 10 MB message past ZeroMQ's
// own size guard. After each, the manager must still run and still answer
// the real flu-command, and (for every frame it sees) log a line naming the
// peer by the routing id the attacker chose. No worker is needed.
#define BOOST_TEST_MODULE test - e2e - manager - input
#include "contains.hpp"
#include "free_port.hpp"
#include "message/codec.hpp"
#include "process.hpp"
#include "temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <zmq.hpp>

#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace flu::test;
namespace msg = flu::message;

namespace {

constexpr std::size_t max_frame = 65536; // the manager's --max-frame-bytes

using flu::test::contains;

// The resident set of a process, from /proc/PID/status ("VmRSS:  1234 kB").
long rss_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stol(line.substr(6));
  return -1;
}

// One manager for the whole suite, started once; each case attacks it.
struct Manager {
  TempDir dir{"flu-e2e-manager-input"};
  uint16_t port = free_tcp_port();
  std::string address = "127.0.0.1:" + std::to_string(port);
  Process process{{FLU_MANAGER, FLU_SOURCE_DIR "/examples/planets/default.xml", "--port",
                   std::to_string(port), "--max-frame-bytes", std::to_string(max_frame)},
                  {dir.file("manager.out"), dir.file("manager.err"), env(), true}};

  std::vector<std::pair<std::string, std::string>> env() const {
    return {{"FLU_DEBUG", "3"}, {"FLU_MANAGER_DIR", dir.file("manager").string()}};
  }
  std::string public_key() const {
    std::ifstream in(dir.file("manager") / "manager.key");
    std::string key;
    std::getline(in, key);
    return key;
  }

  Manager() {
    const bool listening = poll_until(
        [&] { return !process.running() || contains(log(), "listening on"); }, 20s);
    if (!listening || !process.running())
      throw std::runtime_error("flu-manager did not start: " + log());
  }
  std::string log() const { return process.err(); }

  // The manager runs and `flu-command list` gets the default planet from it.
  void check_answers(const std::string &after) {
    BOOST_TEST_CONTEXT("after " << after) {
      BOOST_REQUIRE_MESSAGE(process.running(), "flu-manager died: " << log());
      const auto list =
          run({FLU_COMMAND, "--manager", address, "--timeout-ms", "10000", "list"}, 30s,
              env());
      BOOST_TEST(list.exited_ok(), Process::describe(list.status) << ": " << list.err);
      BOOST_TEST(contains(list.out, "/default/http"), list.out);
    }
  }

  // Waits until the manager's log has a line naming `peer` that contains
  // `text`; returns that line ("" if none came).
  std::string logged(const std::string &peer, const std::string &text) {
    std::string found;
    poll_until(
        [&] {
          std::istringstream lines(log());
          for (std::string line; std::getline(lines, line);)
            if (contains(line, "peer " + peer) && contains(line, text)) {
              found = line;
              return true;
            }
          return false;
        },
        10s);
    return found;
  }
};

// A DEALER with a routing id we choose, as an attacker would connect: it
// has the manager's public key (it is public) but no keycard.
struct Attacker {
  zmq::context_t context{1};
  zmq::socket_t socket{context, zmq::socket_type::dealer};

  Attacker(const std::string &address, const std::string &identity);

  void send(const std::vector<std::string> &parts) {
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const auto flags =
          i + 1 < parts.size() ? zmq::send_flags::sndmore : zmq::send_flags::none;
      BOOST_REQUIRE(socket.send(zmq::buffer(parts[i]), flags).has_value());
    }
  }

  // The next message's single frame, or "" after `timeout`.
  std::string receive(std::chrono::milliseconds timeout) {
    zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, timeout) <= 0)
      return {};
    zmq::message_t m;
    if (!socket.recv(m, zmq::recv_flags::dontwait))
      return {};
    return m.to_string();
  }
};

Manager &manager();

Attacker::Attacker(const std::string &address, const std::string &identity) {
  char public_key[41] = {}, secret_key[41] = {};
  BOOST_REQUIRE(zmq_curve_keypair(public_key, secret_key) == 0);
  socket.set(zmq::sockopt::linger, 0);
  socket.set(zmq::sockopt::routing_id, identity);
  socket.set(zmq::sockopt::curve_serverkey, manager().public_key());
  socket.set(zmq::sockopt::curve_publickey, std::string(public_key));
  socket.set(zmq::sockopt::curve_secretkey, std::string(secret_key));
  socket.connect("tcp://" + address);
}

// One manager for the whole suite: started by the first case that needs it,
// stopped by the last (cases run in file order), killed at exit otherwise.
Manager &manager() {
  static Manager m;
  return m;
}

// Sends `parts` as peer `id`, then checks the log line and the manager.
void attack(const std::string &id, const std::vector<std::string> &parts,
            const std::string &logged_text) {
  Manager &m = manager();
  Attacker attacker(m.address, id);
  attacker.send(parts);
  const std::string line = m.logged(id, logged_text);
  BOOST_TEST(!line.empty(),
             "no log line naming peer " << id << " with '" << logged_text << "'");
  m.check_answers(id);
}

// A Login (the one message read before a peer has logged in) whose keycard
// count says 2^30. The count is where the encodings with no and with one
// keycard field first differ.
std::string login_with_huge_count() {
  msg::Login login{msg::PeerRole::worker, "evil", {}};
  const std::string none = msg::encode(login);
  login.keycard.push_back({"kind", "token"});
  std::string payload = msg::encode(login);
  std::size_t at = 0;
  while (at < none.size() && none[at] == payload[at])
    ++at;
  BOOST_REQUIRE(at + 8 <= payload.size());
  BOOST_REQUIRE(payload.substr(at, 8) == std::string("\x01\0\0\0\0\0\0\0", 8));
  payload.replace(at, 8, std::string("\0\0\0\x40\0\0\0\0", 8)); // 2^30
  return msg::frame(static_cast<uint16_t>(msg::Type::login), 1, payload);
}

} // namespace

BOOST_AUTO_TEST_CASE(starts_and_answers) { manager().check_answers("start"); }

BOOST_AUTO_TEST_CASE(survives_random_garbage) {
  std::mt19937 rng(7);
  std::string garbage(300, '\0');
  for (char &c : garbage)
    c = static_cast<char>(rng() & 0xff);
  attack("e2e-garbage", {garbage}, "dropped a frame");
  attack("e2e-empty", {std::string()}, "truncated envelope (0 bytes)");
}

BOOST_AUTO_TEST_CASE(survives_wrong_magic) {
  std::string f = msg::pack(msg::PlanetRequest{});
  f[0] = 'X';
  attack("e2e-magic", {f}, "wrong magic");
}

BOOST_AUTO_TEST_CASE(survives_a_frame_over_max_frame_bytes) {
  const std::string f = msg::pack(msg::Refused{std::string(100 * 1024, 'a')});
  attack("e2e-oversized", {f}, "exceeds the limit of " + std::to_string(max_frame));
}

BOOST_AUTO_TEST_CASE(survives_a_multipart_message) {
  const std::string f = msg::pack(msg::PlanetRequest{});
  attack("e2e-multipart", {f, f, f}, "dropped a message of 4 parts");
}

BOOST_AUTO_TEST_CASE(survives_an_undecodable_payload) {
  const std::string f =
      msg::frame(static_cast<uint16_t>(msg::Type::login), 1, "\x05not a login");
  attack("e2e-undecodable", {f}, "dropped a message");
}

BOOST_AUTO_TEST_CASE(survives_a_hostile_count_without_growing) {
  const long before = rss_kb(manager().process.pid());
  attack("e2e-hostile-count", {login_with_huge_count()}, "element count too large");
  const long after = rss_kb(manager().process.pid());
  BOOST_TEST(after - before < 64 * 1024, "RSS " << before << " -> " << after << " kB");
}

BOOST_AUTO_TEST_CASE(refuses_an_unknown_type_and_says_why) {
  Manager &m = manager();
  Attacker attacker(m.address, "e2e-unknown-type");
  attacker.send({msg::frame(999, 5, "whatever")});
  const std::string reply = attacker.receive(10s);
  auto parsed = msg::parse_envelope(reply, msg::default_max_frame_bytes);
  BOOST_REQUIRE_MESSAGE(std::holds_alternative<msg::Envelope>(parsed),
                        "no valid reply: " << reply.size() << " bytes");
  const auto &e = std::get<msg::Envelope>(parsed);
  BOOST_TEST(e.type == static_cast<uint16_t>(msg::Type::refused));
  BOOST_TEST(contains(msg::decode<msg::Refused>(e.payload).reason, "log in first"));
  BOOST_TEST(!m.logged("e2e-unknown-type", "refused").empty());
  m.check_answers("an unknown type");
}

BOOST_AUTO_TEST_CASE(survives_a_message_past_zeromqs_size_guard) {
  // 10 MB, far past the socket's maxmsgsize (2 × max frame): ZeroMQ cuts
  // the connection while reading the size, before allocating, and the
  // manager never sees the message — so there is no log line to wait for;
  // the attacker's monitor shows the disconnect instead.
  Manager &m = manager();
  const long before = rss_kb(m.process.pid());
  Attacker attacker(m.address, "e2e-huge");
  zmq::socket_t monitor(attacker.context, zmq::socket_type::pair);
  BOOST_REQUIRE(zmq_socket_monitor(attacker.socket.handle(), "inproc://e2e-huge-monitor",
                                   ZMQ_EVENT_DISCONNECTED) == 0);
  monitor.set(zmq::sockopt::linger, 0);
  monitor.connect("inproc://e2e-huge-monitor");
  attacker.send({msg::pack(msg::Refused{std::string(10 << 20, 'h')})});
  zmq::pollitem_t item{monitor.handle(), 0, ZMQ_POLLIN, 0};
  BOOST_TEST(zmq::poll(&item, 1, std::chrono::milliseconds(10000)) == 1,
             "the manager did not disconnect a peer sending 10 MB");
  m.check_answers("a 10 MB message");
  const long after = rss_kb(m.process.pid());
  BOOST_TEST(after - before < 64 * 1024, "RSS " << before << " -> " << after << " kB");
  BOOST_TEST(!contains(m.log(), "peer e2e-huge"), "ZeroMQ was expected to drop it first");
}

BOOST_AUTO_TEST_CASE(stops_cleanly_after_all_of_it) {
  Manager &m = manager();
  m.check_answers("everything");
  // --json as well: the snapshot is intact, not just printable.
  const auto json =
      run({FLU_COMMAND, "--manager", m.address, "--json", "list"}, 30s, m.env());
  BOOST_TEST(json.exited_ok());
  BOOST_TEST(contains(json.out, "\"id\":\"/default/http\""), json.out);
  BOOST_TEST(Process::describe(m.process.stop(10s)) == "exited with code 0");
  BOOST_TEST_MESSAGE("manager stderr:\n" << m.log());
}
