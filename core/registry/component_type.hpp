// What a component type is, as the manager, workers and tools know it: the
// schema read from a module's manifest, never from loading the module.
#pragma once

#include <flu/module.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace flu::registry {

// The module ABI's property types, so that a value read from a module is
// its PropertyType without translation.
enum class PropertyType {
  invalid = FLU_PROPERTY_INVALID,
  string = FLU_PROPERTY_STRING,
  integer = FLU_PROPERTY_INT,
  boolean = FLU_PROPERTY_BOOL,
  real = FLU_PROPERTY_FLOAT,
  fraction = FLU_PROPERTY_FRACTION,
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

// A runtime check the type offers (docs/modules.md "Checks"): what
// `flu-command check WORKER TYPE NAME USAGE` asks, and the columns of the
// table it answers.
struct CheckSpec {
  std::string name;
  std::string description;
  std::string usage; // its arguments, "DIRECTORY"; "" for none
  std::vector<std::string> columns;
};

struct ComponentType {
  std::string name;
  std::string description;
  int32_t clock_priority = 100;
  bool bouncer = false;  // accepts or refuses keycards; has no pipeline
  bool handover = false; // hands its state and sockets to a new job (hot upgrade)
  std::vector<PropertySpec> properties;
  std::vector<PortSpec> eaters;
  std::vector<PortSpec> feeders;
  std::vector<CheckSpec> checks;

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
