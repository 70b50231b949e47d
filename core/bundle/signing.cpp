// See signing.hpp for the formats.
#include "bundle/signing.hpp"

#include "files/atomic_file.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <sstream>

namespace flu::bundle {
namespace {

namespace fs = std::filesystem;

constexpr const char *public_tag = "flu-release-key";
constexpr const char *secret_tag = "flu-release-secret-key";
constexpr const char *signature_tag = "flu-bundle-signature";
constexpr const char *algorithm = "ed25519";

void init_sodium() {
  if (sodium_init() < 0)
    throw SignatureError("libsodium failed to initialise");
}

std::string to_base64(const unsigned char *bytes, std::size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, n, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// Decodes exactly out.size() bytes or throws naming `what`.
template <std::size_t N>
void from_base64(const std::string &text, std::array<unsigned char, N> &out,
                 const std::string &what) {
  std::size_t length = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr,
                        &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      length != N)
    throw SignatureError(what + ": not a base64 " + std::to_string(N) + "-byte value");
}

bool valid_name(const std::string &name) {
  return !name.empty() && name.size() <= 64 &&
         std::all_of(name.begin(), name.end(),
                     [](char c) {
                       return std::isalnum(static_cast<unsigned char>(c)) || c == '.' ||
                              c == '_' || c == '-';
                     }) &&
         name.front() != '.';
}

// The words of a one-line key or signature file.
std::vector<std::string> words_of(std::string line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
    line.pop_back();
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;)
    words.push_back(w);
  return words;
}

std::vector<std::string> expect_words(const std::string &text, const char *tag,
                                      const std::string &where) {
  if (text.find('\n') != std::string::npos && text.find('\n') + 1 < text.size())
    throw SignatureError(where + ": expected one line");
  auto w = words_of(text);
  if (w.size() != 4 || w[0] != tag)
    throw SignatureError(where + ": expected \"" + tag + " " + algorithm + " ...\"");
  if (w[1] != algorithm)
    throw SignatureError(where + ": unsupported algorithm \"" + w[1] + "\"");
  return w;
}

} // namespace

std::string sha256_hex(std::string_view bytes) {
  init_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(bytes.data()),
                     bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string PublicKey::id() const {
  return sha256_hex({reinterpret_cast<const char *>(bytes.data()), bytes.size()})
      .substr(0, 16);
}

std::string PublicKey::text() const {
  return std::string(public_tag) + " " + algorithm + " " +
         to_base64(bytes.data(), bytes.size()) + " " + name + "\n";
}

PublicKey SecretKey::public_key() const {
  PublicKey key{name, {}};
  crypto_sign_ed25519_sk_to_pk(key.bytes.data(), bytes.data());
  return key;
}

std::string SecretKey::text() const {
  return std::string(secret_tag) + " " + algorithm + " " +
         to_base64(bytes.data(), bytes.size()) + " " + name + "\n";
}

SecretKey generate_key(const std::string &name) {
  if (!valid_name(name))
    throw SignatureError("key name \"" + name +
                         "\": use letters, digits, '.', '_' and '-' (at most 64)");
  init_sodium();
  SecretKey key{name, {}};
  std::array<unsigned char, 32> pk{};
  crypto_sign_keypair(pk.data(), key.bytes.data());
  return key;
}

void write_key_files(const fs::path &dir, const SecretKey &key) {
  fs::create_directories(dir);
  const fs::path secret = dir / (key.name + ".key");
  if (!files::create_exclusive(secret, key.text(), 0600))
    throw SignatureError(secret.string() + " already exists: not replacing a key");
  files::replace_file(dir / (key.name + ".pub"), key.public_key().text(), 0644);
}

PublicKey parse_public_key(const std::string &line, const std::string &where) {
  const auto w = expect_words(line, public_tag, where);
  if (!valid_name(w[3]))
    throw SignatureError(where + ": malformed key name \"" + w[3] + "\"");
  PublicKey key{w[3], {}};
  from_base64(w[2], key.bytes, where);
  return key;
}

PublicKey read_public_key(const fs::path &file) {
  try {
    return parse_public_key(files::read_file(file), file.string());
  } catch (const std::runtime_error &e) {
    if (dynamic_cast<const SignatureError *>(&e))
      throw;
    throw SignatureError(e.what());
  }
}

SecretKey read_secret_key(const fs::path &file) {
  std::string text;
  try {
    files::check_private(file);
    text = files::read_file(file);
  } catch (const std::runtime_error &e) {
    throw SignatureError(e.what());
  }
  const auto w = expect_words(text, secret_tag, file.string());
  if (!valid_name(w[3]))
    throw SignatureError(file.string() + ": malformed key name \"" + w[3] + "\"");
  SecretKey key{w[3], {}};
  from_base64(w[2], key.bytes, file.string());
  sodium_memzero(text.data(), text.size());
  return key;
}

std::string sign(const SecretKey &key, std::string_view message) {
  init_sodium();
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr,
                       reinterpret_cast<const unsigned char *>(message.data()),
                       message.size(), key.bytes.data());
  return std::string(signature_tag) + " " + algorithm + " " + key.public_key().id() +
         " " + to_base64(sig.data(), sig.size()) + "\n";
}

void TrustStore::add(const PublicKey &key) { keys_[key.id()] = key; }

void TrustStore::add_directory(const fs::path &dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return;
  std::vector<fs::path> files;
  for (const auto &entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".pub")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto &file : files)
    add(read_public_key(file));
}

const PublicKey *TrustStore::find(const std::string &id) const {
  const auto it = keys_.find(id);
  return it == keys_.end() ? nullptr : &it->second;
}

std::vector<PublicKey> TrustStore::keys() const {
  std::vector<PublicKey> out;
  for (const auto &[id, key] : keys_)
    out.push_back(key);
  return out;
}

const PublicKey &TrustStore::verify(std::string_view signature,
                                    std::string_view message) const {
  const auto w = expect_words(std::string(signature), signature_tag, "signature");
  const PublicKey *key = find(w[2]);
  if (!key)
    throw SignatureError("signed by key " + w[2] + ", which is not in the trust store");
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  from_base64(w[3], sig, "signature");
  init_sodium();
  if (crypto_sign_verify_detached(sig.data(),
                                  reinterpret_cast<const unsigned char *>(message.data()),
                                  message.size(), key->bytes.data()) != 0)
    throw SignatureError("the signature by key " + key->name + " (" + w[2] +
                         ") does not match: the manifest was changed after signing");
  return *key;
}

} // namespace flu::bundle
