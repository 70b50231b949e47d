// The FGDP link's handshake (feeds between planets), as pure logic: lines
// in, lines out, no I/O, so that the parser can be fuzzed on its own.
//
// The side that connects (the initiator) and the side that accepts may be
// either end of the feed: an fgdp-consumer pushes to a listening
// fgdp-producer, or (for a site behind a firewall) an fgdp-producer
// connects to a listening fgdp-consumer. Both prove they know the shared
// secret without sending it: each sends a random nonce, and each answers
// with HMAC-SHA256 (libsodium) over both nonces, its side, the roles and
// the user, keyed with SHA-256 of the secret. Four lines of at most
// `max_line` bytes:
//
//   initiator: FGDP/1.0 HELLO <its role> <user> <nonce>
//   acceptor:  FGDP/1.0 CHALLENGE <nonce>         (or FGDP/1.0 ERROR <reason>)
//   initiator: FGDP/1.0 AUTH <its proof>
//   acceptor:  FGDP/1.0 OK <its proof>            (or FGDP/1.0 ERROR <reason>)
//
// Then the consumer sends the feed as GDP (caps, events, buffers).
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace flu::fgdp {

enum class Role { consumer, producer };
enum class Side { initiator, acceptor };

const char *to_string(Role role);

// A failed handshake. `refused_by_peer`: the other side said no (its
// reason in what()); otherwise this side refuses what the peer sent.
class HandshakeError : public std::runtime_error {
public:
  HandshakeError(const std::string &what, bool refused_by_peer)
      : std::runtime_error(what), refused_by_peer_(refused_by_peer) {}
  bool refused_by_peer() const { return refused_by_peer_; }

private:
  bool refused_by_peer_;
};

class Handshake {
public:
  static constexpr size_t max_line = 512;

  Handshake(Side side, Role role, std::string user, const std::string &secret);

  // The initiator's first line (with its newline); "" for the acceptor.
  std::string start();
  // One line from the peer (without its newline): the line to answer with
  // ("" for none). Throws HandshakeError; after a refusal of ours,
  // `refusal()` is the line to send the peer before closing.
  std::string receive(std::string_view line);
  bool done() const { return state_ == State::done; }
  const std::string &refusal() const { return refusal_; }

private:
  enum class State { hello, challenge, auth, ok, done };
  using Nonce = std::array<uint8_t, 16>;
  std::string proof(Side of) const;
  [[noreturn]] void refuse(const std::string &reason);

  Side side_;
  Role role_;
  std::string user_;
  std::array<uint8_t, 32> key_{};
  Nonce mine_{}, theirs_{};
  State state_;
  std::string refusal_;
};

} // namespace flu::fgdp
