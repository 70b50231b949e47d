// The bouncer's half of flu's challenge-response (see flu_bouncer_ops in
// <flu/module.h>), for bouncers that store hashed passwords. Uses
// libsodium: a module that includes it links Flu::sdk-password, which
// brings libsodium.
#pragma once

#include <sodium.h>

#include <string>

namespace flu::sdk {

// Raw HMAC-SHA256 of message under key (any length).
inline std::string hmac_sha256(const std::string &key, const std::string &message) {
  crypto_auth_hmacsha256_state state;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char *>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(
      &state, reinterpret_cast<const unsigned char *>(message.data()), message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  return std::string(reinterpret_cast<const char *>(mac), sizeof mac);
}

inline std::string hex(const std::string &bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(),
                 reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size());
  out.pop_back();
  return out;
}

// Whether response == hex(HMAC-SHA256(key = hashed, message = challenge)),
// compared in constant time.
inline bool response_matches(const std::string &hashed, const std::string &challenge,
                             const std::string &response) {
  const std::string expected = hex(hmac_sha256(hashed, challenge));
  return response.size() == expected.size() &&
         sodium_memcmp(response.data(), expected.data(), expected.size()) == 0;
}

} // namespace flu::sdk
