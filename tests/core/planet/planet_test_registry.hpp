// The registry the planet tests check against: stand-in manifests under
// fixtures/modules (schemas only, no module is built or loaded).
#pragma once

#include "registry/registry.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>

namespace flu::planet::test {

inline std::filesystem::path fixtures() {
  return std::filesystem::path(FLU_SOURCE_DIR) / "tests/core/planet/fixtures";
}

inline const registry::Registry &test_registry() {
  static const registry::Registry registry = [] {
    registry::Registry scanned;
    scanned.scan({fixtures() / "modules"});
    return scanned;
  }();
  BOOST_REQUIRE_MESSAGE(registry.errors().empty(),
                        (registry.errors().empty() ? "" : registry.errors().front()));
  return registry;
}

} // namespace flu::planet::test
