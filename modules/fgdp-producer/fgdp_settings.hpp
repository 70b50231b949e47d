// The properties fgdp-producer and fgdp-consumer share (Flumotion's names):
// mode (push: connect to host:port; pull: listen on port), username,
// password, version, max-reconnection-delay.
#pragma once

#include "fgdp_link.hpp"

#include <flu/sdk/host.hpp>

#include <stdexcept>
#include <string>

namespace flu::fgdp {

// `default_mode` is the original's: a consumer pushes, a producer pulls.
inline LinkSettings read_link_settings(const flu::sdk::Host &config, Role role) {
  LinkSettings s;
  s.role = role;
  const std::string mode = config.string("mode");
  if (mode != "push" && mode != "pull")
    throw std::runtime_error(
        "mode must be 'push' (connect to host:port) or 'pull' (listen "
        "on port), not '" +
        mode + "'");
  s.side = mode == "push" ? Side::initiator : Side::acceptor;
  s.host = config.has("host") ? config.string("host") : std::string();
  if (s.side == Side::initiator && s.host.empty())
    throw std::runtime_error("mode 'push' needs host, the peer to connect to");
  s.port = static_cast<uint16_t>(
      config.integer("port", s.side == Side::acceptor ? 0 : 1, 65535));
  s.user = config.string("username");
  if (s.user.empty() || s.user.find_first_of(" \t\r\n") != std::string::npos)
    throw std::runtime_error("username must be one word, not '" + s.user + "'");
  if (role == Role::producer && config.has("bouncer") &&
      !config.string("bouncer").empty()) {
    s.auth = Auth::keycard; // the bouncer decides; no secret here
  } else if (role == Role::consumer && config.has("authentication") &&
             config.string("authentication") != "secret") {
    if (config.string("authentication") != "keycard")
      throw std::runtime_error("authentication must be 'secret' or 'keycard', not '" +
                               config.string("authentication") + "'");
    s.auth = Auth::keycard;
  }
  s.secret = config.has("password") ? config.string("password") : std::string();
  if (s.secret.empty() && !(role == Role::producer && s.auth == Auth::keycard))
    throw std::runtime_error(
        s.auth == Auth::keycard
            ? "password must be set: the keycard's, which the producer's bouncer checks"
            : std::string("password must be set: the secret both planets share") +
                  (role == Role::producer ? " (or bouncer, to ask the planet's)" : ""));
  if (config.string("version") != "1.0")
    throw std::runtime_error(
        "version must be 1.0, the protocol this module speaks, not " +
        config.string("version"));
  s.max_backoff = std::chrono::seconds(config.integer("max-reconnection-delay", 1, 3600));
  return s;
}

} // namespace flu::fgdp

// The property table both entry files list, with the default mode of each.
#define FLU_FGDP_PROPERTIES(default_mode)                                                \
  flu::sdk::property("mode", FLU_PROPERTY_STRING,                                        \
                     "'push': connect to host:port; 'pull': listen on port (for a site " \
                     "that cannot be reached)",                                          \
                     default_mode),                                                      \
      flu::sdk::property("host", FLU_PROPERTY_STRING, "The peer to connect to (push)"),  \
      flu::sdk::property("port", FLU_PROPERTY_INT,                                       \
                         "The peer's port (push) or the port to listen on (pull)",       \
                         nullptr, FLU_PROPERTY_REQUIRED),                                \
      flu::sdk::property("username", FLU_PROPERTY_STRING,                                \
                         "The user both sides agree on", "user"),                        \
      flu::sdk::property("password", FLU_PROPERTY_STRING,                                \
                         "The secret both sides share, or the consumer's keycard "       \
                         "password; it never crosses the network"),                      \
      flu::sdk::property("version", FLU_PROPERTY_STRING, "The protocol version", "1.0"), \
      flu::sdk::property("max-reconnection-delay", FLU_PROPERTY_INT,                     \
                         "Longest wait between connection attempts, in seconds (push)",  \
                         "5")
