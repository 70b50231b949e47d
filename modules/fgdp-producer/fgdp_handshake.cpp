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

Handshake::Handshake(Side side, Role role, std::string user, const std::string &secret)
    : side_(side), role_(role), user_(std::move(user)),
      state_(side == Side::initiator ? State::challenge : State::hello) {
  if (sodium_init() < 0)
    throw std::runtime_error("libsodium cannot start");
  crypto_hash_sha256(key_.data(), reinterpret_cast<const uint8_t *>(secret.data()),
                     secret.size());
  randombytes_buf(mine_.data(), mine_.size());
}

std::string Handshake::start() {
  if (side_ != Side::initiator)
    return {};
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

void Handshake::refuse(const std::string &reason) {
  refusal_ = std::string(protocol) + " ERROR " + reason + "\n";
  throw HandshakeError(reason, false);
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
  switch (state_) {
  case State::hello: {
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
  case State::done:
    break;
  }
  refuse("a line after the handshake ended");
}

} // namespace flu::fgdp
