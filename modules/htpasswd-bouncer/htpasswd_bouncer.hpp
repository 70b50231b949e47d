// htpasswd-bouncer: admits users whose password matches a crypt(3) hash
// (Flumotion's htpasswdcrypt-bouncer), from `filename` and/or `data` lines
// `user:hash`.
//
// A password keycard takes two rounds. The first gets the hash's setting as
// the salt, scheme "crypt"; the second is checked as response ==
// HMAC-SHA256(key = stored hash, message = the host's challenge), compared
// in constant time. An unknown user gets a fake salt at round one, the same
// for the same name every time and shaped like the real ones, so that round
// one does not tell who exists; round two refuses it as "unknown user".
//
// The file is reread when its modification time changes; a file that no
// longer parses leaves the users as they were, with a warning.
#pragma once

#include <flu/sdk/bouncer.hpp>

#include <filesystem>
#include <map>
#include <string>

namespace flu::modules {

class HtpasswdBouncer {
public:
  // Throws naming file:line for a malformed line.
  explicit HtpasswdBouncer(const sdk::Host &config);
  flu_keycard_state authenticate(const sdk::Keycard &keycard, sdk::Reply &reply);

private:
  struct Users {
    std::map<std::string, std::string> hashes; // user → crypt hash
    std::string fake_setting;                  // shaped like the first user's
    std::string fake_key;                      // derives fake salts
  };

  Users load() const;
  void reload_if_changed();
  std::string fake_salt(const std::string &user) const;

  sdk::Host config_;
  Users users_;
  std::filesystem::file_time_type seen_mtime_{}; // of the file last read
};

} // namespace flu::modules
