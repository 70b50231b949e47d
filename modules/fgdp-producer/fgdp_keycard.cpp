// fgdp: a keycard-mode consumer's answer to the bouncer's challenge (see
// fgdp_handshake.hpp). The hashing is the one flu's bouncers check
// (<flu/module.h>, flu_bouncer_ops): crypt(3) with the stored hash's setting,
// or Flumotion's salted SHA-256.
#include "fgdp_handshake.hpp"

#include <flu/sdk/challenge.hpp>

#include <crypt.h>
#include <sodium.h>

namespace flu::fgdp {

namespace {

std::string hashed_password(const std::string &scheme, const std::string &salt,
                            const std::string &password) {
  if (scheme == "crypt") {
    struct crypt_data data = {};
    const char *out = crypt_r(password.c_str(), salt.c_str(), &data);
    // crypt_r signals failure with NULL or a string starting with '*'.
    if (!out || *out == '*')
      throw std::runtime_error("crypt(3) refuses the salt");
    std::string hashed(out);
    sodium_memzero(&data, sizeof data);
    return hashed;
  }
  if (scheme == "saltsha256") {
    const std::string salted = salt + password;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(salted.data()),
                       salted.size());
    return salt + flu::sdk::hex(
                      std::string(reinterpret_cast<const char *>(digest), sizeof digest));
  }
  throw std::runtime_error("an unknown password scheme");
}

} // namespace

std::string keycard_response(const std::string &scheme, const std::string &salt,
                             const std::string &password, const std::string &challenge) {
  std::string hashed = hashed_password(scheme, salt, password);
  const std::string response = flu::sdk::hex(flu::sdk::hmac_sha256(hashed, challenge));
  sodium_memzero(hashed.data(), hashed.size());
  return response;
}

} // namespace flu::fgdp
