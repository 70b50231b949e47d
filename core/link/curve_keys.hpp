// The manager's CURVE key pair on disk, and the public key peers pin.
//
// DIR/manager.key holds the public key (mode 0644) and DIR/manager.key_secret
// the secret one (mode 0600), both as Z85 text on one line. The manager makes
// them on its first start; each file appears whole or not at all (written
// aside, then linked into place), and the secret is written first, so that a
// crash leaves either nothing, or a secret from which the public key is made
// again.
#pragma once

#include <filesystem>
#include <string>

namespace flu::link {

struct KeyPair {
  std::string public_key; // Z85, 40 characters
  std::string secret_key;
};

KeyPair make_key_pair();

// Loads the pair from dir, making dir (0700) and the pair first when absent.
// Throws std::runtime_error naming the file when one is malformed, or when
// the secret file can be read by others than its owner.
KeyPair load_or_create_manager_keys(const std::filesystem::path &dir);

// A public key given on a command line: Z85 text, or "@FILE" to read it
// from a file (such as DIR/manager.key). '@' being a Z85 character, text
// that is a whole key is taken as one even when it begins with '@'. Throws
// std::invalid_argument naming what is wrong (the file, a wrong length, text that is not
// Z85).
std::string read_public_key(const std::string &text_or_file);

// Throws std::invalid_argument naming `what` unless key is a CURVE key as
// Z85 text (40 characters that zmq_z85_decode accepts).
void check_z85_key(const std::string &key, const std::string &what);

// $FLU_MANAGER_DIR, else $XDG_CONFIG_HOME/flu/manager, else
// ~/.config/flu/manager: where a manager keeps its keys and local token,
// and where peers on the same machine find them.
std::filesystem::path default_manager_dir();

} // namespace flu::link
