// BouncerInstance: see bouncer_instance.hpp.
#include "bouncer/bouncer_instance.hpp"

#include "i18n/translate.hpp"

#include <glib.h>

#include <stdexcept>

namespace flu::bouncer {
namespace {

flu_log_level log_level_of(flu_message_level level) {
  switch (level) {
  case FLU_MESSAGE_ERROR:
    return FLU_LOG_ERROR;
  case FLU_MESSAGE_WARNING:
    return FLU_LOG_WARNING;
  default:
    return FLU_LOG_INFO;
  }
}

void set_field(message::KeycardFields &fields, const char *name, const char *value) {
  if (!name || !value)
    return;
  for (auto &[n, v] : fields)
    if (n == name) {
      v = value;
      return;
    }
  fields.emplace_back(name, value);
}

void collect(void *ctx, const char *name, const char *value) {
  set_field(*static_cast<message::KeycardFields *>(ctx), name, value);
}

void ignore_reply(void *, const char *, const char *) {}

// A state from the module that is none of the three is a refusal.
flu_keycard_state checked(flu_keycard_state state, flu_keycard_reply_fn reply,
                          void *ctx) {
  if (state == FLU_KEYCARD_AUTHENTICATED || state == FLU_KEYCARD_CHALLENGE ||
      state == FLU_KEYCARD_REFUSED)
    return state;
  reply(ctx, "reason", "the bouncer gave no valid answer");
  return FLU_KEYCARD_REFUSED;
}

} // namespace

BouncerInstance::BouncerInstance(std::string component_id, std::string type,
                                 const std::filesystem::path &module,
                                 const message::Values &properties, Log log,
                                 const Consults *consults)
    : component_id_(std::move(component_id)), type_name_(std::move(type)),
      log_(std::move(log)), consults_(consults) {
  const std::string who = "bouncer " + component_id_ + " (" + type_name_ + ")";
  try {
    module_ = module::load_module(module);
  } catch (const std::exception &e) {
    throw std::runtime_error(who + ": " + e.what());
  }
  type_ = module_->find_type(type_name_);
  if (!type_)
    throw std::runtime_error(who + ": module " + module.string() + " has no type " +
                             type_name_);
  if (type_->kind != FLU_COMPONENT_KIND_BOUNCER)
    throw std::runtime_error(who + ": type " + type_name_ + " of module " +
                             module.string() + " is not a bouncer");
  ops_ = type_->bouncer;
  try {
    fill_properties(properties);
  } catch (const std::exception &e) {
    throw std::runtime_error(who + ": " + e.what());
  }

  // No hot upgrade for a bouncer: the handover fields stay NULL.
  host_ = flu_host{.struct_size = sizeof(flu_host),
                   .self = this,
                   .component_id = &host_component_id,
                   .value_count = &host_value_count,
                   .value = &host_value,
                   .feed_count = &host_feed_count,
                   .log = &host_log,
                   .message = &host_message,
                   .message_translatable = &host_message_translatable,
                   .ui_state = &host_ui_state,
                   .authenticate = &host_authenticate,
                   .consult = &host_consult,
                   .handover_pending = nullptr,
                   .handover_send = nullptr,
                   .handover_done = nullptr,
                   .hungry = nullptr,
                   .component_state = nullptr};

  if (ops_->create) {
    char *error = nullptr;
    if (ops_->create(&host_, &instance_, &error) != 0) {
      const std::string why = error ? error : "create() failed without saying why";
      g_free(error);
      throw std::runtime_error(who + ": " + why);
    }
    g_free(error); // a module that set it and succeeded anyway
  }
}

BouncerInstance::~BouncerInstance() {
  if (ops_->destroy)
    ops_->destroy(instance_);
}

void BouncerInstance::fill_properties(const message::Values &given) {
  for (const auto &[name, values] : given) {
    const flu_property_spec *spec = nullptr;
    for (uint32_t i = 0; i < type_->n_properties; ++i)
      if (name == type_->properties[i].name)
        spec = &type_->properties[i];
    if (!spec)
      throw std::runtime_error("unknown property '" + name + "'");
    if (values.size() > 1 && !(spec->flags & FLU_PROPERTY_MULTIPLE))
      throw std::runtime_error("property '" + name + "' takes one value, got " +
                               std::to_string(values.size()));
    auto &mine = values_[name];
    mine.insert(mine.end(), values.begin(), values.end());
  }
  for (uint32_t i = 0; i < type_->n_properties; ++i) {
    const flu_property_spec &spec = type_->properties[i];
    if (values_.count(spec.name))
      continue;
    if (spec.default_value)
      values_[spec.name] = {spec.default_value};
    else if (spec.flags & FLU_PROPERTY_REQUIRED)
      throw std::runtime_error(std::string("property '") + spec.name + "' is required");
  }
}

BouncerInstance::Answer
BouncerInstance::authenticate(const message::KeycardFields &keycard) {
  std::vector<flu_keycard_field> fields;
  fields.reserve(keycard.size());
  for (const auto &[name, value] : keycard)
    fields.push_back({name.c_str(), value.c_str()});
  const flu_keycard c = {.struct_size = sizeof(flu_keycard),
                         .fields = fields.data(),
                         .n_fields = static_cast<uint32_t>(fields.size())};
  Answer answer;
  answer.state = authenticate(c, &collect, &answer.reply);
  return answer;
}

flu_keycard_state BouncerInstance::authenticate(const flu_keycard &keycard,
                                                flu_keycard_reply_fn reply, void *ctx) {
  if (!reply)
    reply = &ignore_reply;
  return checked(ops_->authenticate(instance_, &keycard, reply, ctx), reply, ctx);
}

// ---- the flu_host a bouncer gets ----

const char *BouncerInstance::host_component_id(void *self) {
  return static_cast<BouncerInstance *>(self)->component_id_.c_str();
}

uint32_t BouncerInstance::host_value_count(void *self, const char *property) {
  const auto &values = static_cast<BouncerInstance *>(self)->values_;
  if (!property)
    return 0;
  auto it = values.find(property);
  return it == values.end() ? 0 : static_cast<uint32_t>(it->second.size());
}

const char *BouncerInstance::host_value(void *self, const char *property,
                                        uint32_t index) {
  const auto &values = static_cast<BouncerInstance *>(self)->values_;
  if (!property)
    return nullptr;
  auto it = values.find(property);
  if (it == values.end() || index >= it->second.size())
    return nullptr;
  return it->second[index].c_str();
}

uint32_t BouncerInstance::host_feed_count(void *, const char *) { return 0; }

void BouncerInstance::host_log(void *self, flu_log_level level, const char *text) {
  auto *me = static_cast<BouncerInstance *>(self);
  if (me->log_ && text)
    me->log_(level, text);
}

void BouncerInstance::host_message(void *self, flu_message_level level, const char *id,
                                   const char *text) {
  // A bouncer has no component state to show messages in; its log has them.
  const std::string line =
      std::string("message ") + (id ? id : "") + ": " + (text ? text : "");
  host_log(self, log_level_of(level), line.c_str());
}

void BouncerInstance::host_message_translatable(void *self, flu_message_level level,
                                                const char *id, const char *domain,
                                                const char *format,
                                                const char *const *args,
                                                uint32_t n_args) {
  message::Note note;
  note.domain = domain ? domain : "";
  note.format = format ? format : "";
  for (uint32_t i = 0; args && i < n_args; ++i)
    note.args.push_back(args[i] ? args[i] : "");
  const std::string text = i18n::render_untranslated(note);
  host_message(self, level, id, text.c_str());
}

void BouncerInstance::host_ui_state(void *, const char *, const char *) {}

void BouncerInstance::host_authenticate(void *, const char *, const flu_keycard *,
                                        flu_authenticate_done_fn done, void *ctx) {
  if (!done)
    return;
  const flu_keycard_field reason = {
      .name = "reason", .value = "a bouncer asks other bouncers with consult()"};
  const flu_keycard answer = {
      .struct_size = sizeof(flu_keycard), .fields = &reason, .n_fields = 1};
  done(ctx, FLU_KEYCARD_REFUSED, &answer);
}

flu_keycard_state BouncerInstance::host_consult(void *self, const char *bouncer,
                                                const flu_keycard *keycard,
                                                flu_keycard_reply_fn reply, void *ctx) {
  auto *me = static_cast<BouncerInstance *>(self);
  if (!reply)
    reply = &ignore_reply;
  BouncerInstance *other = nullptr;
  if (me->consults_ && bouncer) {
    auto it = me->consults_->find(bouncer);
    if (it != me->consults_->end())
      other = it->second.get();
  }
  if (!keycard) // only asking whether `bouncer` exists
    return other ? FLU_KEYCARD_AUTHENTICATED : FLU_KEYCARD_REFUSED;
  if (!other) {
    const std::string why = me->consults_ ? std::string("no bouncer named '") +
                                                (bouncer ? bouncer : "") + "' to consult"
                                          : "a consulted bouncer consults nobody";
    reply(ctx, "reason", why.c_str());
    return FLU_KEYCARD_REFUSED;
  }
  if (!FLU_HAS_FIELD(keycard, flu_keycard, n_fields) ||
      (keycard->n_fields && !keycard->fields)) {
    reply(ctx, "reason", "malformed keycard");
    return FLU_KEYCARD_REFUSED;
  }
  return other->authenticate(*keycard, reply, ctx);
}

} // namespace flu::bouncer
