// Adds to and deletes from a running planet; see planet_merge.hpp.
//
// Every check runs before the first change, and the change itself is made
// on a copy that is moved in at the end, so a throw (even bad_alloc) leaves
// the planet exactly as it was.
#include "planet/planet_merge.hpp"
#include "planet/quote.hpp"

#include <algorithm>
#include <set>

namespace flu::planet {
namespace {

[[noreturn]] void refuse(const std::string &message) { throw ChangeError(message); }

bool has_named(const std::vector<Component> &components, const std::string &name) {
  return std::any_of(components.begin(), components.end(),
                     [&](const Component &c) { return c.name == name; });
}

const std::string *bouncer_of(const Component &component) {
  const auto *values = component.values("bouncer");
  return values && values->size() == 1 ? &values->front() : nullptr;
}

void check_flow(const Flow &flow, const Flow *existing,
                const std::vector<Component> &atmosphere) {
  auto known = [&](const std::string &name) {
    return has_named(flow.components, name) ||
           (existing && has_named(existing->components, name));
  };
  const Component *clock_master = nullptr;
  if (existing)
    for (const auto &component : existing->components)
      if (component.clock_master)
        clock_master = &component;
  for (const auto &component : flow.components) {
    const std::string id = component.component_id();
    if (existing && has_named(existing->components, component.name))
      refuse("component " + in_quotes(id) + " already exists");
    if (component.clock_master) {
      if (clock_master)
        refuse("component " + in_quotes(id) + " would be a second clock master in flow " +
               in_quotes(flow.name) + " (" + in_quotes(clock_master->component_id()) +
               " already is)");
      clock_master = &component;
    }
    for (const auto &eater : component.eaters)
      for (const auto &feed : eater.feeds)
        if (!known(feed.component) &&
            flow.providers(feed.component, feed.feeder).empty() &&
            !(existing && !existing->providers(feed.component, feed.feeder).empty()))
          refuse("component " + in_quotes(id) + ": feed " +
                 in_quotes(feed.component + ":" + feed.feeder) + " names no component " +
                 in_quotes(feed.component) + " in flow " + in_quotes(flow.name));
    if (const auto *bouncer = bouncer_of(component);
        bouncer && !has_named(atmosphere, *bouncer))
      refuse("component " + in_quotes(id) + ": bouncer " + in_quotes(*bouncer) +
             " is not in the atmosphere");
  }
}

} // namespace

void merge(Planet &into, Planet more) {
  const ManagerSection no_manager;
  if (!(more.manager == no_manager))
    refuse("a loaded file may not have a <manager> section (the manager's own settings "
           "come from its planet file)");
  Planet merged = into;
  for (auto &component : more.atmosphere) {
    if (has_named(merged.atmosphere, component.name))
      refuse("component " + in_quotes(component.component_id()) + " already exists");
    merged.atmosphere.push_back(std::move(component));
  }
  for (const auto &flow : more.flows)
    check_flow(flow, into.flow(flow.name), merged.atmosphere);

  for (auto &flow : more.flows) {
    auto existing = std::find_if(merged.flows.begin(), merged.flows.end(),
                                 [&](const Flow &f) { return f.name == flow.name; });
    if (existing == merged.flows.end()) {
      merged.flows.push_back(std::move(flow));
      continue;
    }
    for (auto &component : flow.components)
      existing->components.push_back(std::move(component));
  }
  into = std::move(merged);
}

bool remove(Planet &planet, const std::string &component_id) {
  const Component *target = planet.find(component_id);
  if (!target)
    return false;
  if (target->flow == "manager")
    refuse("component " + in_quotes(component_id) +
           " is the manager's bouncer; it goes only with the manager");

  if (target->flow == "atmosphere") {
    for (const auto &flow : planet.flows)
      for (const auto &component : flow.components)
        if (const auto *bouncer = bouncer_of(component);
            bouncer && *bouncer == target->name)
          refuse("component " + in_quotes(component_id) + " is the bouncer of " +
                 in_quotes(component.component_id()) + "; delete or change that first");
    Planet changed = planet;
    std::erase_if(changed.atmosphere,
                  [&](const Component &c) { return c.name == target->name; });
    planet = std::move(changed);
    return true;
  }

  const Flow &flow = *planet.flow(target->flow);
  auto offers = [&](const Feed &feed) {
    for (const auto &offered : target->virtual_feeds)
      if (offered.name.component == feed.component && offered.name.feeder == feed.feeder)
        return true;
    return false;
  };
  for (const auto &component : flow.components)
    for (const auto &eater : component.eaters)
      for (const auto &feed : eater.feeds)
        if (feed.component == target->name || offers(feed))
          refuse("component " + in_quotes(component_id) + " feeds " +
                 in_quotes(component.component_id()) + "; delete that first");
  Planet changed = planet;
  auto changed_flow = std::find_if(changed.flows.begin(), changed.flows.end(),
                                   [&](const Flow &f) { return f.name == flow.name; });
  std::erase_if(changed_flow->components,
                [&](const Component &c) { return c.name == target->name; });
  if (changed_flow->components.empty())
    changed.flows.erase(changed_flow);
  planet = std::move(changed);
  return true;
}

} // namespace flu::planet
