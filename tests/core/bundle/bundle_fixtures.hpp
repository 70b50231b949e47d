// Small bundles made in memory for the bundle tests: a module with one
// component type and a library that is only bytes (nothing here loads it).
#pragma once

#include "bundle/bundle.hpp"
#include "registry/manifest.hpp"
#include "temp_dir.hpp"

#include <flu/module.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace flu::bundle::test {

inline registry::ModuleManifest module_manifest(const std::string &id,
                                                const std::string &type) {
  registry::ModuleManifest m;
  m.id = id;
  m.version = "1.0.0";
  m.abi_major = FLU_ABI_MAJOR;
  m.abi_minor = FLU_ABI_MINOR;
  m.library = "libflu-" + id + ".so";
  registry::ComponentType t;
  t.name = type;
  t.description = "a test type";
  registry::PropertySpec p;
  p.name = "bitrate";
  p.type = registry::PropertyType::integer;
  p.default_value = "400000";
  t.properties.push_back(p);
  t.feeders.push_back({"default", false, false, ""});
  m.types.push_back(t);
  return m;
}

struct Recipe {
  BundleManifest manifest;
  std::vector<ArchiveEntry> files;
};

// name 1.0.0 providing `type` (none when empty), depending on `depends`.
inline Recipe recipe(const std::string &name, const std::string &version,
                     const std::string &type = "",
                     std::vector<BundleDependency> depends = {}) {
  Recipe r;
  r.manifest.name = name;
  r.manifest.version = version;
  r.manifest.abi_major = FLU_ABI_MAJOR;
  r.manifest.abi_minor = FLU_ABI_MINOR;
  r.manifest.platform = type.empty() ? "any" : host_platform();
  r.manifest.description = "bundle " + name;
  r.manifest.depends = std::move(depends);
  if (!type.empty()) {
    auto module = module_manifest(name, type);
    const std::string dir = "modules/" + name;
    r.files.push_back({dir + "/" + module.library, "\x7f"
                                                   "ELF not really " +
                                                       version});
    r.files.push_back({dir + "/module.xml", registry::write_manifest(module)});
    r.manifest.modules.push_back({dir, module});
  }
  r.files.push_back({"share/doc/" + name + "/README", "about " + name + " " + version});
  return r;
}

inline std::string build(const Recipe &r, const SecretKey *key) {
  return build_bundle(r.manifest, r.files, key);
}

// A release key, a trust store holding it, and bundles signed with it.
struct Releaser {
  SecretKey key = generate_key("release");
  TrustStore trust;
  Releaser() { trust.add(key.public_key()); }
  std::string make(const std::string &name, const std::string &version,
                   const std::string &type = "",
                   std::vector<BundleDependency> deps = {}) const {
    return build(recipe(name, version, type, std::move(deps)), &key);
  }
};

using TempDir = flu::test::TempDir;

} // namespace flu::bundle::test
