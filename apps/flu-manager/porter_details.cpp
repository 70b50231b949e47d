// Flumotion's getPorterDetails: a component that names its porter (`porter`,
// the porter's name in the atmosphere or its id) is handed the porter's
// socket path, username and password by the manager, instead of repeating
// them in the planet. What the component sets itself stays; the porter's
// socket path is handed only when the porter's planet entry sets it (its
// default lies in the porter's own temporary directory, which the manager
// cannot know).
#include "runtime.hpp"

#include <algorithm>

namespace flu::manager {

void Manager::porter_details(const planet::Component &c,
                             message::Values &properties) const {
  const auto *named = c.values("porter");
  if (!named || named->empty())
    return;
  const std::string &name = named->front();
  const planet::Component *porter = nullptr;
  for (const auto &other : planet_.atmosphere)
    if (other.type == "porter" && (other.name == name || other.component_id() == name))
      porter = &other;
  if (!porter)
    return; // nothing to hand: the component says what it lacks
  auto set = [&](const std::string &to, const std::string &from) {
    const auto *value = porter->values(from);
    if (!value || value->empty())
      return;
    const bool given = std::any_of(properties.begin(), properties.end(),
                                   [&](const auto &p) { return p.first == to; });
    if (!given)
      properties.emplace_back(to, *value);
  };
  set("porter-socket-path", "socket-path");
  set("porter-username", "username");
  set("porter-password", "password");
}

} // namespace flu::manager
