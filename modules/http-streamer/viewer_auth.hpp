// Viewers and the planet's bouncer (Flumotion's HTTPAuthentication): what a
// request says about who asks becomes a keycard, and the component asks the
// bouncer named by its "bouncer" property about it through the host.
//
//   Authorization: Basic ...  → {kind=password, username, password}
//   ?token=T                  → {kind=token, token}
//   neither                   → {kind=address}
//
// each with the viewer's address and the path asked for. The password goes
// to the host only: the host answers the bouncer's challenge itself and the
// password never leaves the job.
#pragma once

#include <flu/sdk.hpp>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace flu::http_streamer {

using KeycardFields = std::vector<std::pair<std::string, std::string>>;

struct Credentials {
  std::string username;
  std::string password;
};

// The user and password of an "Authorization: Basic" header; nullopt for
// any other scheme or a malformed value.
std::optional<Credentials> basic_credentials(const std::string &authorization);
// The value of `name` in a query string, the last one if repeated (form
// encoding: '+' is a blank, %XX escapes decoded); nullopt when absent or
// when the query is malformed.
std::optional<std::string> query_value(const std::string &query, const std::string &name);

KeycardFields viewer_keycard(const std::string &authorization, const std::string &query,
                             const std::string &address, const std::string &path);

struct AuthResult {
  bool authenticated = false;
  std::string keycard_id; // to recognise an expiry
  std::string reason;     // of a refusal
};

// Asks the host's bouncer `bouncer`; `done` runs once, on the job's main
// thread (or at once, if the host cannot authenticate).
void authenticate(const flu::sdk::Host &config, const std::string &bouncer,
                  const KeycardFields &keycard, std::function<void(AuthResult)> done);
// Whether the host offers authentication (ABI 1.1).
bool host_authenticates(const flu::sdk::Host &config);

} // namespace flu::http_streamer
