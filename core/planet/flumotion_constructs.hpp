// The elements of Flumotion's planet files that flu's own words lack:
// <virtual-feed>, <source> and component <plugs> (manager plugs:
// manager_plugs.hpp). The parser hands them here; each
// either becomes part of flu's model or is refused at its line
// (PlanetError). The spelling table is flumotion_compat.hpp.
#pragma once

#include "planet/planet.hpp"

#include <string>
#include <vector>

namespace pugi {
class xml_node;
}
namespace flu::registry {
struct ComponentType;
}
namespace flu::xml {
class XmlFile;
}

namespace flu::planet::flumotion {

// <virtual-feed name="comp:feeder" real="feeder"/>: another name, in the
// flow, for one of `provider`'s feeders.
struct VirtualFeed {
  Feed name; // its line is the element's
  std::string provider;
  std::string real;
};

// Reads a <virtual-feed> of `component`; refuses one whose real feeder the
// type lacks, or one the component already offers. Other components may
// offer the same name (feed failover).
VirtualFeed read_virtual_feed(const xml::XmlFile &file, const pugi::xml_node &node,
                              const Component &component,
                              const registry::ComponentType &type,
                              const std::vector<VirtualFeed> &offered);

// A virtual feed one component offers: every eater's feed that names it is
// pointed at the real feeder, with a note each. One that several offer is
// kept (Component::virtual_feeds) for the manager's feed failover. Refuses a
// virtual feed named like a component.
void resolve_virtual_feeds(const xml::XmlFile &file, Flow &flow,
                           const std::vector<VirtualFeed> &offered,
                           std::vector<std::string> &notes);

// <source>COMP[:FEEDER]</source>, already read as `feed`: a feed of the
// type's first eater, as Flumotion read it.
void add_source(const xml::XmlFile &file, const pugi::xml_node &node,
                Component &component, const registry::ComponentType &type, Feed feed,
                std::vector<std::string> &notes);

// Flumotion's component plugs that flu's streamers and http-server do as
// properties of their own (docs/planet.md): the property a plug's property
// becomes, or null when flu has no such setting (refused) or no such plug.
bool is_known_plug(const std::string &plug_type);
const char *plug_property(const std::string &plug_type, const std::string &property);
// What a plug without properties sets: component-html5's html5-page=true;
// null for the others.
const char *plug_switch(const std::string &plug_type);

} // namespace flu::planet::flumotion
