// Runs one component inside a job: loads its module, answers the module's
// questions about its configuration (flu_host), builds its pipeline with the
// job's eater and feeder endpoints in place of the placeholders, and starts
// and stops it. It also carries the job's services to the module (messages,
// UI state, authentication) and the job's calls to it (invoke, expired
// keycards).
//
// The host knows nothing of networks: the endpoints and services come from
// outside (real feeds and the worker in a worker's job, gst-launch fragments
// and in-process bouncers in standalone mode), as the hooks of ComponentSetup.
//
// A module built against ABI 1.0 loads too: the host reads a field appended
// in 1.1 (invoke, keycard_expired) only when the module's struct reaches it
// (FLU_HAS_CALLBACK), and such a module simply has no methods. The type's
// kind (ABI 1.3, inferred for older modules by the loader) says whether it
// runs here, as a pipeline, or as a bouncer.
#pragma once

#include "message/messages.hpp"
#include "module/module_loader.hpp"

#include <flu/module.h>
#include <gst/gst.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace flu::job {

// The answer to an authentication: the final state and the keycard that came
// back (id; reason on refusal).
using KeycardDone =
    std::function<void(message::KeycardState, const message::KeycardFields &)>;

struct ComponentSetup {
  std::string component_id; // "/flow/name"
  std::string type;
  std::filesystem::path module;
  // name → values; after load(), defaults are filled in and values are canonical.
  std::vector<std::pair<std::string, std::vector<std::string>>> properties;
  std::map<std::string, uint32_t> feed_counts; // eater → number of feeds
  // gst-launch text that replaces @eater:NAME:INDEX@ and @feeder:NAME@.
  std::function<std::string(const std::string &eater, uint32_t index)> eater_endpoint;
  std::function<std::string(const std::string &feeder)> feeder_endpoint;

  // The services a module calls. log and message may be called from any
  // thread, and so may the others: each hook must be thread-safe.
  std::function<void(flu_log_level, const std::string &)> log;
  std::function<void(flu_message_level, const std::string &id, const std::string &text)>
      message;
  std::function<void(message::Note)> note; // a translatable message (level, id set)
  std::function<void(const std::string &key, const std::string &value)> ui_state;
  // Asks a bouncer about a keycard; `done` must then be called exactly once,
  // on the job's main thread (the host checks it has not stopped yet).
  std::function<void(const std::string &bouncer, message::KeycardFields keycard,
                     KeycardDone done)>
      authenticate;
  // Hot upgrade, old side (any thread, in call order): one item, with a
  // descriptor the hook owns (-1: none); then the end ("" = ok).
  std::function<void(std::string key, std::string data, int fd)> handover_send;
  std::function<void(std::string error)> handover_done;
  // ABI 1.5: the component waits for its source (true, why) or no longer
  // does (false, why: what it says now, may be empty). Any thread.
  std::function<void(bool hungry, std::string why)> hungry;
  // Another component's replicated state (flu_host::component_state, ABI
  // 1.5): never waits; nullopt when unknown. Any thread. Unset: always unknown.
  std::function<std::optional<std::string>(const std::string &component_id,
                                           const std::string &key)>
      component_state;
};

// The values of `given` checked against the type's schema, canonical, with
// the defaults filled in. Throws std::runtime_error naming the property.
message::Values check_properties(const flu_component_type &type,
                                 const message::Values &given);

// What invoke() throws when the module takes no calls at all.
class NoMethods : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class ComponentHost {
public:
  explicit ComponentHost(ComponentSetup setup);
  ~ComponentHost();
  ComponentHost(const ComponentHost &) = delete;
  ComponentHost &operator=(const ComponentHost &) = delete;

  // Each step throws std::runtime_error with a message fit for an operator.
  void load();         // the module, the type, the property values
  GstElement *build(); // the pipeline (owned by the host)
  void start();        // the module's start hook
  // The pipeline to NULL; every authentication still pending is answered
  // REFUSED; then the module's stop hook. Main thread.
  void stop();

  // Calls a method of the running component (main thread). Returns its
  // result; throws NoMethods when the type has none, std::runtime_error with
  // the component's error otherwise.
  std::string invoke(const std::string &method, const std::vector<std::string> &args);
  // A bouncer expired a keycard this component obtained (main thread).
  void keycard_expired(const std::string &keycard_id);
  bool has_methods() const;

  // Hot upgrade (main thread). Whether the type hands over at all; the old
  // side's start; the new side's items (the component owns fd) and end.
  bool can_hand_over() const;
  void set_handover_pending(bool pending) { handover_pending_ = pending; }
  bool handover_pending() const { return handover_pending_; }
  void handover_out();
  void handover_in(const std::string &key, const std::string &data, int fd);
  void handover_end(const std::string &error); // "" = everything arrived

  GstElement *pipeline() const { return pipeline_; }
  const ComponentSetup &setup() const { return setup_; }
  // The pipeline text after substitution, for diagnostics.
  const std::string &description() const { return description_; }

  // The authentications a module asked for and that have no answer yet;
  // shared with the answers' callbacks, which may outlive the host.
  struct Authentications;

private:
  static const flu_host *make_host();
  static void hungry_entry(void *self, int hungry, const char *why);
  std::string substitute(const std::string &text) const;
  void authenticate(const char *bouncer, const flu_keycard *keycard,
                    flu_authenticate_done_fn done, void *ctx);

  ComponentSetup setup_;
  std::shared_ptr<module::LoadedModule> module_;
  const flu_component_type *type_ = nullptr;
  flu_host host_{};
  GstElement *pipeline_ = nullptr;
  void *instance_ = nullptr;
  bool started_ = false;
  std::string description_;
  std::shared_ptr<Authentications> authentications_;
  std::atomic<bool> handover_pending_{false}; // read from module threads
};

} // namespace flu::job
