// What the bouncer module tests (tests/modules/*-bouncer) and BouncerHost's own
// (tests/core/bouncer) share: specs for the real bouncer modules
// (CMake passes their paths as FLU_MODULE_*), a log that remembers, and the
// requester's side of a password login.
#pragma once

#include "bouncer/bouncer_host.hpp"
#include "keycard/keycard.hpp"
#include "temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>
#include <utility>
#include <vector>

namespace flu::bouncer::test {

using message::KeycardFields;
using message::KeycardState;
using message::Values;

inline bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

inline int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

inline BouncerSpec spec(const std::string &type, const std::string &module,
                        Values properties, const std::string &name = "bouncer") {
  BouncerSpec s;
  s.component_id = "/atmosphere/" + name;
  s.type = type;
  s.module = module;
  s.properties = std::move(properties);
  return s;
}

inline BouncerSpec::Consult consult(const std::string &name, const BouncerSpec &s) {
  return {name, s.type, s.module, s.properties};
}

inline BouncerSpec htpasswd(Values properties) {
  return spec("htpasswd-bouncer", FLU_MODULE_HTPASSWD_BOUNCER, std::move(properties));
}
inline BouncerSpec saltsha256(Values properties) {
  return spec("saltsha256-bouncer", FLU_MODULE_SALTSHA256_BOUNCER, std::move(properties));
}
inline BouncerSpec ip(Values properties) {
  return spec("ip-bouncer", FLU_MODULE_IP_BOUNCER, std::move(properties));
}
inline BouncerSpec token(Values properties) {
  return spec("token-bouncer", FLU_MODULE_TOKEN_BOUNCER, std::move(properties));
}
inline BouncerSpec multi(const std::string &rule,
                         std::vector<BouncerSpec::Consult> consults) {
  auto s = spec("multi-bouncer", FLU_MODULE_MULTI_BOUNCER, {{"rule", {rule}}}, "multi");
  s.consults = std::move(consults);
  return s;
}

// Every line the host logged, with its level.
struct Log {
  std::shared_ptr<std::vector<std::pair<flu_log_level, std::string>>> lines =
      std::make_shared<std::vector<std::pair<flu_log_level, std::string>>>();

  BouncerHost::Log fn() const {
    return [lines = lines](flu_log_level level, const std::string &text) {
      lines->emplace_back(level, text);
    };
  }
  bool has(flu_log_level level, const std::string &part) const {
    for (const auto &[l, text] : *lines)
      if (l == level && contains(text, part))
        return true;
    return false;
  }
  std::string all() const {
    std::string out;
    for (const auto &[l, text] : *lines)
      out += std::to_string(l) + " " + text + "\n";
    return out;
  }
};

inline std::string field(const Decision &d, const std::string &name) {
  return keycard::get(d.keycard, name);
}

inline std::string reason(const Decision &d) { return field(d, "reason"); }

// The keycard the host holds under `id` (an empty one if none).
inline Issued issued(const BouncerHost &host, const std::string &id) {
  for (const auto &is : host.issued())
    if (is.id == id)
      return is;
  return {};
}

// Both rounds of a password login, as a requester does them.
struct Login {
  Decision first;
  KeycardFields answer; // the second keycard sent
  Decision second;
};

inline Login login(BouncerHost &host, const std::string &user,
                   const std::string &password, const std::string &address = "",
                   const std::string &requester = "/live/web") {
  Login l;
  auto request = keycard::password_request(user);
  if (!address.empty())
    keycard::set(request, "address", address);
  l.first = host.authenticate(request, requester);
  if (l.first.state != KeycardState::challenge)
    return l;
  l.answer = keycard::password_response(l.first.keycard, user, password);
  l.second = host.authenticate(l.answer, requester);
  return l;
}

using flu::test::TempDir;

// The error BouncerHost's constructor throws for `s` ("" and a failed test
// if it does not).
inline std::string creation_error(const BouncerSpec &s) {
  try {
    BouncerHost host(s, nullptr);
    BOOST_ERROR("created " << s.type << " without error");
  } catch (const std::exception &e) {
    return e.what();
  }
  return {};
}

} // namespace flu::bouncer::test
