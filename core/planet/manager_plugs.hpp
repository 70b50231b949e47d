// Flumotion's <plugs> in <manager>: what each plug made the original's
// manager do (flumotion/component/plugs/{adminaction,identity,base,manhole}.py)
// read as what flu's manager does for it (planet.hpp's ManagerPlug), or left
// out with a note saying why: the identity provider (flu's manager already
// names admins as Flumotion did without one) and the manhole (a Python shell,
// which a C++ manager cannot open; a warning).
#pragma once

#include "planet/planet.hpp"

#include <string>
#include <vector>

namespace pugi {
class xml_node;
}
namespace flu::xml {
class XmlFile;
}

namespace flu::planet::flumotion {

// Reads the <plugs> element of <manager> into `plugs`, with a FILE:LINE note
// for each old type name and each plug left out; refuses (PlanetError at its
// line) a plug flu does not know, a property the plug does not have, one
// given twice, or a required one missing.
void read_manager_plugs(const xml::XmlFile &file, const pugi::xml_node &node,
                        std::vector<ManagerPlug> &plugs, std::vector<std::string> &notes);

// Flumotion 0.10's socket of a manager plug type flu keeps, for the writer.
const char *manager_plug_socket(const std::string &type);

} // namespace flu::planet::flumotion
