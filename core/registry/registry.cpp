// Builds the registry from module manifests; see registry.hpp.
#include "registry/registry.hpp"

#include "registry/manifest.hpp"

#include <algorithm>
#include <system_error>

namespace flu::registry {

namespace fs = std::filesystem;

namespace {

// The manifest's own file when known, for messages that name it.
std::string origin(const ModuleManifest &manifest) {
  if (manifest.directory.empty())
    return "module '" + manifest.id + "'";
  return (manifest.directory / "module.xml").string();
}

} // namespace

void Registry::scan(const std::vector<fs::path> &module_path) {
  std::vector<fs::path> seen;
  for (const auto &dir : module_path) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      continue;
    // A path may name one folder twice.
    const fs::path canonical = fs::weakly_canonical(dir, ec);
    if (std::find(seen.begin(), seen.end(), canonical) != seen.end())
      continue;
    seen.push_back(canonical);
    if (fs::is_regular_file(dir / "module.xml", ec))
      scan_file(dir / "module.xml");

    std::vector<fs::path> manifests;
    fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
      errors_.push_back(dir.string() + ": cannot list: " + ec.message());
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      auto candidate = it->path() / "module.xml";
      std::error_code file_ec;
      if (it->is_directory(file_ec) && fs::is_regular_file(candidate, file_ec))
        manifests.push_back(candidate);
    }
    if (ec)
      errors_.push_back(dir.string() + ": cannot list: " + ec.message());
    std::sort(manifests.begin(), manifests.end());
    for (const auto &manifest : manifests)
      scan_file(manifest);
  }
}

void Registry::scan_file(const fs::path &path) {
  try {
    add(read_manifest(path));
  } catch (const ManifestError &error) {
    errors_.push_back(error.what());
  }
}

bool Registry::add(ModuleManifest manifest) {
  if (auto known = ids_.find(manifest.id); known != ids_.end()) {
    errors_.push_back(origin(manifest) + ": module '" + manifest.id +
                      "' already registered from " + origin(*known->second) +
                      "; skipped");
    return false;
  }
  const auto &module = modules_.emplace_back(std::move(manifest));
  ids_.emplace(module.id, &module);
  for (const auto &type : module.types) {
    auto [it, inserted] = types_.emplace(type.name, Provider{&module, &type});
    if (!inserted)
      errors_.push_back(origin(module) + ": component type '" + type.name +
                        "' is already provided by module '" + it->second.module->id +
                        "' (" + origin(*it->second.module) + "); that one is kept");
  }
  return true;
}

const ComponentType *Registry::find_type(const std::string &name) const {
  auto it = types_.find(name);
  return it == types_.end() ? nullptr : it->second.type;
}

const ModuleManifest *Registry::module_of(const std::string &type) const {
  auto it = types_.find(type);
  return it == types_.end() ? nullptr : it->second.module;
}

const ModuleManifest *Registry::find_module(const std::string &id) const {
  auto it = ids_.find(id);
  return it == ids_.end() ? nullptr : it->second;
}

std::vector<std::string> Registry::type_names() const {
  std::vector<std::string> names;
  names.reserve(types_.size());
  for (const auto &[name, provider] : types_)
    names.push_back(name);
  return names; // std::map keeps them sorted
}

} // namespace flu::registry
