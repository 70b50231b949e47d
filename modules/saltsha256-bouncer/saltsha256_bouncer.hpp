// saltsha256-bouncer: admits users whose password matches a salted SHA-256
// hash (Flumotion's saltsha256-bouncer and its UASPCC keycards), from
// `filename` and/or `data` lines `user:salt:hex(sha256(salt + password))`.
//
// The stored form is hashed = salt + hex digest. Round one of a password
// keycard gets the salt, scheme "saltsha256"; round two is checked as
// response == HMAC-SHA256(key = hashed, message = the host's challenge) in
// constant time. Unknown users get a fake salt at round one (the same for
// the same name, shaped like the real ones) and "unknown user" at round two.
// The file is reread when its modification time changes.
#pragma once

#include <flu/sdk/bouncer.hpp>

#include <filesystem>
#include <map>
#include <string>

namespace flu::modules {

class Saltsha256Bouncer {
public:
  // Throws naming file:line for a malformed line.
  explicit Saltsha256Bouncer(const sdk::Host &config);
  flu_keycard_state authenticate(const sdk::Keycard &keycard, sdk::Reply &reply);

private:
  struct User {
    std::string salt;
    std::string hashed; // salt + hex digest: the HMAC key
  };
  struct Users {
    std::map<std::string, User> users;
    std::size_t fake_length = 16; // of a fake salt: as the first user's
    bool fake_hex = true;         // all salts are hex, as flu makes them
    std::string fake_key;
  };

  Users load() const;
  void reload_if_changed();
  std::string fake_salt(const std::string &user) const;

  sdk::Host config_;
  Users users_;
  std::filesystem::file_time_type seen_mtime_{}; // of the file last read
};

} // namespace flu::modules
