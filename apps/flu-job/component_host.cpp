#include "component_host.hpp"

#include "registry/value.hpp"

#include <regex>
#include <stdexcept>

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

} // namespace

ComponentHost::ComponentHost(ComponentSetup setup) : setup_(std::move(setup)) {}

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
  // Check the values against the module's own schema and fill in defaults:
  // the manager checked them against the manifest, but a job trusts only
  // what it is about to run.
  std::vector<std::pair<std::string, std::vector<std::string>>> checked;
  for (const auto &[name, values] : setup_.properties) {
    bool known = false;
    for (uint32_t i = 0; i < type_->n_properties; ++i)
      known = known || name == type_->properties[i].name;
    if (!known)
      throw std::runtime_error("component type " + setup_.type + " has no property " +
                               name);
  }
  for (uint32_t i = 0; i < type_->n_properties; ++i) {
    const flu_property_spec &spec = type_->properties[i];
    const auto *given = values_of(setup_, spec.name);
    std::vector<std::string> values;
    if (given)
      values = *given;
    else if (spec.default_value)
      values.push_back(spec.default_value);
    else if (spec.flags & FLU_PROPERTY_REQUIRED)
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
  setup_.properties = std::move(checked);
  host_ = *make_host(this);
  host_.self = this;
}

const flu_host *ComponentHost::make_host(ComponentHost *) {
  static const flu_host host = {
      sizeof(flu_host),
      nullptr,
      [](void *self) { return self_of(self)->setup_.avatar_id.c_str(); },
      [](void *self, const char *name) -> uint32_t {
        const auto *v = values_of(self_of(self)->setup_, name);
        return v ? static_cast<uint32_t>(v->size()) : 0;
      },
      [](void *self, const char *name, uint32_t index) -> const char * {
        const auto *v = values_of(self_of(self)->setup_, name);
        return v && index < v->size() ? (*v)[index].c_str() : nullptr;
      },
      [](void *self, const char *eater) -> uint32_t {
        const auto &counts = self_of(self)->setup_.feed_counts;
        const auto it = counts.find(eater);
        return it == counts.end() ? 0 : it->second;
      },
      [](void *self, flu_log_level level, const char *text) {
        if (self_of(self)->setup_.log)
          self_of(self)->setup_.log(level, text ? text : "");
      },
      [](void *self, flu_message_level level, const char *id, const char *text) {
        if (self_of(self)->setup_.message)
          self_of(self)->setup_.message(level, id ? id : "", text ? text : "");
      },
  };
  return &host;
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
  if (started_ && type_->ops->stop)
    type_->ops->stop(instance_);
  started_ = false;
  instance_ = nullptr;
}

} // namespace flu::job
