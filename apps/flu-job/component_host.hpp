// Runs one component inside a job: loads its module, answers the module's
// questions about its configuration (flu_host), builds its pipeline with the
// job's eater and feeder endpoints in place of the placeholders, and starts
// and stops it.
//
// The host knows nothing of networks: the endpoints come from outside
// (real feeds in a worker's job, gst-launch fragments in standalone mode).
#pragma once

#include "module/module_loader.hpp"

#include <flu/module.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace flu::job {

struct ComponentSetup {
  std::string avatar_id; // "/flow/name"
  std::string type;
  std::filesystem::path module;
  // name → values; after load(), defaults are filled in and values are canonical.
  std::vector<std::pair<std::string, std::vector<std::string>>> properties;
  std::map<std::string, uint32_t> feed_counts; // eater → number of feeds
  // gst-launch text that replaces @eater:NAME:INDEX@ and @feeder:NAME@.
  std::function<std::string(const std::string &eater, uint32_t index)> eater_endpoint;
  std::function<std::string(const std::string &feeder)> feeder_endpoint;
  std::function<void(flu_log_level, const std::string &)> log;
  std::function<void(flu_message_level, const std::string &id, const std::string &text)>
      message;
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
  void stop();         // the module's stop hook, then the pipeline to NULL

  GstElement *pipeline() const { return pipeline_; }
  const ComponentSetup &setup() const { return setup_; }
  // The pipeline text after substitution, for diagnostics.
  const std::string &description() const { return description_; }

private:
  static const flu_host *make_host(ComponentHost *self);
  std::string substitute(const std::string &text) const;

  ComponentSetup setup_;
  std::shared_ptr<module::LoadedModule> module_;
  const flu_component_type *type_ = nullptr;
  flu_host host_{};
  GstElement *pipeline_ = nullptr;
  void *instance_ = nullptr;
  bool started_ = false;
  std::string description_;
};

} // namespace flu::job
