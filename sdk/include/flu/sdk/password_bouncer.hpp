// The two rounds of a password keycard, for bouncers that store hashed
// passwords (htpasswd-bouncer, saltsha256-bouncer). Uses libsodium, as
// <flu/sdk/challenge.hpp> does: link Flu::sdk-password, which brings it.
#pragma once

#include <flu/sdk/bouncer.hpp>
#include <flu/sdk/challenge.hpp>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace flu::sdk {

// What a bouncer keeps of one user's password: the salt round one sends,
// and the hashed password that keys round two's HMAC.
struct StoredPassword {
  std::string salt;
  std::string hashed;
};

// A password bouncer's first load of its users, the twin of
// reload_if_changed(): libsodium ready, users given in `filename` and/or
// `data`, the file's modification time kept in `seen` (a missing file is
// for load() to report), then `load()`, which reads the users and returns
// how many; none is worth a warning.
template <class Load>
void load_credentials(const Host &config, std::filesystem::file_time_type &seen,
                      Load &&load) {
  if (sodium_init() < 0)
    throw std::runtime_error("libsodium could not be initialised");
  if (!config.has("filename") && !config.has("data"))
    throw std::runtime_error("give the users in 'filename' or 'data'");
  if (config.has("filename")) {
    std::error_code ignored;
    seen = std::filesystem::last_write_time(config.string("filename"), ignored);
  }
  if (load() == 0)
    config.log(FLU_LOG_WARNING, "no users: every keycard will be refused");
}

// The two rounds of a password keycard, for every bouncer that stores
// hashed passwords. `find(user)` gives the user's StoredPassword, or nullopt
// for an unknown user, who is challenged like anyone else with
// `fake_salt(user)` (so that round one does not tell who exists) and
// refused as "unknown user" at round two.
template <class Find, class FakeSalt>
flu_keycard_state password_rounds(const Keycard &keycard, Reply &reply,
                                  const char *scheme, Find &&find, FakeSalt &&fake_salt) {
  if (keycard.get("kind") != "password")
    return reply.refuse("not a password keycard");
  const std::string user = keycard.get("username");
  if (user.empty())
    return reply.refuse("no username");
  const std::optional<StoredPassword> stored = find(user);
  if (keycard.get("response").empty())
    return reply.challenge(stored ? stored->salt : fake_salt(user), scheme);
  const std::string challenge = keycard.get("challenge");
  if (challenge.empty())
    return reply.refuse("no challenge to check the response against");
  if (!stored)
    return reply.refuse("unknown user");
  if (!response_matches(stored->hashed, challenge, keycard.get("response")))
    return reply.refuse("wrong password");
  return reply.accept();
}

} // namespace flu::sdk
