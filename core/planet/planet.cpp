// Lookups on the planet model; see planet.hpp.
#include "planet/planet.hpp"

#include <algorithm>

namespace flu::planet {
namespace {

template <typename Item>
const Item *find_named(const std::vector<Item> &items, const std::string &name) {
  auto it = std::find_if(items.begin(), items.end(),
                         [&](const Item &item) { return item.name == name; });
  return it == items.end() ? nullptr : &*it;
}

const ManagerPlug *find_if_type(const std::vector<ManagerPlug> &plugs,
                                const std::string &type) {
  auto it = std::find_if(plugs.begin(), plugs.end(),
                         [&](const ManagerPlug &plug) { return plug.type == type; });
  return it == plugs.end() ? nullptr : &*it;
}

} // namespace

const std::vector<std::string> *Component::values(const std::string &property) const {
  for (const auto &[name, values] : properties)
    if (name == property)
      return &values;
  return nullptr;
}

const Eater *Component::eater(const std::string &name) const {
  return find_named(eaters, name);
}

std::vector<Provider> Flow::providers(const std::string &component,
                                      const std::string &feeder) const {
  std::vector<Provider> found;
  for (const auto &c : components)
    for (const auto &offered : c.virtual_feeds)
      if (offered.name.component == component && offered.name.feeder == feeder)
        found.push_back({&c, offered.real});
  return found;
}

const std::string *ManagerPlug::value(const std::string &name) const {
  for (const auto &[key, value] : properties)
    if (key == name)
      return &value;
  return nullptr;
}

const ManagerPlug *ManagerSection::plug(const std::string &type) const {
  return find_if_type(plugs, type);
}

const Flow *Planet::flow(const std::string &name) const {
  return find_named(flows, name);
}

const Component *Planet::find(const std::string &component_id) const {
  // "/parent/name": exactly two non-empty parts.
  if (component_id.size() < 4 || component_id.front() != '/')
    return nullptr;
  auto slash = component_id.find('/', 1);
  if (slash == std::string::npos || slash == 1 || slash + 1 == component_id.size())
    return nullptr;
  std::string parent = component_id.substr(1, slash - 1);
  std::string name = component_id.substr(slash + 1);
  if (parent == "atmosphere")
    return find_named(atmosphere, name);
  if (parent == "manager")
    return manager.bouncer && manager.bouncer->name == name ? &*manager.bouncer : nullptr;
  const Flow *found = flow(parent);
  return found ? find_named(found->components, name) : nullptr;
}

const char *to_string(Restart restart) {
  return restart == Restart::on_failure ? "on-failure" : "never";
}

bool operator==(const Feed &a, const Feed &b) {
  return a.component == b.component && a.feeder == b.feeder && a.alias == b.alias;
}

bool operator==(const Eater &a, const Eater &b) {
  return a.name == b.name && a.feeds == b.feeds;
}

bool operator==(const VirtualFeed &a, const VirtualFeed &b) {
  return a.name == b.name && a.real == b.real;
}

bool operator==(const ManagerPlug &a, const ManagerPlug &b) {
  return a.type == b.type && a.properties == b.properties;
}

bool operator==(const Component &a, const Component &b) {
  return a.name == b.name && a.type == b.type && a.worker == b.worker &&
         a.flow == b.flow && a.version == b.version && a.label == b.label &&
         a.project == b.project && a.properties == b.properties && a.eaters == b.eaters &&
         a.virtual_feeds == b.virtual_feeds && a.clock_master == b.clock_master &&
         a.restart == b.restart;
}

bool operator==(const Flow &a, const Flow &b) {
  return a.name == b.name && a.components == b.components;
}

bool operator==(const ManagerSection &a, const ManagerSection &b) {
  return a.name == b.name && a.host == b.host && a.port == b.port &&
         a.bouncer == b.bouncer && a.plugs == b.plugs;
}

bool operator==(const Planet &a, const Planet &b) {
  return a.name == b.name && a.manager == b.manager && a.atmosphere == b.atmosphere &&
         a.flows == b.flows;
}

std::string feed_id(const std::string &flow, const Feed &feed) {
  return "/" + flow + "/" + feed.component + ":" + feed.feeder;
}

} // namespace flu::planet
