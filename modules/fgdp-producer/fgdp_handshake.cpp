// fgdp: see fgdp_handshake.hpp.
#include "fgdp_handshake.hpp"

#include <sodium.h>

#include <vector>

namespace flu::fgdp {

namespace {

constexpr std::string_view protocol = "FGDP/1.0";

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  while (!line.empty()) {
    const auto space = line.find(' ');
    out.push_back(line.substr(0, space));
    if (space == std::string_view::npos)
      break;
    line.remove_prefix(space + 1);
  }
  return out;
}

template <size_t N> bool from_hex(std::string_view text, std::array<uint8_t, N> &out) {
  size_t n = 0;
  return text.size() == 2 * N &&
         sodium_hex2bin(out.data(), N, text.data(), text.size(), nullptr, &n, nullptr) ==
             0 &&
         n == N;
}

template <size_t N> std::string to_hex(const std::array<uint8_t, N> &bytes) {
  std::string out(2 * N + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes.data(), N);
  out.pop_back();
  return out;
}

bool printable(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return false;
  return true;
}

} // namespace

const char *to_string(Role role) {
  return role == Role::consumer ? "consumer" : "producer";
}

Handshake::Handshake(Side side, Role role, std::string user, const std::string &secret,
                     Auth auth)
    : side_(side), role_(role), auth_(auth), user_(std::move(user)),
      state_(side == Side::initiator ? State::challenge : State::hello) {
  if (sodium_init() < 0)
    throw std::runtime_error("libsodium cannot start");
  if (auth_ == Auth::keycard && role_ == Role::consumer)
    password_ = secret;
  crypto_hash_sha256(key_.data(), reinterpret_cast<const uint8_t *>(secret.data()),
                     secret.size());
  randombytes_buf(mine_.data(), mine_.size());
}

std::string Handshake::start() {
  if (side_ != Side::initiator)
    return {};
  // A keycard-mode producer has no user of its own: the consumer names one.
  if (auth_ == Auth::keycard && role_ == Role::producer)
    return std::string(protocol) + " HELLO producer - " + to_hex(mine_) + " keycard\n";
  return std::string(protocol) + " HELLO " + to_string(role_) + " " + user_ + " " +
         to_hex(mine_) + "\n";
}

std::string Handshake::proof(Side of) const {
  // Both nonces in the order of the sides, so that neither proof can be
  // replayed as the other.
  const Nonce &initiator = side_ == Side::initiator ? mine_ : theirs_;
  const Nonce &acceptor = side_ == Side::initiator ? theirs_ : mine_;
  const Role initiator_role =
      side_ == Side::initiator
          ? role_
          : (role_ == Role::consumer ? Role::producer : Role::consumer);
  std::string message = std::string(of == Side::initiator ? "initiator" : "acceptor") +
                        "\n" + to_string(initiator_role) + "\n" + user_ + "\n";
  message.append(reinterpret_cast<const char *>(initiator.data()), initiator.size());
  message.append(reinterpret_cast<const char *>(acceptor.data()), acceptor.size());
  std::array<uint8_t, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, key_.data(), key_.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const uint8_t *>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&st, mac.data());
  return to_hex(mac);
}

void Handshake::refuse(const std::string &reason) { refuse(reason, reason); }

void Handshake::refuse(const std::string &reason, const std::string &told) {
  refusal_ = std::string(protocol) + " ERROR " + told + "\n";
  state_ = State::refused; // nothing more is taken
  question_.reset();
  throw HandshakeError(reason, false);
}

namespace {

constexpr std::string_view asks_keycard =
    "the fgdp-producer asks for a keycard, but this side shares a secret "
    "(authentication=secret)";
constexpr std::string_view asks_secret =
    "the fgdp-producer asks for the shared secret, but this side presents a keycard "
    "(authentication=keycard)";

// A word of the link's lines that may go into a keycard or a log.
bool word(std::string_view w, size_t max = 128) {
  return !w.empty() && w.size() <= max && printable(w);
}

} // namespace

std::string Handshake::ask(KeycardFields keycard) {
  question_ = std::move(keycard);
  state_ = State::ask;
  return {};
}

std::string Handshake::receive_keycard(const std::vector<std::string_view> &w) {
  if (role_ == Role::producer) {
    switch (state_) {
    case State::hello:
      if (w.size() != 5 || w[1] != "HELLO" || w[2] != "consumer")
        refuse("expected HELLO consumer <user> <nonce>");
      if (!word(w[3], 64))
        refuse("a malformed user");
      peer_user_ = w[3];
      return ask({{"kind", "password"}, {"username", peer_user_}});
    case State::challenge: // we connected and said HELLO
      if (w.size() != 3 || w[1] != "USER" || !word(w[2], 64))
        refuse("expected USER <user>");
      peer_user_ = w[2];
      return ask({{"kind", "password"}, {"username", peer_user_}});
    case State::response:
      if (w.size() != 3 || w[1] != "RESPONSE" || !word(w[2]))
        refuse("expected RESPONSE <response>");
      return ask({{"id", keycard_id_},
                  {"kind", "password"},
                  {"username", peer_user_},
                  {"response", std::string(w[2])}});
    case State::ask:
      refuse("a line before the bouncer answered");
    default:
      refuse("a line after the handshake ended");
    }
  }
  switch (state_) {
  case State::hello: // a producer connected
    if (w.size() == 5 && w[1] == "HELLO")
      refuse(std::string(asks_secret));
    if (w.size() != 6 || w[1] != "HELLO" || w[2] != "producer" || w[5] != "keycard")
      refuse("expected HELLO producer - <nonce> keycard");
    state_ = State::challenge;
    return std::string(protocol) + " USER " + user_ + "\n";
  case State::challenge: {
    if (w.size() == 3 && w[1] == "CHALLENGE")
      refuse(std::string(asks_secret));
    if (w.size() != 6 || w[1] != "KEYCARD" || !word(w[2]) || !word(w[3]) || !word(w[4]) ||
        !word(w[5]))
      refuse("expected KEYCARD <id> <scheme> <salt> <challenge>");
    std::string response;
    try {
      response = keycard_response(std::string(w[3]), std::string(w[4]), password_,
                                  std::string(w[5]));
    } catch (const std::exception &e) {
      refuse(std::string("cannot answer the bouncer's challenge: ") + e.what());
    }
    sodium_memzero(password_.data(), password_.size());
    password_.clear();
    state_ = State::ok;
    return std::string(protocol) + " RESPONSE " + response + "\n";
  }
  case State::ok:
    if (w.size() != 3 || w[1] != "OK" || w[2] != "keycard")
      refuse("expected OK keycard");
    state_ = State::done;
    return {};
  default:
    refuse("a line after the handshake ended");
  }
}

std::string Handshake::answer(const BouncerAnswer &answer) {
  if (!question_ || state_ != State::ask)
    throw std::logic_error("an answer to no question");
  const bool second = question_->front().first == "id";
  question_.reset();
  auto field = [&](const char *name) -> std::string {
    for (const auto &[n, v] : answer.fields)
      if (n == name)
        return v;
    return {};
  };
  const std::string id = field("id");
  switch (answer.state) {
  case BouncerAnswer::State::authenticated:
    keycard_id_ = id;
    state_ = State::done;
    return std::string(protocol) + " OK keycard\n";
  case BouncerAnswer::State::challenge: {
    if (second)
      refuse("the bouncer challenged the answer to its challenge", "wrong credentials");
    const std::string scheme = field("scheme"), salt = field("salt"),
                      challenge = field("challenge");
    if (!word(id) || !word(scheme) || !word(salt) || !word(challenge) ||
        salt.find(' ') != std::string::npos)
      refuse("the bouncer's challenge cannot go over the link", "wrong credentials");
    keycard_id_ = id;
    state_ = State::response;
    return std::string(protocol) + " KEYCARD " + id + " " + scheme + " " + salt + " " +
           challenge + "\n";
  }
  case BouncerAnswer::State::refused:
    break;
  }
  const std::string reason = field("reason");
  refuse("the bouncer refused user '" + peer_user_ +
             "': " + (reason.empty() ? "refused" : reason),
         "wrong credentials");
}

std::string Handshake::receive(std::string_view line) {
  if (line.size() > max_line)
    refuse("a line longer than " + std::to_string(max_line) + " bytes");
  if (!line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  const auto w = words(line);
  if (w.size() < 2 || w[0] != protocol)
    refuse("not FGDP/1.0");
  if (w[1] == "ERROR") {
    std::string reason(line.substr(std::min(line.size(), protocol.size() + 7)));
    if (!printable(reason))
      reason = "(unprintable)";
    throw HandshakeError(reason, true);
  }
  if (auth_ == Auth::keycard)
    return receive_keycard(w);
  switch (state_) {
  case State::hello: {
    if (role_ == Role::consumer && w.size() == 6 && w[1] == "HELLO" && w[5] == "keycard")
      refuse(std::string(asks_keycard));
    if (w.size() != 5 || w[1] != "HELLO")
      refuse("expected HELLO <role> <user> <nonce>");
    const Role theirs_role = role_ == Role::consumer ? Role::producer : Role::consumer;
    if (w[2] != to_string(theirs_role))
      refuse(std::string("a ") + to_string(role_) + " takes a " + to_string(theirs_role) +
             ", not '" + std::string(printable(w[2]) ? w[2] : "?") + "'");
    if (w[3] != user_)
      refuse("wrong credentials");
    if (!from_hex(w[4], theirs_))
      refuse("a malformed nonce");
    state_ = State::auth;
    return std::string(protocol) + " CHALLENGE " + to_hex(mine_) + "\n";
  }
  case State::challenge:
    if (role_ == Role::consumer && w.size() > 1 && w[1] == "KEYCARD")
      refuse(std::string(asks_keycard));
    if (w.size() != 3 || w[1] != "CHALLENGE" || !from_hex(w[2], theirs_))
      refuse("expected CHALLENGE <nonce>");
    state_ = State::ok;
    return std::string(protocol) + " AUTH " + proof(Side::initiator) + "\n";
  case State::auth: {
    const std::string expected = proof(Side::initiator);
    if (w.size() != 3 || w[1] != "AUTH")
      refuse("expected AUTH <proof>");
    if (w[2].size() != expected.size() ||
        sodium_memcmp(w[2].data(), expected.data(), expected.size()) != 0)
      refuse("wrong credentials");
    state_ = State::done;
    return std::string(protocol) + " OK " + proof(Side::acceptor) + "\n";
  }
  case State::ok: {
    const std::string expected = proof(Side::acceptor);
    if (w.size() != 3 || w[1] != "OK")
      refuse("expected OK <proof>");
    if (w[2].size() != expected.size() ||
        sodium_memcmp(w[2].data(), expected.data(), expected.size()) != 0)
      refuse("the peer does not know the shared secret");
    state_ = State::done;
    return {};
  }
  default:
    break;
  }
  refuse("a line after the handshake ended");
}

} // namespace flu::fgdp
