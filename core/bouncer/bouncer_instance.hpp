// One bouncer loaded from its module and created with its own flu_host: its
// properties, its log, and the bouncers it may consult. BouncerHost runs one
// for the bouncer it hosts and one for each bouncer that one may consult.
//
// It only passes keycards to the module and answers back; the bookkeeping
// (challenges, issued keycards) is BouncerHost's.
#pragma once

#include "message/messages.hpp"
#include "module/module_loader.hpp"

#include <flu/module.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace flu::bouncer {

class BouncerInstance {
public:
  using Log = std::function<void(flu_log_level, const std::string &)>;
  using Consults = std::map<std::string, std::unique_ptr<BouncerInstance>>;

  struct Answer {
    flu_keycard_state state = FLU_KEYCARD_REFUSED;
    message::KeycardFields reply; // one value per name, the last one set
  };

  // Loads `type` from `module`, fills the schema's defaults into the
  // properties and creates the bouncer. `consults` (may be null: this one
  // consults nobody) must outlive it. Throws std::runtime_error naming the
  // component, module, type or property at fault.
  BouncerInstance(std::string component_id, std::string type,
                  const std::filesystem::path &module, const message::Values &properties,
                  Log log, const Consults *consults);
  ~BouncerInstance();
  BouncerInstance(const BouncerInstance &) = delete;
  BouncerInstance &operator=(const BouncerInstance &) = delete;

  Answer authenticate(const message::KeycardFields &keycard);
  // The same for a keycard already in C form, replying through `reply`:
  // what a consulting bouncer's host->consult() reaches.
  flu_keycard_state authenticate(const flu_keycard &keycard, flu_keycard_reply_fn reply,
                                 void *ctx);

  const std::string &component_id() const { return component_id_; }

private:
  static const char *host_component_id(void *self);
  static uint32_t host_value_count(void *self, const char *property);
  static const char *host_value(void *self, const char *property, uint32_t index);
  static uint32_t host_feed_count(void *self, const char *eater);
  static void host_log(void *self, flu_log_level level, const char *text);
  static void host_message(void *self, flu_message_level level, const char *id,
                           const char *text);
  static void host_message_translatable(void *self, flu_message_level level,
                                        const char *id, const char *domain,
                                        const char *format, const char *const *args,
                                        uint32_t n_args);
  static void host_ui_state(void *self, const char *key, const char *value);
  static void host_authenticate(void *self, const char *bouncer,
                                const flu_keycard *keycard, flu_authenticate_done_fn done,
                                void *ctx);
  static flu_keycard_state host_consult(void *self, const char *bouncer,
                                        const flu_keycard *keycard,
                                        flu_keycard_reply_fn reply, void *ctx);

  void fill_properties(const message::Values &given);

  // Declared first, destroyed last: the module's code must outlive the
  // instance it made.
  std::shared_ptr<module::LoadedModule> module_;
  std::string component_id_;
  std::string type_name_;
  Log log_;
  const Consults *consults_;
  std::map<std::string, std::vector<std::string>> values_;
  flu_host host_{};
  const flu_bouncer_ops *ops_ = nullptr;
  const flu_component_type *type_ = nullptr;
  void *instance_ = nullptr;
};

} // namespace flu::bouncer
