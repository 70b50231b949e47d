// The C++ face of the SDK: what a module author writes against.
//
// Everything here is header-only and compiles into the module, so no C++
// type crosses the module boundary: these helpers turn C++ declarations and
// exceptions into the C structs and error strings of <flu/module.h>.
//
// A module's entry file is a list of component types and one FLU_MODULE():
//
//   const flu_property_spec props[] = {flu::sdk::property("bitrate", ...)};
//   const flu_component_type types[] = {
//       flu::sdk::component_type<Vp8Encoder>("vp8-encoder", "...", props, ...)};
//   FLU_MODULE(types)
//
// where Vp8Encoder has `static std::string pipeline(const flu::sdk::Config&)`
// and, when it needs code at run time, a constructor
// `Vp8Encoder(const flu::sdk::Config&, GstElement* pipeline)`, called before
// the pipeline plays and destroyed once it has stopped (state NULL).
#pragma once

#include <flu/module.h>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace flu::sdk {

struct Fraction {
  int64_t numerator = 0;
  int64_t denominator = 1;
};

// A component's configuration and host services, valid while its job runs.
class Config {
public:
  explicit Config(const flu_host *host) : host_(host) {}

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
    if (host_->struct_size > offsetof(flu_host, ui_state) && host_->ui_state)
      host_->ui_state(host_->self, key.c_str(), value.c_str());
  }

  // Hot upgrade (ABI 1.2, docs/hot-upgrade.md). A host older than 1.2 has
  // no handover: never pending, and sending does nothing.
  bool handover_pending() const {
    return has(offsetof(flu_host, handover_pending), host_->handover_pending) &&
           host_->handover_pending(host_->self) != 0;
  }
  // Any thread; the host takes fd (closes its copy once sent).
  void handover_send(const std::string &key, const void *data, size_t size,
                     int fd = -1) const {
    if (has(offsetof(flu_host, handover_send), host_->handover_send))
      host_->handover_send(host_->self, key.c_str(), data, static_cast<uint32_t>(size),
                           fd);
  }
  void handover_send(const std::string &key, const std::string &data, int fd = -1) const {
    handover_send(key, data.data(), data.size(), fd);
  }
  // Any thread, once: "" when everything was handed over.
  void handover_done(const std::string &error = {}) const {
    if (has(offsetof(flu_host, handover_done), host_->handover_done))
      host_->handover_done(host_->self, error.empty() ? nullptr : error.c_str());
  }

  const flu_host *host() const { return host_; }

private:
  template <class F> bool has(size_t offset, F f) const {
    return host_->struct_size >= offset + sizeof(F) && f;
  }

  const flu_host *host_;
};

constexpr flu_property_spec property(const char *name, flu_property_type type,
                                     const char *description,
                                     const char *default_value = nullptr,
                                     uint32_t flags = 0) {
  return {sizeof(flu_property_spec), name, type, default_value, flags, description};
}

constexpr flu_port_spec port(const char *name, uint32_t flags = 0,
                             const char *description = "") {
  return {sizeof(flu_port_spec), name, flags, description};
}

namespace detail {

inline char *dup(const std::string &s) { return g_strdup(s.c_str()); }

inline char *error_text(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception &ex) {
    return dup(ex.what());
  } catch (...) {
    return dup("unknown error");
  }
}

template <class T> char *pipeline(const flu_host *host, char **error) {
  try {
    return dup(T::pipeline(Config(host)));
  } catch (...) {
    *error = error_text(std::current_exception());
    return nullptr;
  }
}

template <class T>
concept HasInstance = std::is_constructible_v<T, const Config &, GstElement *>;

template <class T>
int start(const flu_host *host, GstElement *pipe, void **instance, char **error) {
  try {
    *instance = new T(Config(host), pipe);
    return 0;
  } catch (...) {
    *error = error_text(std::current_exception());
    return 1;
  }
}

template <class T> void stop(void *instance) { delete static_cast<T *>(instance); }

template <class T>
concept HasInvoke = requires(T &t, const std::string &method,
                             const std::vector<std::string> &args) {
  { t.invoke(method, args) } -> std::convertible_to<std::string>;
};

template <class T>
concept HasKeycardExpired = requires(T &t, const std::string &id) {
  t.keycard_expired(id);
};

template <class T>
int invoke(void *instance, const char *method, const char *const *args, uint32_t n_args,
           char **result, char **error) {
  try {
    std::vector<std::string> list(args, args + n_args);
    *result = dup(static_cast<T *>(instance)->invoke(method, list));
    return 0;
  } catch (...) {
    *error = error_text(std::current_exception());
    return 1;
  }
}

template <class T> void keycard_expired(void *instance, const char *id) {
  try {
    static_cast<T *>(instance)->keycard_expired(id);
  } catch (...) {
    // Nothing to tell: the keycard is gone either way.
  }
}

// A component class takes part in hot upgrades with three members:
//   void handover_out();  // old side: send with Config::handover_send, then
//                         // call Config::handover_done (any thread, later)
//   void handover_in(const std::string &key, std::string_view data, int fd);
//                         // new side, one item; it owns fd (-1: none)
//   void handover_end(const std::string &error); // "" = all arrived
// They run on the job's main thread and must not throw: an exception is
// swallowed here (the worker's time limit then ends a handover that never
// finishes), and an item's fd belongs to the component even then.
template <class T>
concept HasHandover = requires(T &t, const std::string &key, std::string_view data,
                               int fd) {
  t.handover_out();
  t.handover_in(key, data, fd);
  t.handover_end(key);
};

template <class T> void handover_out(void *instance) {
  try {
    static_cast<T *>(instance)->handover_out();
  } catch (...) {
    // See HasHandover: the worker's time limit ends it.
  }
}

template <class T>
void handover_in(void *instance, const char *key, const void *data, uint32_t size,
                 int fd) {
  try {
    const std::string_view bytes(static_cast<const char *>(data), data ? size : 0);
    if (key)
      static_cast<T *>(instance)->handover_in(key, bytes, fd);
    else
      static_cast<T *>(instance)->handover_end(std::string(bytes));
  } catch (...) {
    // See HasHandover.
  }
}

template <class T> constexpr auto handover_out_fn() {
  if constexpr (HasHandover<T>)
    return &handover_out<T>;
  else
    return static_cast<decltype(flu_component_ops::handover_out)>(nullptr);
}

template <class T> constexpr auto handover_in_fn() {
  if constexpr (HasHandover<T>)
    return &handover_in<T>;
  else
    return static_cast<decltype(flu_component_ops::handover_in)>(nullptr);
}

template <class T> constexpr auto invoke_fn() {
  if constexpr (HasInvoke<T>)
    return &invoke<T>;
  else
    return static_cast<decltype(flu_component_ops::invoke)>(nullptr);
}

template <class T> constexpr auto keycard_expired_fn() {
  if constexpr (HasKeycardExpired<T>)
    return &keycard_expired<T>;
  else
    return static_cast<decltype(flu_component_ops::keycard_expired)>(nullptr);
}

template <class T> const flu_component_ops *ops() {
  if constexpr (HasInstance<T>) {
    static const flu_component_ops o = {sizeof(flu_component_ops),
                                        &pipeline<T>,
                                        &start<T>,
                                        &stop<T>,
                                        invoke_fn<T>(),
                                        keycard_expired_fn<T>(),
                                        handover_out_fn<T>(),
                                        handover_in_fn<T>()};
    return &o;
  } else {
    static const flu_component_ops o = {sizeof(flu_component_ops),
                                        &pipeline<T>,
                                        nullptr,
                                        nullptr,
                                        nullptr,
                                        nullptr,
                                        nullptr,
                                        nullptr};
    return &o;
  }
}

} // namespace detail

namespace detail {

template <class T>
flu_component_type make_type(const char *name, const char *description,
                             int32_t clock_priority, const flu_property_spec *properties,
                             uint32_t n_properties, const flu_port_spec *eaters,
                             uint32_t n_eaters, const flu_port_spec *feeders,
                             uint32_t n_feeders) {
  return {sizeof(flu_component_type),
          name,
          description,
          clock_priority,
          properties,
          n_properties,
          eaters,
          n_eaters,
          feeders,
          n_feeders,
          ops<T>(),
          nullptr};
}

} // namespace detail

template <class T, size_t NP, size_t NE, size_t NF>
flu_component_type component_type(const char *name, const char *description,
                                  const flu_property_spec (&properties)[NP],
                                  const flu_port_spec (&eaters)[NE],
                                  const flu_port_spec (&feeders)[NF],
                                  int32_t clock_priority = 100) {
  return detail::make_type<T>(name, description, clock_priority, properties, NP, eaters,
                              NE, feeders, NF);
}

// For a type without properties (a muxer, say).
template <class T, size_t NE, size_t NF>
flu_component_type component_type(const char *name, const char *description,
                                  const flu_port_spec (&eaters)[NE],
                                  const flu_port_spec (&feeders)[NF],
                                  int32_t clock_priority = 100) {
  return detail::make_type<T>(name, description, clock_priority, nullptr, 0, eaters, NE,
                              feeders, NF);
}

// For a type without eaters (a producer).
template <class T, size_t NP, size_t NF>
flu_component_type producer_type(const char *name, const char *description,
                                 const flu_property_spec (&properties)[NP],
                                 const flu_port_spec (&feeders)[NF],
                                 int32_t clock_priority = 100) {
  return detail::make_type<T>(name, description, clock_priority, properties, NP, nullptr,
                              0, feeders, NF);
}

// For a type without feeders (a consumer).
template <class T, size_t NP, size_t NE>
flu_component_type consumer_type(const char *name, const char *description,
                                 const flu_property_spec (&properties)[NP],
                                 const flu_port_spec (&eaters)[NE],
                                 int32_t clock_priority = 100) {
  return detail::make_type<T>(name, description, clock_priority, properties, NP, eaters,
                              NE, nullptr, 0);
}

} // namespace flu::sdk

// flu_add_module() defines FLU_MODULE_ID and FLU_MODULE_VERSION from its
// arguments, so the id and version live in one place: the module's CMake.
#define FLU_MODULE(types)                                                                \
  extern "C" __attribute__((visibility("default"))) const flu_module *flu_module_entry(  \
      void) {                                                                            \
    static const flu_module module = {                                                   \
        FLU_ABI_MAJOR,                                                                   \
        FLU_ABI_MINOR,                                                                   \
        sizeof(flu_module),                                                              \
        FLU_MODULE_ID,                                                                   \
        FLU_MODULE_VERSION,                                                              \
        types,                                                                           \
        static_cast<uint32_t>(sizeof(types) / sizeof((types)[0]))};                      \
    return &module;                                                                      \
  }
