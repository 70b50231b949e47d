// flu::sdk::Host: a component's view of the process that runs it.
//
// The host is what a module gets through `const flu_host *` in
// <flu/module.h>: the component's configuration (property values, feed
// counts) and the services it may call (log, messages to operators, UI
// state, hot upgrade). Host wraps that C table for C++; it needs no
// GStreamer, so bouncers and other non-media modules use it as media
// components do. Valid while the job runs; cheap to copy.
#pragma once

#include <flu/module.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::sdk {

struct Fraction {
  int64_t numerator = 0;
  int64_t denominator = 1;
};

class Host {
public:
  explicit Host(const flu_host *host) : host_(host) {}

  std::string component_id() const { return host_->component_id(host_->self); }

  bool has(const char *name) const { return count(name) > 0; }
  uint32_t count(const char *name) const { return host_->value_count(host_->self, name); }
  // The text of a value; the schema default is already filled in.
  std::string string(const char *name, uint32_t index = 0) const {
    const char *v = host_->value(host_->self, name, index);
    if (!v)
      throw std::runtime_error(std::string("property '") + name + "' has no value");
    return v;
  }
  std::vector<std::string> strings(const char *name) const {
    std::vector<std::string> out;
    for (uint32_t i = 0; i < count(name); ++i)
      out.push_back(string(name, i));
    return out;
  }
  int64_t integer(const char *name) const { return std::stoll(string(name)); }
  // An integer the component can use: outside [min, max] it throws
  // "NAME must be between MIN and MAX, got VALUE".
  int64_t integer(const char *name, int64_t min, int64_t max) const {
    const int64_t value = integer(name);
    if (value < min || value > max)
      throw std::runtime_error(std::string(name) + " must be between " +
                               std::to_string(min) + " and " + std::to_string(max) +
                               ", got " + std::to_string(value));
    return value;
  }
  double real(const char *name) const { return std::stod(string(name)); }
  bool boolean(const char *name) const {
    const std::string v = string(name);
    return v == "true" || v == "yes" || v == "1" || v == "True";
  }
  Fraction fraction(const char *name) const {
    const std::string v = string(name);
    const auto slash = v.find('/');
    if (slash == std::string::npos)
      return {std::stoll(v), 1};
    return {std::stoll(v.substr(0, slash)), std::stoll(v.substr(slash + 1))};
  }

  uint32_t feed_count(const char *eater) const {
    return host_->feed_count(host_->self, eater);
  }

  void log(flu_log_level level, const std::string &text) const {
    host_->log(host_->self, level, text.c_str());
  }
  void message(flu_message_level level, const std::string &id,
               const std::string &text) const {
    host_->message(host_->self, level, id.c_str(), text.c_str());
  }
  // Publishes one entry of the component's UI state (any thread). A host
  // older than ABI 1.1 has no UI state: the call does nothing.
  void ui_state(const std::string &key, const std::string &value) const {
    if (FLU_HAS_CALLBACK(host_, flu_host, ui_state))
      host_->ui_state(host_->self, key.c_str(), value.c_str());
  }

  // Hot upgrade (ABI 1.2, docs/hot-upgrade.md). A host older than 1.2 has
  // no handover: never pending, and sending does nothing.
  bool handover_pending() const {
    return FLU_HAS_CALLBACK(host_, flu_host, handover_pending) &&
           host_->handover_pending(host_->self) != 0;
  }
  // Any thread; the host takes fd (closes its copy once sent).
  void handover_send(const std::string &key, const void *data, size_t size,
                     int fd = -1) const {
    if (FLU_HAS_CALLBACK(host_, flu_host, handover_send))
      host_->handover_send(host_->self, key.c_str(), data, static_cast<uint32_t>(size),
                           fd);
  }
  void handover_send(const std::string &key, const std::string &data, int fd = -1) const {
    handover_send(key, data.data(), data.size(), fd);
  }
  // Any thread, once: "" when everything was handed over.
  void handover_done(const std::string &error = {}) const {
    if (FLU_HAS_CALLBACK(host_, flu_host, handover_done))
      host_->handover_done(host_->self, error.empty() ? nullptr : error.c_str());
  }

  // ABI 1.5: the component waits for something outside itself (a pulled
  // source that went away, a reconnection under way): hungry with `why` as
  // its message; false turns it back happy once its pipeline plays (`why`,
  // when given, replaces the message). Any thread. An older host has no
  // such mood: the call does nothing and returns false, so the component
  // says why some other way (a warning message).
  bool hungry(bool hungry, const std::string &why = {}) const {
    if (!FLU_HAS_CALLBACK(host_, flu_host, hungry))
      return false;
    host_->hungry(host_->self, hungry ? 1 : 0, why.c_str());
    return true;
  }

  const flu_host *host() const { return host_; }

private:
  const flu_host *host_;
};

// The name Host had before it said what it is; third-party modules that
// take a `const flu::sdk::Config &` still build.
using Config = Host;

} // namespace flu::sdk
