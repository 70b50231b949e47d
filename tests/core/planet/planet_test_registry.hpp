// The registry the planet tests check against: stand-in manifests under
// fixtures/modules (schemas only, no module is built or loaded).
#pragma once

#include "registry/manifest.hpp"
#include "registry/registry.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>

namespace flu::planet::test {

inline std::filesystem::path fixtures() {
  return std::filesystem::path(FLU_SOURCE_DIR) / "tests/core/planet/fixtures";
}

// Types named "*-bouncer" are bouncers here even when their stand-in
// manifest does not say so (the manifest learns the flag separately).
inline const registry::Registry &test_registry() {
  static const registry::Registry registry = [] {
    std::vector<std::filesystem::path> manifests;
    for (const auto &entry : std::filesystem::directory_iterator(fixtures() / "modules"))
      manifests.push_back(entry.path() / "module.xml");
    std::sort(manifests.begin(), manifests.end());
    registry::Registry scanned;
    for (const auto &path : manifests) {
      auto manifest = registry::read_manifest(path);
      for (auto &type : manifest.types)
        type.bouncer = type.bouncer || type.name.ends_with("-bouncer");
      scanned.add(std::move(manifest));
    }
    return scanned;
  }();
  BOOST_REQUIRE_MESSAGE(registry.errors().empty(),
                        (registry.errors().empty() ? "" : registry.errors().front()));
  return registry;
}

} // namespace flu::planet::test
