// What a component type is, as the manager, workers and tools know it: the
// schema read from a module's manifest, never from loading the module.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flu::registry {

// Values match flu_property_type in <flu/module.h>.
enum class PropertyType {
  invalid = 0,
  string = 1,
  integer = 2,
  boolean = 3,
  real = 4,
  fraction = 5
};

const char *to_string(PropertyType type); // "string", "int", "bool", "float", "fraction"
PropertyType property_type_from_string(const std::string &name); // invalid if unknown

struct PropertySpec {
  std::string name;
  PropertyType type = PropertyType::invalid;
  std::optional<std::string> default_value;
  bool required = false;
  bool multiple = false;
  std::string description;
};

struct PortSpec {
  std::string name;
  bool required = false;
  bool multiple = false;
  std::string description;
};

struct ComponentType {
  std::string name;
  std::string description;
  int32_t clock_priority = 100;
  std::vector<PropertySpec> properties;
  std::vector<PortSpec> eaters;
  std::vector<PortSpec> feeders;

  const PropertySpec *property(const std::string &name) const;
  const PortSpec *eater(const std::string &name) const;
  const PortSpec *feeder(const std::string &name) const;
};

struct ModuleManifest {
  std::string id;
  std::string version;
  uint32_t abi_major = 0;
  uint32_t abi_minor = 0;
  std::string library; // file name of the .so, beside the manifest
  std::vector<ComponentType> types;
  std::filesystem::path directory; // where the manifest was read from; not written
};

} // namespace flu::registry
