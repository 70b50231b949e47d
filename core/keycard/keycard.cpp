#include "keycard/keycard.hpp"

#include <flu/sdk/challenge.hpp>

#include <crypt.h>
#include <sodium.h>

#include <stdexcept>

namespace flu::keycard {
namespace {

void init_sodium() {
  static const int ok = sodium_init();
  if (ok < 0)
    throw std::runtime_error("libsodium could not be initialised");
}

std::string hex(const unsigned char *bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

std::string sha256_hex(const std::string &text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(text.data()),
                     text.size());
  return hex(digest, sizeof digest);
}

std::string crypt_with(const std::string &password, const std::string &setting) {
  struct crypt_data data = {};
  const char *out = crypt_r(password.c_str(), setting.c_str(), &data);
  // crypt_r signals failure with NULL or a string starting with '*'.
  if (!out || *out == '*')
    throw std::runtime_error("crypt(3) refused the salt '" + setting + "'");
  return out;
}

} // namespace

std::string get(const Fields &keycard, const std::string &name) {
  for (const auto &[n, v] : keycard)
    if (n == name)
      return v;
  return {};
}

void set(Fields &keycard, const std::string &name, std::string value) {
  for (auto &[n, v] : keycard)
    if (n == name) {
      v = std::move(value);
      return;
    }
  keycard.emplace_back(name, std::move(value));
}

Fields password_request(const std::string &username) {
  return {{"kind", "password"}, {"username", username}};
}

Fields password_response(const Fields &challenge, const std::string &username,
                         const std::string &password) {
  const std::string nonce = get(challenge, "challenge");
  if (nonce.empty())
    throw std::runtime_error("the bouncer's challenge has no nonce");
  const std::string hashed =
      hashed_password(get(challenge, "scheme"), password, get(challenge, "salt"));
  return {{"id", get(challenge, "id")},
          {"kind", "password"},
          {"username", username},
          {"response", response(hashed, nonce)}};
}

Fields token_request(const std::string &token) {
  return {{"kind", "token"}, {"token", token}};
}

std::string hashed_password(const std::string &scheme, const std::string &password,
                            const std::string &salt) {
  init_sodium();
  if (scheme == "crypt")
    return crypt_with(password, salt);
  if (scheme == "saltsha256")
    return salt + sha256_hex(salt + password);
  throw std::runtime_error("unknown password scheme '" + scheme + "'");
}

std::string response(const std::string &hashed, const std::string &challenge) {
  init_sodium();
  // The bouncers check it with the same SDK code.
  return sdk::hex(sdk::hmac_sha256(hashed, challenge));
}

std::string make_crypt_hash(const std::string &password) {
  // crypt_gensalt_ra picks the library's strongest default (yescrypt on
  // Debian 12) when given no prefix.
  char *setting = crypt_gensalt_ra(nullptr, 0, nullptr, 0);
  if (!setting)
    throw std::runtime_error("crypt_gensalt could not make a salt");
  std::string s(setting);
  free(setting);
  return crypt_with(password, s);
}

std::string make_saltsha256(const std::string &password) {
  const std::string salt = random_hex(8);
  return hashed_password("saltsha256", password, salt);
}

std::string random_hex(std::size_t bytes) {
  init_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  return hex(reinterpret_cast<const unsigned char *>(raw.data()), raw.size());
}

bool equal(const std::string &a, const std::string &b) {
  if (a.size() != b.size())
    return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace flu::keycard
