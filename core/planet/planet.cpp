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

const Flow *Planet::flow(const std::string &name) const {
  return find_named(flows, name);
}

const Component *Planet::find(const std::string &avatar_id) const {
  // "/parent/name": exactly two non-empty parts.
  if (avatar_id.size() < 4 || avatar_id.front() != '/')
    return nullptr;
  auto slash = avatar_id.find('/', 1);
  if (slash == std::string::npos || slash == 1 || slash + 1 == avatar_id.size())
    return nullptr;
  std::string parent = avatar_id.substr(1, slash - 1);
  std::string name = avatar_id.substr(slash + 1);
  if (parent == "atmosphere")
    return find_named(atmosphere, name);
  if (parent == "manager")
    return manager.bouncer && manager.bouncer->name == name ? &*manager.bouncer : nullptr;
  const Flow *found = flow(parent);
  return found ? find_named(found->components, name) : nullptr;
}

std::string feed_id(const std::string &flow, const Feed &feed) {
  return "/" + flow + "/" + feed.component + ":" + feed.feeder;
}

} // namespace flu::planet
