// The C++ face of the SDK for media components: what a module author writes
// against to make a component type that runs a GStreamer pipeline.
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
// where Vp8Encoder has `static std::string pipeline(const flu::sdk::Host&)`
// and, when it needs code at run time, a constructor
// `Vp8Encoder(const flu::sdk::Host&, GstElement* pipeline)`, called before
// the pipeline plays and destroyed once it has stopped (state NULL); the
// Host it is given lives as long as it does.
//
// A media component uses GStreamer, so this header brings <gst/gst.h> (and
// the Flu::sdk target GStreamer's flags). A module that is not media (a
// bouncer) includes <flu/sdk/bouncer.hpp> instead and needs no GStreamer.
#pragma once

#include <flu/module.h>
#include <flu/sdk/boundary.hpp>
#include <flu/sdk/entry.hpp>
#include <flu/sdk/host.hpp>

#include <gst/gst.h>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace flu::sdk {

namespace detail {

// A started component: the module's object and the host it was started
// with, which it may keep a reference to and through which a failure in a
// later call is logged.
template <class T> struct Running {
  Running(const flu_host *h, GstElement *pipeline) : host(h), object(host, pipeline) {}
  Host host;
  T object;
};

template <class T> Running<T> *running(void *instance) {
  return static_cast<Running<T> *>(instance);
}

template <class T> char *pipeline(const flu_host *host, char **error) {
  char *text = nullptr;
  guarded(host, "pipeline", error, [&] { text = dup(T::pipeline(Host(host))); });
  return text;
}

template <class T>
concept HasInstance = std::is_constructible_v<T, const Host &, GstElement *>;

template <class T>
int start(const flu_host *host, GstElement *pipe, void **instance, char **error) {
  return guarded(host, "start", error, [&] { *instance = new Running<T>(host, pipe); })
             ? 0
             : 1;
}

template <class T> void stop(void *instance) { delete running<T>(instance); }

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
  Running<T> *r = running<T>(instance);
  return guarded(r->host.host(), std::string("invoke ") + method, error,
                 [&] {
                   std::vector<std::string> list(args, args + n_args);
                   *result = dup(r->object.invoke(method, list));
                 })
             ? 0
             : 1;
}

// Nothing goes back to the host: the keycard is gone either way, so an
// exception is only logged.
template <class T> void keycard_expired(void *instance, const char *id) {
  Running<T> *r = running<T>(instance);
  guarded(
      r->host.host(), FLU_LOG_WARNING, std::string("keycard_expired ") + id,
      [&] { r->object.keycard_expired(id); }, [](const std::string &) {});
}

// A component class takes part in hot upgrades with three members:
//   void handover_out();  // old side: send with Host::handover_send, then
//                         // call Host::handover_done (any thread, later)
//   void handover_in(const std::string &key, std::string_view data, int fd);
//                         // new side, one item; it owns fd (-1: none)
//   void handover_end(const std::string &error); // "" = all arrived
// They run on the job's main thread and must not throw: an exception is
// logged as a warning and goes no further (the worker's time limit then
// ends a handover that never finishes), and an item's fd belongs to the
// component even then.
template <class T>
concept HasHandover = requires(T &t, const std::string &key, std::string_view data,
                               int fd) {
  t.handover_out();
  t.handover_in(key, data, fd);
  t.handover_end(key);
};

template <class T> void handover_out(void *instance) {
  Running<T> *r = running<T>(instance);
  guarded(
      r->host.host(), FLU_LOG_WARNING, "handover_out", [&] { r->object.handover_out(); },
      [](const std::string &) {});
}

template <class T>
void handover_in(void *instance, const char *key, const void *data, uint32_t size,
                 int fd) {
  Running<T> *r = running<T>(instance);
  guarded(
      r->host.host(), FLU_LOG_WARNING, key ? "handover_in" : "handover_end",
      [&] {
        const std::string_view bytes(static_cast<const char *>(data), data ? size : 0);
        if (key)
          r->object.handover_in(key, bytes, fd);
        else
          r->object.handover_end(std::string(bytes));
      },
      [](const std::string &) {});
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
    static const flu_component_ops o = {.struct_size = sizeof(flu_component_ops),
                                        .pipeline = &pipeline<T>,
                                        .start = &start<T>,
                                        .stop = &stop<T>,
                                        .invoke = invoke_fn<T>(),
                                        .keycard_expired = keycard_expired_fn<T>(),
                                        .handover_out = handover_out_fn<T>(),
                                        .handover_in = handover_in_fn<T>()};
    return &o;
  } else {
    // Only a pipeline: without an instance there is nothing to call later.
    static const flu_component_ops o = {.struct_size = sizeof(flu_component_ops),
                                        .pipeline = &pipeline<T>,
                                        .start = nullptr,
                                        .stop = nullptr,
                                        .invoke = nullptr,
                                        .keycard_expired = nullptr,
                                        .handover_out = nullptr,
                                        .handover_in = nullptr};
    return &o;
  }
}

template <class T>
flu_component_type make_type(const char *name, const char *description,
                             int32_t clock_priority, const flu_property_spec *properties,
                             uint32_t n_properties, const flu_port_spec *eaters,
                             uint32_t n_eaters, const flu_port_spec *feeders,
                             uint32_t n_feeders) {
  return {.struct_size = sizeof(flu_component_type),
          .name = name,
          .description = description,
          .clock_priority = clock_priority,
          .properties = properties,
          .n_properties = n_properties,
          .eaters = eaters,
          .n_eaters = n_eaters,
          .feeders = feeders,
          .n_feeders = n_feeders,
          .ops = ops<T>(),
          .bouncer = nullptr,
          .kind = FLU_COMPONENT_KIND_PIPELINE,
          .checks = nullptr,
          .n_checks = 0};
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
