#include "component_host.hpp"

#include "registry/value.hpp"

#include <cstddef>
#include <cstdio>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <unordered_map>

#include <unistd.h>

namespace flu::job {
namespace {

ComponentHost *self_of(void *self) { return static_cast<ComponentHost *>(self); }

const std::vector<std::string> *values_of(const ComponentSetup &s, const char *name) {
  for (const auto &[key, values] : s.properties)
    if (key == name)
      return &values;
  return nullptr;
}

std::string take_error(char *error, const char *fallback) {
  std::string text = error ? error : fallback;
  g_free(error);
  return text;
}

// The module calls the flu_host functions from C, so no exception may leave
// them: one from the job's hooks is logged with its text (through the job's
// log, or on stderr when the log itself is what failed) and the call does
// nothing more.
void report_failure(const ComponentSetup &setup, const char *function,
                    const std::string &text) noexcept {
  const std::string line = std::string("host function ") + function + " failed: " + text;
  try {
    if (setup.log) {
      setup.log(FLU_LOG_ERROR, line);
      return;
    }
  } catch (const std::exception &e) {
    std::fprintf(stderr, "flu-job: %s (and the log failed: %s)\n", line.c_str(),
                 e.what());
    return;
  } catch (...) {
    std::fprintf(stderr, "flu-job: %s (and the log failed)\n", line.c_str());
    return;
  }
  std::fprintf(stderr, "flu-job: %s\n", line.c_str());
}

template <class F> void shielded(void *self, const char *function, F &&f) noexcept {
  try {
    f();
  } catch (const std::exception &e) {
    report_failure(self_of(self)->setup(), function, e.what());
  } catch (...) {
    report_failure(self_of(self)->setup(), function, "unknown error");
  }
}

message::KeycardFields fields_of(const flu_keycard *keycard) {
  message::KeycardFields out;
  if (!FLU_HAS_FIELD(keycard, flu_keycard, n_fields) || !keycard->fields)
    return out;
  for (uint32_t i = 0; i < keycard->n_fields; ++i) {
    const flu_keycard_field &f = keycard->fields[i];
    if (f.name && *f.name)
      out.emplace_back(f.name, f.value ? f.value : "");
  }
  return out;
}

struct PendingAuthentication {
  flu_authenticate_done_fn done;
  void *ctx;
};

// Hands the answer to the module as a flu_keycard that lives for the call.
void answer(const PendingAuthentication &p, message::KeycardState state,
            const message::KeycardFields &fields) {
  std::vector<flu_keycard_field> list;
  list.reserve(fields.size());
  for (const auto &[name, value] : fields)
    list.push_back({name.c_str(), value.c_str()});
  const flu_keycard card{.struct_size = sizeof(flu_keycard),
                         .fields = list.data(),
                         .n_fields = static_cast<uint32_t>(list.size())};
  p.done(p.ctx, static_cast<flu_keycard_state>(state), &card);
}

message::KeycardFields refused_because(const std::string &reason) {
  return {{"reason", reason}};
}

// flu_host::component_state: a g_malloc'd copy, NULL when unknown.
char *component_state_of(void *self, const char *component_id, const char *key) {
  char *out = nullptr;
  shielded(self, "component_state", [&] {
    const auto &setup = self_of(self)->setup();
    if (!setup.component_state || !component_id || !key)
      return;
    if (const auto value = setup.component_state(component_id, key))
      out = g_strdup(value->c_str());
  });
  return out;
}

} // namespace

struct ComponentHost::Authentications {
  std::mutex mutex;
  std::unordered_map<uint64_t, PendingAuthentication> pending;
  uint64_t next = 0;
  bool closed = false; // the component is stopping: no new requests

  // The answer's way back to the module, at most once per request.
  void finish(uint64_t token, message::KeycardState state,
              const message::KeycardFields &fields) {
    PendingAuthentication p{};
    {
      std::lock_guard lock(mutex);
      const auto it = pending.find(token);
      if (it == pending.end())
        return; // already refused at stop
      p = it->second;
      pending.erase(it);
    }
    answer(p, state, fields);
  }
};

message::Values check_properties(const flu_component_type &type,
                                 const message::Values &given) {
  for (const auto &[name, values] : given) {
    bool known = false;
    for (uint32_t i = 0; i < type.n_properties; ++i)
      known = known || name == type.properties[i].name;
    if (!known)
      throw std::runtime_error("component type " + std::string(type.name) +
                               " has no property " + name);
  }
  message::Values checked;
  for (uint32_t i = 0; i < type.n_properties; ++i) {
    const flu_property_spec &spec = type.properties[i];
    std::vector<std::string> values;
    for (const auto &[name, list] : given)
      if (name == spec.name)
        values = list;
    if (values.empty() && spec.default_value)
      values.push_back(spec.default_value);
    else if (values.empty() && (spec.flags & FLU_PROPERTY_REQUIRED))
      throw std::runtime_error("property " + std::string(spec.name) + " is required");
    if (values.size() > 1 && !(spec.flags & FLU_PROPERTY_MULTIPLE))
      throw std::runtime_error("property " + std::string(spec.name) +
                               " takes one value, got " + std::to_string(values.size()));
    for (auto &v : values) {
      auto c = registry::check_value(static_cast<registry::PropertyType>(spec.type), v);
      if (!c)
        throw std::runtime_error("property " + std::string(spec.name) + ": " + c.error);
      v = c.canonical;
    }
    if (!values.empty())
      checked.emplace_back(spec.name, std::move(values));
  }
  return checked;
}

ComponentHost::ComponentHost(ComponentSetup setup)
    : setup_(std::move(setup)), authentications_(std::make_shared<Authentications>()) {}

ComponentHost::~ComponentHost() {
  stop();
  if (pipeline_)
    gst_object_unref(pipeline_);
}

void ComponentHost::load() {
  module_ = module::load_module(setup_.module);
  type_ = module_->find_type(setup_.type);
  if (!type_)
    throw std::runtime_error("module " + std::string(module_->info().id) +
                             " provides no component type " + setup_.type);
  if (type_->kind != FLU_COMPONENT_KIND_PIPELINE)
    throw std::runtime_error("component type " + setup_.type +
                             " is a bouncer: it runs as a bouncer, without a pipeline");
  // Check the values against the module's own schema and fill in defaults:
  // the manager checked them against the manifest, but a job trusts only
  // what it is about to run.
  auto checked = check_properties(*type_, setup_.properties);
  setup_.properties = std::move(checked);
  host_ = *make_host();
  host_.self = this;
  host_.component_state = &component_state_of; // ABI 1.5 (archive)
}

const flu_host *ComponentHost::make_host() {
  static const flu_host host = {
      .struct_size = sizeof(flu_host),
      .self = nullptr,
      .component_id =
          [](void *self) { return self_of(self)->setup_.component_id.c_str(); },
      .value_count = [](void *self, const char *name) -> uint32_t {
        const auto *v = values_of(self_of(self)->setup_, name);
        return v ? static_cast<uint32_t>(v->size()) : 0;
      },
      .value = [](void *self, const char *name, uint32_t index) -> const char * {
        const auto *v = values_of(self_of(self)->setup_, name);
        return v && index < v->size() ? (*v)[index].c_str() : nullptr;
      },
      .feed_count = [](void *self, const char *eater) -> uint32_t {
        const auto &counts = self_of(self)->setup_.feed_counts;
        const auto it = counts.find(eater);
        return it == counts.end() ? 0 : it->second;
      },
      .log =
          [](void *self, flu_log_level level, const char *text) {
            shielded(self, "log", [&] {
              if (self_of(self)->setup_.log)
                self_of(self)->setup_.log(level, text ? text : "");
            });
          },
      .message =
          [](void *self, flu_message_level level, const char *id, const char *text) {
            shielded(self, "message", [&] {
              if (self_of(self)->setup_.message)
                self_of(self)->setup_.message(level, id ? id : "", text ? text : "");
            });
          },
      .message_translatable =
          [](void *self, flu_message_level level, const char *id, const char *domain,
             const char *format, const char *const *args, uint32_t n_args) {
            shielded(self, "message_translatable", [&] {
              const auto &setup = self_of(self)->setup_;
              message::Note note;
              note.level = static_cast<message::NoteLevel>(level);
              note.id = id ? id : "";
              note.domain = domain ? domain : "";
              note.format = format ? format : "";
              for (uint32_t i = 0; args && i < n_args; ++i)
                note.args.push_back(args[i] ? args[i] : "");
              if (setup.note)
                setup.note(std::move(note));
              else if (setup.message) // no translation on the way: at least the words
                setup.message(level, note.id, note.format);
            });
          },
      .ui_state =
          [](void *self, const char *key, const char *value) {
            shielded(self, "ui_state", [&] {
              const auto &setup = self_of(self)->setup_;
              if (setup.ui_state && key && *key)
                setup.ui_state(key, value ? value : "");
            });
          },
      .authenticate =
          [](void *self, const char *bouncer, const flu_keycard *keycard,
             flu_authenticate_done_fn done, void *ctx) {
            shielded(self, "authenticate",
                     [&] { self_of(self)->authenticate(bouncer, keycard, done, ctx); });
          },
      // consult: bouncers only; a component asking gets no bouncer.
      .consult =
          [](void *, const char *, const flu_keycard *, flu_keycard_reply_fn reply,
             void *ctx) {
            if (reply)
              reply(ctx, "reason", "only a bouncer may consult another bouncer");
            return FLU_KEYCARD_REFUSED;
          },
      .handover_pending = [](void *self) -> int {
        return self_of(self)->handover_pending_ ? 1 : 0;
      },
      .handover_send =
          [](void *self, const char *key, const void *data, uint32_t size, int fd) {
            shielded(self, "handover_send", [&] {
              const auto &setup = self_of(self)->setup_;
              if (!setup.handover_send || !key) {
                if (fd >= 0)
                  ::close(fd);
                return;
              }
              setup.handover_send(key,
                                  data
                                      ? std::string(static_cast<const char *>(data), size)
                                      : std::string(),
                                  fd);
            });
          },
      .handover_done =
          [](void *self, const char *error) {
            shielded(self, "handover_done", [&] {
              const auto &setup = self_of(self)->setup_;
              if (setup.handover_done)
                setup.handover_done(error ? (*error ? error : "unknown error") : "");
            });
          },
      // ABI 1.5 (docs/modules.md).
      .hungry = &ComponentHost::hungry_entry,
      .component_state = nullptr,
  };
  return &host;
}

void ComponentHost::hungry_entry(void *self, int hungry, const char *why) {
  shielded(self, "hungry", [&] {
    const auto &setup = self_of(self)->setup_;
    if (setup.hungry)
      setup.hungry(hungry != 0, why ? why : "");
  });
}

void ComponentHost::authenticate(const char *bouncer, const flu_keycard *keycard,
                                 flu_authenticate_done_fn done, void *ctx) {
  if (!done)
    return;
  const PendingAuthentication p{done, ctx};
  uint64_t token = 0;
  std::string refused;
  {
    std::lock_guard lock(authentications_->mutex);
    if (authentications_->closed)
      refused = "the component is stopping";
    else if (!setup_.authenticate)
      refused = "this host has no bouncers";
    else
      authentications_->pending.emplace(token = ++authentications_->next, p);
  }
  if (!refused.empty()) {
    // Only when stopping (or in a bare host): the main thread may be inside
    // the module's stop, waiting for the very thread that asks, so this
    // answer comes at once, on the caller's thread.
    answer(p, message::KeycardState::refused, refused_because(refused));
    return;
  }
  std::weak_ptr<Authentications> weak = authentications_;
  setup_.authenticate(
      bouncer ? bouncer : "", fields_of(keycard),
      [weak, token](message::KeycardState state, const message::KeycardFields &fields) {
        if (auto table = weak.lock())
          table->finish(token, state, fields);
      });
}

bool ComponentHost::has_methods() const {
  const flu_component_ops *ops = type_ ? type_->ops : nullptr;
  return FLU_HAS_CALLBACK(ops, flu_component_ops, invoke);
}

std::string ComponentHost::invoke(const std::string &method,
                                  const std::vector<std::string> &args) {
  if (!has_methods())
    throw NoMethods("component type " + setup_.type + " has no methods");
  if (!pipeline_ || (type_->ops->start && !started_))
    throw std::runtime_error("the component is not running");
  std::vector<const char *> list;
  for (const auto &a : args)
    list.push_back(a.c_str());
  char *result = nullptr;
  char *error = nullptr;
  if (type_->ops->invoke(instance_, method.c_str(), list.data(),
                         static_cast<uint32_t>(list.size()), &result, &error) != 0) {
    g_free(result);
    throw std::runtime_error(take_error(error, "the method failed"));
  }
  g_free(error);
  std::string text = result ? result : "";
  g_free(result);
  return text;
}

void ComponentHost::keycard_expired(const std::string &keycard_id) {
  const flu_component_ops *ops = type_ ? type_->ops : nullptr;
  if (!FLU_HAS_CALLBACK(ops, flu_component_ops, keycard_expired) || !pipeline_ ||
      (ops->start && !started_))
    return;
  ops->keycard_expired(instance_, keycard_id.c_str());
}

bool ComponentHost::can_hand_over() const {
  const flu_component_ops *ops = type_ ? type_->ops : nullptr;
  return FLU_HAS_CALLBACK(ops, flu_component_ops, handover_out) &&
         FLU_HAS_CALLBACK(ops, flu_component_ops, handover_in);
}

void ComponentHost::handover_out() {
  if (!can_hand_over() || !pipeline_ || (type_->ops->start && !started_))
    throw std::runtime_error("component type " + setup_.type +
                             " does not support handover");
  type_->ops->handover_out(instance_);
}

void ComponentHost::handover_in(const std::string &key, const std::string &data, int fd) {
  if (!can_hand_over() || !pipeline_ || (type_->ops->start && !started_)) {
    if (fd >= 0)
      ::close(fd);
    return;
  }
  type_->ops->handover_in(instance_, key.c_str(), data.data(),
                          static_cast<uint32_t>(data.size()), fd);
}

void ComponentHost::handover_end(const std::string &error) {
  handover_pending_ = false;
  if (!can_hand_over() || !pipeline_ || (type_->ops->start && !started_))
    return;
  type_->ops->handover_in(instance_, nullptr, error.empty() ? nullptr : error.c_str(),
                          static_cast<uint32_t>(error.size()), -1);
}

std::string ComponentHost::substitute(const std::string &text) const {
  static const std::regex placeholder(
      R"(@(eater|feeder):([A-Za-z0-9_-]+)(?::([0-9]+))?@)");
  std::string out;
  auto begin = std::sregex_iterator(text.begin(), text.end(), placeholder);
  std::size_t last = 0;
  for (auto it = begin; it != std::sregex_iterator(); ++it) {
    const std::smatch &m = *it;
    out.append(text, last, m.position() - last);
    const std::string name = m[2];
    if (m[1] == "eater") {
      const uint32_t index = m[3].matched ? std::stoul(m[3]) : 0;
      if (!setup_.feed_counts.count(name) || index >= setup_.feed_counts.at(name))
        throw std::runtime_error("pipeline names feed " + std::to_string(index) +
                                 " of eater " + name + ", which is not configured");
      out += setup_.eater_endpoint(name, index);
    } else {
      out += setup_.feeder_endpoint(name);
    }
    last = m.position() + m.length();
  }
  out.append(text, last, std::string::npos);
  return out;
}

GstElement *ComponentHost::build() {
  char *error = nullptr;
  char *text = type_->ops->pipeline(&host_, &error);
  if (!text)
    throw std::runtime_error("the component could not describe its pipeline: " +
                             take_error(error, "no reason given"));
  const std::string pipeline_text = text;
  g_free(text);
  description_ = substitute(pipeline_text);

  GError *gerror = nullptr;
  GstElement *element = gst_parse_launch_full(description_.c_str(), nullptr,
                                              GST_PARSE_FLAG_FATAL_ERRORS, &gerror);
  if (!element) {
    std::string why = gerror ? gerror->message : "unknown error";
    g_clear_error(&gerror);
    throw std::runtime_error("cannot build pipeline '" + description_ + "': " + why);
  }
  if (!GST_IS_PIPELINE(element)) {
    GstElement *bin = gst_pipeline_new(nullptr);
    gst_bin_add(GST_BIN(bin), element);
    element = bin;
  }
  pipeline_ = element;
  return pipeline_;
}

void ComponentHost::start() {
  if (!type_->ops->start)
    return;
  char *error = nullptr;
  if (type_->ops->start(&host_, pipeline_, &instance_, &error) != 0)
    throw std::runtime_error("the component failed to start: " +
                             take_error(error, "no reason given"));
  started_ = true;
}

void ComponentHost::stop() {
  // Streaming threads end with the NULL state; only then may the module's
  // instance, which their callbacks may reach, go away.
  if (pipeline_)
    gst_element_set_state(pipeline_, GST_STATE_NULL);
  // Every answer the module waits for comes before its stop (the ABI's
  // promise), on this, the main thread.
  std::unordered_map<uint64_t, PendingAuthentication> pending;
  {
    std::lock_guard lock(authentications_->mutex);
    authentications_->closed = true;
    pending.swap(authentications_->pending);
  }
  for (const auto &[token, p] : pending)
    answer(p, message::KeycardState::refused,
           refused_because("the component is stopping"));
  if (started_ && type_->ops->stop)
    type_->ops->stop(instance_);
  started_ = false;
  instance_ = nullptr;
}

} // namespace flu::job
