// The manager's CURVE keys on disk. See curve_keys.hpp for the layout.
//
// Creation is race-safe as well as crash-safe: the secret goes into a
// temporary file that is link()ed to its final name, which fails when
// another manager started at the same moment got there first; we then use
// its key rather than overwrite it.
#include "link/curve_keys.hpp"

#include "files/atomic_file.hpp"

#include <zmq.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace flu::link {
namespace {

using files::create_exclusive;
using files::make_private_dir;
using files::replace_file;

namespace fs = std::filesystem;

constexpr std::size_t z85_key_chars = 40;
constexpr const char *public_name = "manager.key";
constexpr const char *secret_name = "manager.key_secret";

std::string errno_text(int err) { return std::strerror(err); }

// The file's text with one trailing newline (or CRLF) removed.
std::string read_key_file(const fs::path &file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw std::runtime_error("cannot read " + file.string() + ": " + errno_text(errno));
  std::ostringstream text;
  text << in.rdbuf();
  std::string key = text.str();
  if (!key.empty() && key.back() == '\n')
    key.pop_back();
  if (!key.empty() && key.back() == '\r')
    key.pop_back();
  return key;
}

// Why `key` is not a Z85 CURVE key, or "" when it is one.
std::string key_problem(const std::string &key) {
  if (key.size() != z85_key_chars)
    return "expected " + std::to_string(z85_key_chars) + " Z85 characters, found " +
           std::to_string(key.size());
  uint8_t bytes[32];
  if (!zmq_z85_decode(bytes, key.c_str()))
    return "not Z85 text (a character outside the Z85 alphabet?)";
  return {};
}

void check_file_key(const std::string &key, const fs::path &file) {
  if (const std::string why = key_problem(key); !why.empty())
    throw std::runtime_error(file.string() + " is malformed: " + why);
}

std::string load_secret(const fs::path &file) {
  files::check_private(file, "chmod 600 it if it was never exposed, else remove both key "
                             "files to make a new pair");
  std::string key = read_key_file(file);
  check_file_key(key, file);
  return key;
}

std::string public_of(const std::string &secret) {
  char pub[41];
  if (zmq_curve_public(pub, secret.c_str()) != 0)
    throw std::runtime_error("cannot derive the public key: " + errno_text(errno));
  return pub;
}

} // namespace

KeyPair make_key_pair() {
  char pub[41], sec[41];
  if (zmq_curve_keypair(pub, sec) != 0)
    throw std::runtime_error("cannot make a CURVE key pair (libzmq without CURVE?): " +
                             errno_text(errno));
  return {pub, sec};
}

void check_z85_key(const std::string &key, const std::string &what) {
  if (const std::string why = key_problem(key); !why.empty())
    throw std::invalid_argument(what + " is not a CURVE key: " + why);
}

KeyPair load_or_create_manager_keys(const fs::path &dir) {
  make_private_dir(dir);
  const fs::path public_file = dir / public_name;
  const fs::path secret_file = dir / secret_name;

  if (!fs::exists(secret_file)) {
    if (fs::exists(public_file))
      throw std::runtime_error(public_file.string() + " exists but " +
                               secret_file.string() +
                               " does not: restore the secret key, or remove " +
                               public_file.string() + " to make a new pair");
    const KeyPair made = make_key_pair();
    if (create_exclusive(secret_file, made.secret_key + "\n", 0600)) {
      replace_file(public_file, made.public_key + "\n", 0644);
      return made;
    }
    // Another manager made one meanwhile: use it, below.
  }

  KeyPair keys;
  keys.secret_key = load_secret(secret_file);
  keys.public_key = public_of(keys.secret_key);
  if (!fs::exists(public_file)) {
    // A crash between the two files: the public key is made again.
    replace_file(public_file, keys.public_key + "\n", 0644);
    return keys;
  }
  const std::string stored = read_key_file(public_file);
  check_file_key(stored, public_file);
  if (stored != keys.public_key)
    throw std::runtime_error(public_file.string() + " does not belong to " +
                             secret_file.string() + " (it should read " +
                             keys.public_key + ")");
  return keys;
}

std::string read_public_key(const std::string &text_or_file) {
  // '@' is a Z85 character too, and so is every character of a path like
  // "@/tmp/x/manager.key": an existing file wins, then a whole valid key.
  const bool names_file = !text_or_file.empty() && text_or_file[0] == '@';
  const bool is_key = key_problem(text_or_file).empty() &&
                      !(names_file && fs::exists(text_or_file.substr(1)));
  if (!is_key && names_file) {
    const fs::path file = text_or_file.substr(1);
    if (file.empty())
      throw std::invalid_argument("\"@\" must be followed by the file holding the "
                                  "manager's public key");
    std::string key;
    try {
      key = read_key_file(file);
    } catch (const std::runtime_error &e) {
      throw std::invalid_argument(std::string(e.what()) +
                                  " (the manager's public key was to be read there)");
    }
    check_z85_key(key, file.string());
    return key;
  }
  check_z85_key(text_or_file, "the manager key \"" + text_or_file.substr(0, 64) + "\"");
  return text_or_file;
}

fs::path default_manager_dir() {
  if (const char *dir = std::getenv("FLU_MANAGER_DIR"); dir && *dir)
    return dir;
  // The XDG spec says a relative XDG_CONFIG_HOME is to be ignored.
  if (const char *xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/')
    return fs::path(xdg) / "flu" / "manager";
  if (const char *home = std::getenv("HOME"); home && *home)
    return fs::path(home) / ".config" / "flu" / "manager";
  throw std::runtime_error("cannot tell where the manager keeps its keys: set "
                           "FLU_MANAGER_DIR or HOME");
}

} // namespace flu::link
