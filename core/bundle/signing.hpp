// Release keys and bundle signatures: Ed25519 (libsodium).
//
// A release engineer signs a bundle's manifest (which holds the SHA-256 of
// every file, so the signature covers them all); the manager and every
// worker keep a trust store of release public keys and accept a bundle only
// when a key in their store signed it.
//
// Key files are one line of text, so that they can be mailed and diffed:
//   NAME.pub   flu-release-key ed25519 BASE64(32-byte public key) NAME
//   NAME.key   flu-release-secret-key ed25519 BASE64(64-byte secret key) NAME   (mode
//   0600)
// A signature is one line too (flu-bundle.sig inside a bundle):
//   flu-bundle-signature ed25519 KEY-ID BASE64(64-byte signature)
// where KEY-ID is the first 16 hex digits of SHA-256(public key).
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flu::bundle {

// what() names the key file, the key or the signature and the problem.
class SignatureError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct PublicKey {
  std::string name;
  std::array<unsigned char, 32> bytes{};
  std::string id() const;   // 16 hex digits
  std::string text() const; // the .pub line, with its newline
};

struct SecretKey {
  std::string name;
  std::array<unsigned char, 64> bytes{};
  PublicKey public_key() const;
  std::string text() const;
};

SecretKey generate_key(const std::string &name); // name: [A-Za-z0-9._-]+

// Writes DIR/NAME.key (0600, never over an existing file) and DIR/NAME.pub.
void write_key_files(const std::filesystem::path &dir, const SecretKey &key);

// Throws SignatureError naming the file: malformed, or (secret) readable by
// others than its owner.
PublicKey read_public_key(const std::filesystem::path &file);
SecretKey read_secret_key(const std::filesystem::path &file);
PublicKey parse_public_key(const std::string &line, const std::string &where);

// The signature line for `message`.
std::string sign(const SecretKey &key, std::string_view message);

class TrustStore {
public:
  void add(const PublicKey &key);
  // Every DIR/*.pub; a missing directory adds nothing. Throws SignatureError
  // for a malformed key file (a trust store is configuration: fail loudly).
  void add_directory(const std::filesystem::path &dir);

  const PublicKey *find(const std::string &id) const;
  bool empty() const { return keys_.empty(); }
  std::vector<PublicKey> keys() const;

  // Checks `signature` (a signature line) over `message`; returns the key
  // that made it. Throws SignatureError: malformed, unknown key (naming its
  // id), or a signature that does not match.
  const PublicKey &verify(std::string_view signature, std::string_view message) const;

private:
  std::map<std::string, PublicKey> keys_; // by id
};

// Hex SHA-256 of `bytes` (64 lowercase digits).
std::string sha256_hex(std::string_view bytes);

} // namespace flu::bundle
