// Viewers and the planet's bouncer (Flumotion's HTTPAuthentication), for
// every component that serves viewers over HTTP: what a request says about
// who asks becomes a keycard, and the component asks the bouncer named by
// its "bouncer" property about it through the host.
//
//   Authorization: Basic ...  → {kind=password, username, password}
//   ?token=T                  → {kind=token, token}
//   neither                   → {kind=address}
//
// each with the viewer's address and the path asked for. The password goes
// to the host only: the host answers the bouncer's challenge itself and the
// password never leaves the job.
#pragma once

#include <flu/sdk/host.hpp>

#include <glib.h>
#include <strings.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flu::sdk {

using KeycardFields = std::vector<std::pair<std::string, std::string>>;

struct Credentials {
  std::string username;
  std::string password;
};

struct AuthResult {
  bool authenticated = false;
  std::string keycard_id; // to recognise an expiry
  std::string reason;     // of a refusal
};

// The user and password of an "Authorization: Basic" header; nullopt for
// any other scheme or a malformed value.
inline std::optional<Credentials> basic_credentials(const std::string &authorization) {
  constexpr std::string_view scheme = "Basic";
  if (authorization.size() <= scheme.size() ||
      strncasecmp(authorization.c_str(), scheme.data(), scheme.size()) != 0 ||
      (authorization[scheme.size()] != ' ' && authorization[scheme.size()] != '\t'))
    return std::nullopt;
  std::string encoded = authorization.substr(scheme.size());
  const auto first = encoded.find_first_not_of(" \t");
  const auto last = encoded.find_last_not_of(" \t");
  if (first == std::string::npos)
    return std::nullopt;
  encoded = encoded.substr(first, last - first + 1);
  // g_base64_decode skips what is not base64 rather than failing: refuse
  // anything but the alphabet and its padding ourselves.
  if (encoded.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                "0123456789+/=") != std::string::npos)
    return std::nullopt;
  gsize length = 0;
  guchar *bytes = g_base64_decode(encoded.c_str(), &length);
  const std::string decoded(reinterpret_cast<const char *>(bytes), length);
  g_free(bytes);
  const auto colon = decoded.find(':');
  if (colon == std::string::npos || decoded.find('\0') != std::string::npos)
    return std::nullopt;
  return Credentials{decoded.substr(0, colon), decoded.substr(colon + 1)};
}

// The value of `name` in a query string, the last one if repeated (form
// encoding: '+' is a blank, %XX escapes decoded); nullopt when absent or
// when the query is malformed.
inline std::optional<std::string> query_value(const std::string &query,
                                              const std::string &name) {
  if (query.empty())
    return std::nullopt;
  GError *error = nullptr;
  GHashTable *params =
      g_uri_parse_params(query.c_str(), static_cast<gssize>(query.size()), "&",
                         G_URI_PARAMS_WWW_FORM, &error);
  if (!params) {
    g_clear_error(&error);
    return std::nullopt;
  }
  std::optional<std::string> value;
  if (const auto *v =
          static_cast<const char *>(g_hash_table_lookup(params, name.c_str())))
    value = v;
  g_hash_table_unref(params);
  return value;
}

// The keycard of a viewer's request.
inline KeycardFields viewer_keycard(const std::string &authorization,
                                    const std::string &query, const std::string &address,
                                    const std::string &path) {
  KeycardFields keycard;
  if (auto credentials = basic_credentials(authorization)) {
    keycard = {{"kind", "password"},
               {"username", credentials->username},
               {"password", credentials->password}};
  } else if (auto token = query_value(query, "token")) {
    keycard = {{"kind", "token"}, {"token", *token}};
  } else {
    keycard = {{"kind", "address"}};
  }
  keycard.emplace_back("address", address);
  keycard.emplace_back("path", path);
  return keycard;
}

// Whether the host offers authentication (ABI 1.1).
inline bool host_authenticates(const Host &config) {
  const flu_host *host = config.host();
  return host->struct_size >=
             offsetof(flu_host, authenticate) + sizeof(host->authenticate) &&
         host->authenticate;
}

namespace detail {

struct PendingAuth {
  std::function<void(AuthResult)> done;
};

inline std::string keycard_field(const flu_keycard *keycard, const char *name) {
  if (!keycard ||
      keycard->struct_size < offsetof(flu_keycard, n_fields) + sizeof(uint32_t))
    return {};
  for (uint32_t i = 0; i < keycard->n_fields; ++i)
    if (keycard->fields[i].name && g_strcmp0(keycard->fields[i].name, name) == 0)
      return keycard->fields[i].value ? keycard->fields[i].value : "";
  return {};
}

} // namespace detail

// Asks the host's bouncer `bouncer`; `done` runs once, on the job's main
// thread (or at once, if the host cannot authenticate).
inline void authenticate(const Host &config, const std::string &bouncer,
                         const KeycardFields &keycard,
                         std::function<void(AuthResult)> done) {
  if (!host_authenticates(config)) {
    done({false, {}, "this host cannot ask bouncers"});
    return;
  }
  std::vector<flu_keycard_field> fields;
  for (const auto &[name, value] : keycard)
    fields.push_back({name.c_str(), value.c_str()});
  const flu_keycard card{sizeof(flu_keycard), fields.data(),
                         static_cast<uint32_t>(fields.size())};
  auto *pending = new detail::PendingAuth{std::move(done)};
  const flu_host *host = config.host();
  host->authenticate(
      host->self, bouncer.c_str(), &card,
      [](void *ctx, flu_keycard_state state, const flu_keycard *answer) {
        std::unique_ptr<detail::PendingAuth> p(static_cast<detail::PendingAuth *>(ctx));
        AuthResult result;
        result.authenticated = state == FLU_KEYCARD_AUTHENTICATED;
        result.keycard_id = detail::keycard_field(answer, "id");
        result.reason = detail::keycard_field(answer, "reason");
        if (!result.authenticated && result.reason.empty())
          result.reason = state == FLU_KEYCARD_CHALLENGE ? "challenged" : "refused";
        p->done(std::move(result));
      },
      pending);
}

} // namespace flu::sdk
