// The parts of a crypt(3) hash: the setting (method, cost and salt), which a
// bouncer may show anyone, and the rest, which it must not: in a
// challenge-response login the hash is as good as the password.
//
//   $6$rounds=5000$SALT$HASH    modular: the setting ends at the last '$'
//   $2b$10$SALT22HASH31         bcrypt: the setting is the first 29 chars
//   _CCCCSSSSHASH11             BSDi: the first 9
//   SSHASH11                    traditional DES: the first 2
#pragma once

#include <string>

namespace flu::modules {

// The setting of a stored hash, or "" when `hash` is no crypt(3) hash.
std::string crypt_setting(const std::string &hash);

// Where the salt begins in a setting: what a fake salt replaces.
std::size_t salt_offset(const std::string &setting);

// The characters a salt's last character is drawn from, for this setting's
// method (yescrypt and bcrypt salts end with one of four).
const char *last_salt_chars(const std::string &setting);

// Whether this system's crypt(3) computes hashes of this setting's method.
bool crypt_supports(const std::string &setting);

} // namespace flu::modules
