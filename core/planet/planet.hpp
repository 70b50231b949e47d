// The planet: everything one manager manages, as read from a planet file
// (reference/flumotion.md §2): the manager section, the atmosphere
// (bouncers, porters) and any number of flows of feed components.
//
// This is the checked configuration, not the running state: every type is
// known to the registry, every value is canonical, every feed points at a
// feeder that exists. Moods and pids belong elsewhere.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace flu::planet {

// One feed an eater takes, always within the eater's own flow.
struct Feed {
  std::string component;
  std::string feeder; // "default" when the file says just "component"
  // Flumotion's <feed alias="...">: the eater's own name for this feed; empty
  // when the file gave none. Checked (unique per component) and kept so an
  // export writes it back; flu's eaters address feeds by feed id, not alias.
  std::string alias;
  int line = 0; // where the <feed> was written, for later errors
};

struct Eater {
  std::string name;
  std::vector<Feed> feeds;
};

// Flumotion's <virtual-feed name="production:video" real="default"/>: the
// component offers its feeder `real` under a flow-wide name that several
// components may offer. An eater of that name is fed by the first provider
// that is happy, and moved to another when it fails (feed failover, done by
// the manager; docs/planet.md). Kept only when two or more components offer
// the name: one provider's is read as that provider's real feeder.
struct VirtualFeed {
  Feed name; // component and feeder are the virtual feed's name; line its element's
  std::string real;
};

// What the manager does when a component's job fails (turns sad or dies).
// Flumotion's rule is `never`: a sad component waits for an operator to
// stop and start it. `on_failure` asks the manager to start it again.
enum class Restart { never, on_failure };

const char *to_string(Restart restart); // "never", "on-failure"

struct Component {
  using Restart = planet::Restart; // also spelt Component::Restart

  std::string name;
  std::string type;
  std::string worker; // empty only for the manager's bouncer
  std::string flow;   // "atmosphere", "manager" (its bouncer), or a flow name
  // The versions of its type's bundle it accepts: a checked semver range
  // ("^1.0"), "" for any. Its jobs run the highest one the repository has.
  std::string version;
  std::string label;
  std::string project;
  int line = 0;
  // Property name -> canonical values. Every property the file sets, plus
  // the schema default of every property it leaves out that has one, in the
  // schema's order; a component never has to know the defaults itself.
  std::vector<std::pair<std::string, std::vector<std::string>>> properties;
  std::vector<Eater> eaters;
  std::vector<VirtualFeed> virtual_feeds; // the virtual feeds it offers
  bool clock_master = false;
  Restart restart = Restart::never;

  std::string component_id() const { return "/" + flow + "/" + name; }
  // The values of a property, or null when it has none.
  const std::vector<std::string> *values(const std::string &property) const;
  const Eater *eater(const std::string &name) const;
};

// One component offering a virtual feed, and its real feeder.
struct Provider {
  const Component *component = nullptr;
  std::string feeder;
};

struct Flow {
  std::string name;
  std::vector<Component> components;

  // The components offering the virtual feed `component:feeder`, in file
  // order; empty when no component offers it (a plain feed).
  std::vector<Provider> providers(const std::string &component,
                                  const std::string &feeder) const;
};

// A plug of the manager (Flumotion's manager <plugs>): what it makes the
// manager do, by its Flumotion 0.10 type (docs/planet.md).
//   adminaction-loggerfile   every admin request, with who and when, is
//                            appended to `logfile`
//   identityprovider-example admins are named USER@HOST in that log (what
//                            Flumotion's manager does without a provider)
//   manager-example          lifecycle lines (started, planet loaded,
//                            stopped) on the manager's stdout
struct ManagerPlug {
  std::string type;
  std::vector<std::pair<std::string, std::string>> properties;
  int line = 0;
  // The value of a property, or null.
  const std::string *value(const std::string &name) const;
};

struct ManagerSection {
  std::string name;
  std::string host;
  int port = 7531;
  // The bouncer that checks admins and workers logging into the manager;
  // runs inside the manager, so it has no worker.
  std::optional<Component> bouncer;
  std::vector<ManagerPlug> plugs;
  // The plug of that type, or null.
  const ManagerPlug *plug(const std::string &type) const;
};

struct Planet {
  std::string name;
  ManagerSection manager;
  std::vector<Component> atmosphere;
  std::vector<Flow> flows;
  // "FILE:LINE: ..." for each spelling of Flumotion's the parser translated
  // or dropped (flumotion_compat.hpp), for --check and --convert to show.
  // Not configuration: equality ignores it.
  std::vector<std::string> notes;

  // "/flow/name", "/atmosphere/name" or "/manager/name"; null if unknown.
  const Component *find(const std::string &component_id) const;
  const Flow *flow(const std::string &name) const;
};

// Equality compares configuration, not where it was written: the `line`
// fields are ignored, so a planet equals itself written out and read back.
bool operator==(const Feed &a, const Feed &b);
bool operator==(const Eater &a, const Eater &b);
bool operator==(const VirtualFeed &a, const VirtualFeed &b);
bool operator==(const ManagerPlug &a, const ManagerPlug &b);
bool operator==(const Component &a, const Component &b);
bool operator==(const Flow &a, const Flow &b);
bool operator==(const ManagerSection &a, const ManagerSection &b);
bool operator==(const Planet &a, const Planet &b);

// "/flow/component:feeder", the id a feeder is asked for by eaters.
std::string feed_id(const std::string &flow, const Feed &feed);

} // namespace flu::planet
