// Flumotion's <plugs> in <manager>: what each plug made the original's
// manager do (flumotion/component/plugs/{adminaction,identity,base,manhole}.py)
// read (by the planet parser) as what flu's manager does for it (planet.hpp's
// ManagerPlug), or left out with a note saying why: the identity provider (flu's manager
// already names admins as Flumotion did without one) and the manhole (a Python shell,
// which a C++ manager cannot open; a warning).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace flu::planet::flumotion {

// What flu does for a manager plug. `older` is the name Flumotion's own
// example planets (conf/managers/default) use, from before 0.10's registry
// (plugs.xml) renamed them.
struct ManagerPlugSpec {
  const char *type;
  const char *older;
  const char *socket;
  std::initializer_list<std::string_view> properties;
  const char *required; // null: none
  // Null: kept in the planet; the manager acts on it. Otherwise the plug
  // is left out, and this says why.
  const char *left_out;
  bool warning; // left out with something lost
};

// The plug of type `type` (0.10's name or the older one), or null.
const ManagerPlugSpec *manager_plug(const std::string &type);

// Flumotion 0.10's socket of a manager plug type flu keeps, for the writer.
const char *manager_plug_socket(const std::string &type);

} // namespace flu::planet::flumotion
