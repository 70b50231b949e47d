// The registry: every component type the installed modules provide, learnt
// from their manifests (module.xml) without loading a single .so.
//
// A broken manifest is reported and skipped, never fatal, so one bad module
// cannot keep a manager from starting (GStreamer blacklists a plugin that
// breaks its scanner for the same reason). When two modules claim one type
// name, the first one scanned keeps it and the clash is reported.
#pragma once

#include "registry/component_type.hpp"

#include <deque>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace flu::registry {

class Registry {
public:
  Registry() = default;
  // Not copyable: lookups hand out pointers into this registry's storage.
  // Moving keeps them valid (a moved deque keeps its elements in place).
  Registry(const Registry &) = delete;
  Registry &operator=(const Registry &) = delete;
  Registry(Registry &&) = default;
  Registry &operator=(Registry &&) = default;

  // For each listed directory, reads DIR/module.xml and DIR/*/module.xml
  // (in name order, so results do not depend on the file system). Missing
  // directories are skipped silently: a module path often lists install
  // locations that do not exist in a build tree.
  void scan(const std::vector<std::filesystem::path> &module_path);

  // Adds one module; returns false when it contributed nothing (its id is
  // already registered). Clashes are recorded in errors().
  bool add(ModuleManifest manifest);

  // Broken manifests and clashes, one line each ("FILE:LINE: message").
  const std::vector<std::string> &errors() const { return errors_; }

  // Pointers stay valid for the registry's lifetime (modules are never
  // removed and are stored in a deque).
  const ComponentType *find_type(const std::string &name) const;
  const ModuleManifest *module_of(const std::string &type) const;
  const ModuleManifest *find_module(const std::string &id) const;

  std::vector<std::string> type_names() const; // sorted
  const std::deque<ModuleManifest> &modules() const { return modules_; }

private:
  struct Provider {
    const ModuleManifest *module;
    const ComponentType *type;
  };

  void scan_file(const std::filesystem::path &manifest);

  std::deque<ModuleManifest> modules_;
  std::map<std::string, Provider> types_;
  std::map<std::string, const ModuleManifest *> ids_;
  std::vector<std::string> errors_;
};

} // namespace flu::registry
