// token-bouncer: see token_bouncer.hpp.
#include "token_bouncer.hpp"

#include <sodium.h>

#include <stdexcept>

namespace flu::modules {
namespace {

std::array<unsigned char, 32> sha256(const std::string &text) {
  std::array<unsigned char, 32> digest;
  static_assert(sizeof digest == crypto_hash_sha256_BYTES);
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char *>(text.data()),
                     text.size());
  return digest;
}

} // namespace

TokenBouncer::TokenBouncer(const sdk::Host &config) {
  if (sodium_init() < 0)
    throw std::runtime_error("libsodium could not be initialised");
  const auto values = config.strings("token");
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string &value = values[i];
    const auto colon = value.find(':');
    const std::string owner = colon == std::string::npos ? "" : value.substr(0, colon);
    const std::string token =
        colon == std::string::npos ? value : value.substr(colon + 1);
    const std::string which = "token " + std::to_string(i + 1);
    if (colon == 0)
      throw std::runtime_error(which + ": empty name before ':'");
    if (token.empty())
      throw std::runtime_error(which + ": empty token");
    const Digest digest = sha256(token);
    for (const auto &t : tokens_)
      if (sodium_memcmp(t.digest.data(), digest.data(), digest.size()) == 0)
        throw std::runtime_error(which + ": the same token is given twice");
    tokens_.push_back({digest, owner});
  }
}

flu_keycard_state TokenBouncer::authenticate(const sdk::Keycard &keycard,
                                             sdk::Reply &reply) {
  const std::string token = keycard.get("token");
  if (token.empty())
    return reply.refuse("no token");
  const Digest digest = sha256(token);
  // Every token is compared, matched or not.
  const Token *match = nullptr;
  for (const auto &t : tokens_) {
    const bool same = sodium_memcmp(t.digest.data(), digest.data(), digest.size()) == 0;
    match = same ? &t : match;
  }
  if (!match)
    return reply.refuse("unknown token");
  if (!match->owner.empty())
    reply.set("username", match->owner);
  return reply.accept();
}

} // namespace flu::modules
