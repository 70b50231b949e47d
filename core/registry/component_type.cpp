// Lookups on the component-type model; the spelling of property types is the
// one manifests and planet-file error messages use.
#include "registry/component_type.hpp"

#include <algorithm>

namespace flu::registry {
namespace {

template <typename Spec>
const Spec *find_named(const std::vector<Spec> &specs, const std::string &name) {
  auto it = std::find_if(specs.begin(), specs.end(),
                         [&](const Spec &spec) { return spec.name == name; });
  return it == specs.end() ? nullptr : &*it;
}

} // namespace

const char *to_string(PropertyType type) {
  switch (type) {
  case PropertyType::string:
    return "string";
  case PropertyType::integer:
    return "int";
  case PropertyType::boolean:
    return "bool";
  case PropertyType::real:
    return "float";
  case PropertyType::fraction:
    return "fraction";
  case PropertyType::invalid:
    break;
  }
  return "invalid";
}

PropertyType property_type_from_string(const std::string &name) {
  for (auto type : {PropertyType::string, PropertyType::integer, PropertyType::boolean,
                    PropertyType::real, PropertyType::fraction})
    if (name == to_string(type))
      return type;
  return PropertyType::invalid;
}

const PropertySpec *ComponentType::property(const std::string &name) const {
  return find_named(properties, name);
}

const PortSpec *ComponentType::eater(const std::string &name) const {
  return find_named(eaters, name);
}

const PortSpec *ComponentType::feeder(const std::string &name) const {
  return find_named(feeders, name);
}

} // namespace flu::registry
