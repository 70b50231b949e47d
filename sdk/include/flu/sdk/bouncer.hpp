// Bouncers in C++: the helpers a bouncer module writes against.
//
// A bouncer only decides on keycards. The host keeps everything else: the
// challenges it issued (and their nonces), the keycards it accepted, their
// time to live and expiry. A bouncer type is a class with
//
//   explicit TokenBouncer(const flu::sdk::Host &host);   // at create()
//   flu_keycard_state authenticate(const flu::sdk::Keycard &keycard,
//                                  flu::sdk::Reply &reply);
//
// listed with bouncer_type<TokenBouncer>("token-bouncer", "...", properties).
// An exception from either is logged (at debug level) and becomes an
// error at create() or a refusal whose reason is the exception's text. When
// the properties include ttl_property() and duration_property(), an
// acceptance carries them back unless the bouncer replied its own.
//
// A bouncer is not media: this header, and so a bouncer module, needs no
// GStreamer (the Flu::sdk-base target).
#pragma once

#include <flu/module.h>
#include <flu/sdk/boundary.hpp>
#include <flu/sdk/entry.hpp>
#include <flu/sdk/host.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flu::sdk {

// A keycard as the host hands it to a bouncer: named text fields.
class Keycard {
public:
  explicit Keycard(const flu_keycard *keycard) : keycard_(keycard) {}

  // The value of a field, "" when the keycard has none.
  std::string get(std::string_view name) const {
    const char *value = find(name);
    return value ? value : "";
  }
  bool has(std::string_view name) const { return find(name) != nullptr; }
  const flu_keycard *c_keycard() const { return keycard_; }

private:
  const char *find(std::string_view name) const {
    if (!keycard_ || !keycard_->fields)
      return nullptr;
    for (uint32_t i = 0; i < keycard_->n_fields; ++i) {
      const flu_keycard_field &f = keycard_->fields[i];
      if (f.name && f.value && name == f.name)
        return f.value;
    }
    return nullptr;
  }

  const flu_keycard *keycard_;
};

// The fields that go back to the requester with the answer.
class Reply {
public:
  Reply(flu_keycard_reply_fn fn, void *ctx) : fn_(fn), ctx_(ctx) {}

  void set(const std::string &name, const std::string &value) {
    if (fn_)
      fn_(ctx_, name.c_str(), value.c_str());
    set_.push_back(name);
  }
  bool was_set(const std::string &name) const {
    for (const auto &n : set_)
      if (n == name)
        return true;
    return false;
  }

  flu_keycard_state accept() { return FLU_KEYCARD_AUTHENTICATED; }
  flu_keycard_state refuse(const std::string &reason) {
    set("reason", reason);
    return FLU_KEYCARD_REFUSED;
  }
  // First round of a password keycard: the host adds the id and the
  // challenge nonce.
  flu_keycard_state challenge(const std::string &salt, const std::string &scheme) {
    set("salt", salt);
    set("scheme", scheme);
    return FLU_KEYCARD_CHALLENGE;
  }

private:
  flu_keycard_reply_fn fn_;
  void *ctx_;
  std::vector<std::string> set_;
};

// What another bouncer answered when consulted.
struct Consulted {
  flu_keycard_state state = FLU_KEYCARD_REFUSED;
  std::vector<std::pair<std::string, std::string>> fields; // its reply

  std::string get(std::string_view name) const {
    for (const auto &[n, v] : fields)
      if (n == name)
        return v;
    return {};
  }
};

namespace detail {

inline bool host_can_consult(const flu_host *host) {
  return FLU_HAS_CALLBACK(host, flu_host, consult);
}

inline void collect(void *ctx, const char *name, const char *value) {
  if (name && value)
    static_cast<Consulted *>(ctx)->fields.emplace_back(name, value);
}

} // namespace detail

// Asks the planet's bouncer `name` about a keycard, in-process (what a
// multi-bouncer does). A host that cannot consult refuses.
inline Consulted consult(const Host &from, const std::string &name,
                         const Keycard &keycard) {
  Consulted out;
  const flu_host *host = from.host();
  if (!detail::host_can_consult(host)) {
    out.fields.emplace_back("reason", "this host cannot consult other bouncers");
    return out;
  }
  out.state = host->consult(host->self, name.c_str(), keycard.c_keycard(),
                            &detail::collect, &out);
  return out;
}

// Whether the host has a bouncer of that name to consult: asked with no
// keycard, the host answers without calling any bouncer.
inline bool can_consult(const Host &from, const std::string &name) {
  const flu_host *host = from.host();
  if (!detail::host_can_consult(host))
    return false;
  return host->consult(host->self, name.c_str(), nullptr, nullptr, nullptr) ==
         FLU_KEYCARD_AUTHENTICATED;
}

// The two properties every bouncer has; 0 means no limit.
constexpr flu_property_spec ttl_property() {
  return property("ttl", FLU_PROPERTY_INT,
                  "Seconds an accepted keycard lives without a keep-alive (0: no limit)",
                  "0");
}
constexpr flu_property_spec duration_property() {
  return property("duration", FLU_PROPERTY_INT,
                  "Seconds an accepted keycard lives at most (0: no limit)", "0");
}

// One credential line from a file or an inline property, with where it came
// from ("/etc/flu/users:3", "data:2") for error messages.
struct CredentialLine {
  std::string text;
  std::string where;
};

namespace detail {

inline void add_lines(std::istream &in, const std::string &origin,
                      std::vector<CredentialLine> &out) {
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    while (!line.empty() &&
           (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
      line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#')
      continue;
    out.push_back({line.substr(first), origin + ":" + std::to_string(number)});
  }
}

} // namespace detail

// The lines of the file that property `file_property` names (if set) and of
// every value of `data_property`, without blank lines and '#' comments.
// Throws naming the file when it cannot be read.
inline std::vector<CredentialLine>
credential_lines(const Host &config, const char *file_property = "filename",
                 const char *data_property = "data") {
  std::vector<CredentialLine> out;
  if (config.has(file_property)) {
    const std::string path = config.string(file_property);
    std::ifstream in(path);
    if (!in)
      throw std::runtime_error(std::string(file_property) + ": cannot read " + path);
    detail::add_lines(in, path, out);
    if (in.bad())
      throw std::runtime_error(std::string(file_property) + ": error reading " + path);
  }
  const uint32_t n = config.count(data_property);
  for (uint32_t i = 0; i < n; ++i) {
    std::istringstream in(config.string(data_property, i));
    detail::add_lines(in,
                      n > 1 ? std::string(data_property) + "[" + std::to_string(i) + "]"
                            : std::string(data_property),
                      out);
  }
  return out;
}

// Rereads the credentials when the file that `file_property` names has
// changed since `seen` (one try, and one warning, per change): reload()
// replaces them and returns how many users it read. Keeps the old ones when
// the new file is bad.
template <class Reload>
void reload_if_changed(const Host &config, std::filesystem::file_time_type &seen,
                       Reload &&reload, const char *file_property = "filename") {
  if (!config.has(file_property))
    return;
  std::error_code error;
  const auto mtime =
      std::filesystem::last_write_time(config.string(file_property), error);
  if (error || mtime == seen)
    return;
  seen = mtime;
  try {
    const std::size_t users = reload();
    config.log(FLU_LOG_INFO, "reread " + config.string(file_property) + ": " +
                                 std::to_string(users) + " users");
  } catch (const std::exception &e) {
    config.log(FLU_LOG_WARNING,
               std::string(e.what()) + "; keeping the users as they were");
  }
}

namespace detail {

inline int64_t limit_seconds(const Host &config, const char *name) {
  // Ten years: larger is a typo, and keeps milliseconds far from overflow.
  return config.has(name) ? config.integer(name, 0, 10LL * 365 * 24 * 3600) : 0;
}

template <class T> struct BouncerInstance {
  explicit BouncerInstance(const flu_host *h)
      : host(h), bouncer(host), ttl_s(limit_seconds(host, "ttl")),
        duration_s(limit_seconds(host, "duration")) {}
  Host host;
  T bouncer;
  int64_t ttl_s;
  int64_t duration_s;
};

template <class T>
int bouncer_create(const flu_host *host, void **instance, char **error) {
  return guarded(host, "create", error, [&] { *instance = new BouncerInstance<T>(host); })
             ? 0
             : 1;
}

template <class T> void bouncer_destroy(void *instance) {
  delete static_cast<BouncerInstance<T> *>(instance);
}

template <class T>
flu_keycard_state bouncer_authenticate(void *instance, const flu_keycard *keycard,
                                       flu_keycard_reply_fn fn, void *ctx) {
  Reply reply(fn, ctx);
  auto *self = static_cast<BouncerInstance<T> *>(instance);
  flu_keycard_state state = FLU_KEYCARD_REFUSED;
  guarded(
      self->host.host(), FLU_LOG_DEBUG, "authenticate",
      [&] {
        state = self->bouncer.authenticate(Keycard(keycard), reply);
        if (state == FLU_KEYCARD_AUTHENTICATED) {
          if (self->ttl_s && !reply.was_set("ttl"))
            reply.set("ttl", std::to_string(self->ttl_s));
          if (self->duration_s && !reply.was_set("duration"))
            reply.set("duration", std::to_string(self->duration_s));
        }
      },
      [&](const std::string &text) {
        state = FLU_KEYCARD_REFUSED;
        reply.set("reason", text);
      });
  return state;
}

template <class T> const flu_bouncer_ops *bouncer_ops() {
  static const flu_bouncer_ops ops = {.struct_size = sizeof(flu_bouncer_ops),
                                      .create = &bouncer_create<T>,
                                      .destroy = &bouncer_destroy<T>,
                                      .authenticate = &bouncer_authenticate<T>};
  return &ops;
}

} // namespace detail

template <class T, size_t NP>
flu_component_type bouncer_type(const char *name, const char *description,
                                const flu_property_spec (&properties)[NP]) {
  return {.struct_size = sizeof(flu_component_type),
          .name = name,
          .description = description,
          .clock_priority = 100,
          .properties = properties,
          .n_properties = NP,
          .eaters = nullptr,
          .n_eaters = 0,
          .feeders = nullptr,
          .n_feeders = 0,
          .ops = nullptr,
          .bouncer = detail::bouncer_ops<T>(),
          .kind = FLU_COMPONENT_KIND_BOUNCER,
          .checks = nullptr,
          .n_checks = 0};
}

} // namespace flu::sdk
