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
// Keycard mode (`Auth::keycard`): the producer does not share a secret but
// asks its planet's bouncer about the consumer's user and password, with
// the bouncer's own challenge-response (<flu/module.h>, flu_bouncer_ops):
// the host's single-use challenge, the bouncer's salt and scheme cross the
// link, and the consumer answers hex(HMAC-SHA256(hashed password,
// challenge)). The password never crosses. Only the consumer is proven
// then (the producer holds nothing secret); a consumer in secret mode
// refuses a producer that asks for a keycard, so nothing downgrades.
//
//   consumer: FGDP/1.0 HELLO consumer <user> <nonce>
//      (or, producer first: FGDP/1.0 HELLO producer - <nonce> keycard,
//       consumer: FGDP/1.0 USER <user>)
//   producer: FGDP/1.0 KEYCARD <id> <scheme> <salt> <challenge>
//   consumer: FGDP/1.0 RESPONSE <response>
//   producer: FGDP/1.0 OK keycard                 (or FGDP/1.0 ERROR <reason>)
//
// Then the consumer sends the feed as GDP (caps, events, buffers).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flu::fgdp {

enum class Role { consumer, producer };
enum class Side { initiator, acceptor };
// How the consumer is proven: a secret both sides share, or a keycard the
// producer's planet's bouncer decides on.
enum class Auth { secret, keycard };

using KeycardFields = std::vector<std::pair<std::string, std::string>>;

// What a bouncer said about a keycard (flu_keycard_state and the fields).
struct BouncerAnswer {
  enum class State { refused, authenticated, challenge } state = State::refused;
  KeycardFields fields;
};

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

  // `secret`: the shared secret, or in keycard mode the consumer's password
  // (unused by the producer).
  Handshake(Side side, Role role, std::string user, const std::string &secret,
            Auth auth = Auth::secret);

  // The initiator's first line (with its newline); "" for the acceptor.
  std::string start();
  // One line from the peer (without its newline): the line to answer with
  // ("" for none). Throws HandshakeError; after a refusal of ours,
  // `refusal()` is the line to send the peer before closing.
  std::string receive(std::string_view line);
  bool done() const { return state_ == State::done; }
  const std::string &refusal() const { return refusal_; }

  // A keycard-mode producer: the keycard to put to the bouncer before the
  // handshake can go on (after a receive() that answered ""), or nullopt.
  const std::optional<KeycardFields> &question() const { return question_; }
  // The bouncer's answer to question(): the line to send. Throws
  // HandshakeError like receive(); the peer hears only "wrong credentials"
  // (no hint whether the user exists), the bouncer's reason is ours.
  std::string answer(const BouncerAnswer &answer);
  // The user the peer presented (a keycard-mode producer) and the id of the
  // keycard the bouncer issued, once done.
  const std::string &peer_user() const { return peer_user_; }
  const std::string &keycard_id() const { return keycard_id_; }

private:
  enum class State { hello, challenge, auth, ok, ask, response, done, refused };
  using Nonce = std::array<uint8_t, 16>;
  std::string proof(Side of) const;
  [[noreturn]] void refuse(const std::string &reason);
  [[noreturn]] void refuse(const std::string &reason, const std::string &told);
  std::string receive_keycard(const std::vector<std::string_view> &w);
  std::string ask(KeycardFields keycard);

  Side side_;
  Role role_;
  Auth auth_;
  std::string user_;
  std::string password_; // a keycard-mode consumer's
  std::array<uint8_t, 32> key_{};
  Nonce mine_{}, theirs_{};
  State state_;
  std::string refusal_;
  std::optional<KeycardFields> question_;
  std::string peer_user_, keycard_id_;
};

// A keycard-mode consumer's answer to the bouncer's challenge:
// hex(HMAC-SHA256(key = password hashed by `scheme` ("crypt" or
// "saltsha256") with `salt`, message = challenge)). Throws on an unknown
// scheme or a salt crypt(3) refuses.
std::string keycard_response(const std::string &scheme, const std::string &salt,
                             const std::string &password, const std::string &challenge);

} // namespace flu::fgdp
