// Parses and checks planet files; see planet_parser.hpp.
//
// Checks run in file order so that the first error reported is the first one
// an operator would find reading the file top to bottom; feeds are resolved
// once their flow is complete because a feed may name a later component.
#include "planet/planet_parser.hpp"
#include "planet/quote.hpp"

#include "bundle/semver.hpp"
#include "planet/flumotion_compat.hpp"
#include "planet/flumotion_constructs.hpp"
#include "planet/manager_plugs.hpp"
#include "registry/registry.hpp"
#include "registry/value.hpp"
#include "xml/xml_file.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace flu::planet {
namespace {

using registry::check_value;
using registry::ComponentType;
using registry::PropertyType;
using xml::XmlFile;

// Where a component sits decides what it may have.
enum class Place { flow, atmosphere, manager };

class Parser {
public:
  Parser(const XmlFile &file, const registry::Registry &registry, const Planet *running)
      : file_(file), registry_(registry), running_(running) {}

  Planet parse() {
    if (!file_.parsed())
      fail(file_.parse_error_line(), "malformed XML: " + file_.parse_error());
    auto root = file_.document().document_element();
    if (std::string(root.name()) != "planet")
      fail(line(root),
           "root element is <" + std::string(root.name()) + ">, expected <planet>");
    check_attributes(root, {"name"});

    Planet planet;
    planet.name = root.attribute("name").value();
    bool has_manager = false;
    std::map<std::string, int> flow_lines;
    for (auto child : elements(root, "<planet>")) {
      std::string name = child.name();
      if (name == "manager") {
        if (has_manager)
          fail(line(child), "<manager> given twice");
        has_manager = true;
        parse_manager(child, planet.manager);
      } else if (name == "atmosphere") {
        parse_atmosphere(child, planet.atmosphere);
      } else if (name == "flow") {
        auto flow = parse_flow(child);
        if (auto [it, fresh] = flow_lines.emplace(flow.name, line(child)); !fresh)
          fail(line(child), "flow " + in_quotes(flow.name) +
                                " given twice (first at line " +
                                std::to_string(it->second) + ")");
        planet.flows.push_back(std::move(flow));
      } else {
        unknown_element(child, "<planet>");
      }
    }
    check_bouncers(planet);
    planet.notes = std::move(notes_);
    // Flumotion names the planet after its manager when the file does not.
    if (planet.name.empty())
      planet.name = planet.manager.name.empty() ? "planet" : planet.manager.name;
    return planet;
  }

private:
  int line(const pugi::xml_node &node) const { return file_.line_of(node); }

  [[noreturn]] void fail(int at, const std::string &message) const {
    throw PlanetError(file_.name(), at, message);
  }

  [[noreturn]] void unknown_element(const pugi::xml_node &node,
                                    const std::string &where) const {
    fail(line(node), "unknown element <" + std::string(node.name()) + "> in " + where);
  }

  void check_attributes(const pugi::xml_node &node,
                        std::initializer_list<std::string_view> allowed) const {
    if (auto attribute = xml::unknown_attribute(node, allowed))
      fail(line(node), "unknown attribute " + in_quotes(attribute.name()) + " on <" +
                           node.name() + ">");
  }

  // The element children of `node`; stray text is an error, not ignored,
  // since it usually means a tag was mistyped.
  std::vector<pugi::xml_node> elements(const pugi::xml_node &node,
                                       const std::string &where) const {
    std::vector<pugi::xml_node> found;
    for (auto child : node.children()) {
      if (child.type() == pugi::node_element)
        found.push_back(child);
      else if ((child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) &&
               !xml::is_blank(child.value()))
        fail(line(child), "unexpected text in " + where);
    }
    return found;
  }

  // The text of a leaf element such as <port> or <property>.
  std::string text(const pugi::xml_node &node, const std::string &what) const {
    bool nested = false;
    std::string value = xml::text_of(node, nested);
    if (nested)
      fail(line(node), what + " holds text only, not elements");
    return value;
  }

  std::string value(const pugi::xml_node &node, PropertyType type,
                    const std::string &what) const {
    auto check = check_value(type, text(node, what));
    if (!check)
      fail(line(node), what + ": " + check.error);
    return check.canonical;
  }

  void check_name(const pugi::xml_node &node, const std::string &name,
                  const std::string &what) const {
    if (name.empty())
      fail(line(node), "<" + std::string(node.name()) + "> needs a non-empty 'name'");
    if (name.find_first_of("/:") != std::string::npos)
      fail(line(node), what + " name " + in_quotes(name) + " may not contain '/' or ':'");
  }

  void parse_manager(const pugi::xml_node &node, ManagerSection &manager) const {
    check_attributes(node, {"name"});
    manager.name = node.attribute("name").value();
    std::set<std::string> seen;
    for (auto child : elements(node, "<manager>")) {
      std::string name = child.name();
      if (name == "transport" || name == "certificate" || name == "debug")
        fail(line(child),
             "Flumotion's manager <" + name +
                 "> is not supported: flu's manager link is ZeroMQ with "
                 "CURVE keys (flu-manager --key-dir, --insecure) and its log "
                 "level is set by FLU_DEBUG");
      if (name != "host" && name != "port" && name != "component" && name != "plugs")
        unknown_element(child, "<manager>");
      if (!seen.insert(name).second)
        fail(line(child), "<" + name + "> given twice in <manager>");
      if (name == "host") {
        check_attributes(child, {});
        manager.host = value(child, PropertyType::string, "manager <host>");
      } else if (name == "port") {
        check_attributes(child, {});
        auto port = std::stoll(value(child, PropertyType::integer, "manager <port>"));
        if (port < 1 || port > 65535)
          fail(line(child),
               "manager <port> " + std::to_string(port) + " is not a TCP port (1-65535)");
        manager.port = static_cast<int>(port);
      } else if (name == "plugs") {
        parse_manager_plugs(child, manager.plugs);
      } else {
        manager.bouncer = parse_component(child, "manager", Place::manager);
      }
    }
  }

  // Flumotion's <plugs> in <manager> (manager_plugs.hpp): each read as what
  // flu's manager does for it, with a note for an old type name, or left
  // out with a note saying why; a plug or property flu does not know, one
  // given twice or empty, or a required one missing is refused at its line.
  void parse_manager_plugs(const pugi::xml_node &node,
                           std::vector<ManagerPlug> &plugs) const {
    const std::string where = "the manager <plugs>";
    check_attributes(node, {});
    for (auto plug : elements(node, where)) {
      if (std::string(plug.name()) != "plug")
        unknown_element(plug, where);
      check_attributes(plug, {"type", "socket"});
      const std::string type = plug.attribute("type").value();
      const std::string of = "the manager: plug " + in_quotes(type);
      const auto *spec = flumotion::manager_plug(type);
      if (!spec)
        fail(line(plug),
             of + " is not supported: flu's manager reads adminaction-loggerfile, "
                  "manager-example, identityprovider-example and manager-manhole "
                  "(docs/planet.md)");
      ManagerPlug read;
      read.type = spec->type;
      read.line = line(plug);
      for (auto child : elements(plug, of)) {
        if (std::string(child.name()) != "property")
          unknown_element(child, of);
        check_attributes(child, {"name"});
        const std::string name = child.attribute("name").value();
        if (std::find(spec->properties.begin(), spec->properties.end(), name) ==
            spec->properties.end())
          fail(line(child), of + " has no property " + in_quotes(name));
        const std::string what = of + ": property " + in_quotes(name);
        if (read.value(name))
          fail(line(child), what + " given twice");
        std::string text = value(child, PropertyType::string, what);
        if (text.empty())
          fail(line(child), what + " is empty");
        read.properties.emplace_back(name, std::move(text));
      }
      if (spec->required && !read.value(spec->required))
        fail(read.line, of + ": missing required property " + in_quotes(spec->required));
      if (spec->left_out) {
        note(read.line, std::string(spec->warning ? "warning: " : "") + of +
                            " is left out: " + spec->left_out);
        continue;
      }
      if (type != spec->type)
        note(read.line, of + " is " + in_quotes(spec->type) + " (Flumotion 0.10's name)");
      plugs.push_back(std::move(read));
    }
  }

  void parse_atmosphere(const pugi::xml_node &node,
                        std::vector<Component> &atmosphere) const {
    check_attributes(node, {});
    for (auto child : elements(node, "<atmosphere>")) {
      if (std::string(child.name()) != "component")
        unknown_element(child, "<atmosphere>");
      auto component = parse_component(child, "atmosphere", Place::atmosphere);
      for (const auto &other : atmosphere)
        if (other.name == component.name)
          fail(component.line, "duplicate component " + in_quotes(component.name) +
                                   " in the atmosphere (first at line " +
                                   std::to_string(other.line) + ")");
      atmosphere.push_back(std::move(component));
    }
  }

  Flow parse_flow(const pugi::xml_node &node) const {
    check_attributes(node, {"name"});
    virtual_feeds_.clear();
    Flow flow;
    flow.name = node.attribute("name").value();
    check_name(node, flow.name, "flow");
    if (flow.name == "atmosphere" || flow.name == "manager")
      fail(line(node), "a flow may not be called " + in_quotes(flow.name) +
                           " (reserved for the " + flow.name + " section)");
    const std::string where = "flow " + in_quotes(flow.name);
    for (auto child : elements(node, where)) {
      if (std::string(child.name()) != "component")
        unknown_element(child, where);
      auto component = parse_component(child, flow.name, Place::flow);
      for (const auto &other : flow.components)
        if (other.name == component.name)
          fail(component.line, "duplicate component " + in_quotes(component.name) +
                                   " in " + where + " (first at line " +
                                   std::to_string(other.line) + ")");
      flow.components.push_back(std::move(component));
    }
    resolve_feeds(flow);
    return flow;
  }

  // The running planet's flow of that name, which a loaded flow file adds to.
  const Flow *running_flow(const std::string &name) const {
    return running_ ? running_->flow(name) : nullptr;
  }

  void resolve_feeds(Flow &flow) const {
    flumotion::resolve_virtual_feeds(file_, flow, virtual_feeds_, notes_);
    const Component *clock_master = nullptr;
    if (const Flow *running = running_flow(flow.name))
      for (const auto &component : running->components)
        if (component.clock_master)
          clock_master = &component;
    for (const auto &component : flow.components) {
      if (component.clock_master) {
        if (clock_master)
          fail(component.line, "component " + in_quotes(component.name) +
                                   " is a second clock master in flow " +
                                   in_quotes(flow.name) + " (" +
                                   in_quotes(clock_master->name) + " already is)");
        clock_master = &component;
      }
      for (const auto &eater : component.eaters)
        for (const auto &feed : eater.feeds)
          resolve_feed(flow, component, feed);
    }
  }

  void resolve_feed(const Flow &flow, const Component &eater, const Feed &feed) const {
    std::string prefix = "component " + in_quotes(eater.name) + ": feed " +
                         in_quotes(feed.component + ":" + feed.feeder);
    if (feed.component == eater.name)
      fail(feed.line, prefix + " is the component's own output");
    const Component *source = nullptr;
    for (const auto &candidate : flow.components)
      if (candidate.name == feed.component)
        source = &candidate;
    const Flow *running = running_flow(flow.name);
    if (running && !source)
      for (const auto &candidate : running->components)
        if (candidate.name == feed.component)
          source = &candidate;
    // A virtual feed several components offer: each has its real feeder
    // (checked when read); the eater is not one of them.
    auto providers = flow.providers(feed.component, feed.feeder);
    if (running && providers.empty())
      providers = running->providers(feed.component, feed.feeder);
    if (!source && !providers.empty()) {
      for (const auto &provider : providers)
        if (provider.component->name == eater.name)
          fail(feed.line, prefix + " is offered by the component itself");
      return;
    }
    if (!source)
      fail(feed.line, prefix + " names no component " + in_quotes(feed.component) +
                          " in flow " + in_quotes(flow.name));
    if (!registry_.find_type(source->type)->feeder(feed.feeder))
      fail(feed.line, prefix + ": component " + in_quotes(source->name) + " (type " +
                          in_quotes(source->type) + ") has no feeder " +
                          in_quotes(feed.feeder));
  }

  // The versions of the type's bundle the component accepts: checked here,
  // so that a typo fails the load instead of a later start on a worker.
  std::string version_range(const pugi::xml_node &node, const std::string &who) const {
    const std::string text = node.attribute("version").value();
    if (xml::is_blank(text))
      return {};
    try {
      return bundle::VersionRange::parse(text).text();
    } catch (const bundle::VersionError &e) {
      fail(line(node), who + ": 'version' is not a version range: " + e.what());
    }
  }

  Component parse_component(const pugi::xml_node &node, const std::string &flow,
                            Place place) const;
  void parse_eater(const pugi::xml_node &node, const Component &component,
                   const ComponentType &type, std::vector<Eater> &eaters) const;

  // The planet's bouncers are known only once the whole file is read: the
  // atmosphere may come after the flows that use it.
  void check_bouncers(const Planet &planet) const {
    if (const auto &bouncer = planet.manager.bouncer;
        bouncer && !registry_.find_type(bouncer->type)->bouncer)
      fail(bouncer->line, "component " + in_quotes(bouncer->name) + ": type " +
                              in_quotes(bouncer->type) +
                              " is not a bouncer; the manager's <component> must be one");
    for (const auto &use : bouncer_uses_) {
      const Component *found = nullptr;
      for (const auto *atmosphere :
           {&planet.atmosphere, running_ ? &running_->atmosphere : nullptr})
        for (std::size_t i = 0; atmosphere && !found && i < atmosphere->size(); ++i)
          if ((*atmosphere)[i].name == use.bouncer)
            found = &(*atmosphere)[i];
      if (!found || !registry_.find_type(found->type)->bouncer)
        fail(use.line,
             "component " + in_quotes(use.component) + ": bouncer " +
                 in_quotes(use.bouncer) + " is not a bouncer in the atmosphere" +
                 (found ? " (its type " + in_quotes(found->type) + " is not a bouncer)"
                        : ""));
    }
  }

  // A flow component's `bouncer` property, checked once the file is read.
  struct BouncerUse {
    std::string component;
    std::string bouncer;
    int line;
  };

  void note(int at, const std::string &text) const {
    notes_.push_back(file_.name() + ":" + std::to_string(at) + ": " + text);
  }

  // COMPONENT or COMPONENT:FEEDER, as written in <feed>, <source> and a
  // virtual feed's name.
  Feed feed_text(const pugi::xml_node &node, const std::string &where) const {
    std::string text = value(node, PropertyType::string, where);
    Feed feed;
    feed.line = line(node);
    auto colon = text.find(':');
    feed.component = text.substr(0, colon);
    feed.feeder = colon == std::string::npos ? "default" : text.substr(colon + 1);
    if (feed.component.empty() || feed.feeder.empty() ||
        text.find_first_of("/", 0) != std::string::npos ||
        feed.feeder.find(':') != std::string::npos)
      fail(feed.line, where + ": feed " + in_quotes(text) +
                          " is not COMPONENT or COMPONENT:FEEDER of the same flow");
    return feed;
  }

  const XmlFile &file_;
  const registry::Registry &registry_;
  const Planet *running_;
  mutable std::vector<BouncerUse> bouncer_uses_;
  mutable std::vector<flumotion::VirtualFeed> virtual_feeds_; // of the flow being read
  mutable std::vector<std::string> notes_;
};

Component Parser::parse_component(const pugi::xml_node &node, const std::string &flow,
                                  Place place) const {
  check_attributes(node, {"name", "type", "label", "worker", "project", "version"});
  Component component;
  component.flow = flow;
  component.line = line(node);
  component.name = node.attribute("name").value();
  check_name(node, component.name, "component");
  const std::string who = "component " + in_quotes(component.name);

  component.type = node.attribute("type").value();
  if (component.type.empty())
    fail(component.line, who + " needs a 'type'");
  const ComponentType *type = registry_.find_type(component.type);
  if (!type)
    if (const char *flu_name = flumotion::flu_type(component.type)) {
      if ((type = registry_.find_type(flu_name)))
        note(component.line,
             "Flumotion's type '" + component.type + "' is flu's '" + flu_name + "'");
      component.type = flu_name;
    }
  if (!type) {
    const char *missing = flumotion::missing_type(component.type);
    fail(component.line, who + ": unknown component type " + in_quotes(component.type) +
                             ": no bundle provides it" +
                             (missing ? std::string("; ") + missing : std::string()));
  }

  component.worker = node.attribute("worker").value();
  if (place == Place::manager && node.attribute("worker"))
    fail(component.line, who + ": the manager's bouncer runs inside the manager and "
                               "takes no 'worker'");
  if (place != Place::manager && component.worker.empty())
    fail(component.line, who + " needs a 'worker' (the worker that runs it)");
  component.label = node.attribute("label").value();
  component.project = node.attribute("project").value();
  if (flumotion::is_flumotion_project(component.project)) {
    // The original's release that wrote the file, not a bundle range.
    const std::string release = node.attribute("version").value();
    if (!release.empty() && !flumotion::is_release_number(release))
      fail(component.line, who + ": 'version' " + in_quotes(release) + " of project " +
                               in_quotes(component.project) +
                               " is not a Flumotion release number (such as 0.10.0)");
    if (!release.empty())
      note(component.line, "version " + release + " is the " + component.project +
                               " release that wrote it; any bundle version runs it");
  } else {
    component.version = version_range(node, who);
  }

  std::map<std::string, std::vector<std::string>> given;
  bool clock_master_given = false;
  bool restart_given = false;
  // A <property> of the component, or of one of its Flumotion plugs (then
  // `name` is already the component's property it becomes).
  auto take_property = [&](const pugi::xml_node &child, std::string name) {
    const auto *spec = type->property(name);
    std::optional<std::string> mapped_value;
    if (!spec) {
      auto mapping = flumotion::map_property(type->name, name, text(child, who));
      const std::string prefix = who + ": Flumotion's property " + in_quotes(name) +
                                 " of " + in_quotes(type->name);
      if (mapping && mapping->kind == flumotion::PropertyMapping::Kind::refused)
        fail(line(child), prefix + " is not supported: " + mapping->reason);
      if (mapping && mapping->kind == flumotion::PropertyMapping::Kind::dropped) {
        note(line(child), prefix + " is left out: " + mapping->reason);
        return;
      }
      if (mapping && (spec = type->property(mapping->name))) {
        note(line(child), prefix + " is " + in_quotes(mapping->name) + " = " +
                              in_quotes(mapping->value));
        name = mapping->name;
        mapped_value = mapping->value;
      }
    }
    if (!spec)
      fail(line(child), who + ": type " + in_quotes(type->name) + " has no property " +
                            in_quotes(name));
    auto &values = given[name];
    if (!values.empty() && !spec->multiple)
      fail(line(child),
           who + ": property " + in_quotes(name) + " given twice but it takes one value");
    const std::string what = who + ": property " + in_quotes(name);
    if (mapped_value) {
      auto check = check_value(spec->type, *mapped_value);
      if (!check)
        fail(line(child), what + ": " + check.error);
      values.push_back(check.canonical);
    } else {
      values.push_back(value(child, spec->type, what));
    }
    if (name == "bouncer" && place == Place::flow)
      bouncer_uses_.push_back({component.name, values.back(), line(child)});
  };
  for (auto child : elements(node, who)) {
    std::string element = child.name();
    if (element == "property") {
      check_attributes(child, {"name"});
      std::string name = child.attribute("name").value();
      if (name.empty())
        fail(line(child), who + ": <property> needs a non-empty 'name'");
      take_property(child, std::move(name));
    } else if (element == "eater") {
      if (place != Place::flow)
        fail(line(child), who + ": components outside a flow have no eaters");
      parse_eater(child, component, *type, component.eaters);
    } else if (element == "source") {
      // Flumotion's old spelling of a feed into the type's first eater.
      if (place != Place::flow)
        fail(line(child), who + ": components outside a flow have no eaters");
      check_attributes(child, {});
      flumotion::add_source(file_, child, component, *type,
                            feed_text(child, who + " <source>"), notes_);
    } else if (element == "virtual-feed") {
      if (place != Place::flow)
        fail(line(child), who + ": <virtual-feed> only applies to components in a flow");
      virtual_feeds_.push_back(
          flumotion::read_virtual_feed(file_, child, component, *type, virtual_feeds_));
    } else if (element == "compound-property") {
      fail(line(child), who + ": <compound-property> " +
                            in_quotes(child.attribute("name").value()) +
                            " is not supported: type " + in_quotes(type->name) +
                            " has no compound properties (no flu type has yet)");
    } else if (element == "plugs") {
      // Flumotion's plugs that flu's types do as properties of their own.
      check_attributes(child, {});
      for (auto plug : elements(child, who + " <plugs>")) {
        if (std::string(plug.name()) != "plug")
          unknown_element(plug, who + " <plugs>");
        check_attributes(plug, {"type", "socket"});
        const std::string plug_type = plug.attribute("type").value();
        const std::string of = who + ": plug " + in_quotes(plug_type);
        if (!flumotion::is_known_plug(plug_type))
          fail(line(plug), of + " is not supported: flu has no such plug (" +
                               "docs/planet.md lists the plugs flu reads)");
        if (const char *property = flumotion::plug_switch(plug_type)) {
          if (!type->property(property))
            fail(line(plug), of + " does not apply: type " + in_quotes(type->name) +
                                 " has no property " + in_quotes(property));
          note(line(plug), of + " is " + in_quotes(property) + " = 'true'" +
                               " (its page settings are flu's own)");
          given[property] = {"true"};
          continue;
        }
        for (auto property : elements(plug, of)) {
          if (std::string(property.name()) != "property")
            unknown_element(property, of);
          check_attributes(property, {"name"});
          const std::string name = property.attribute("name").value();
          const char *flu = flumotion::plug_property(plug_type, name);
          if (!flu)
            fail(line(property), of + ": its property " + in_quotes(name) +
                                     " is not supported: flu has no such setting");
          if (!type->property(flu))
            fail(line(property), of + " does not apply: type " + in_quotes(type->name) +
                                     " has no property " + in_quotes(flu));
          note(line(property),
               of + ": its property " + in_quotes(name) + " is " + in_quotes(flu));
          take_property(property, flu);
        }
      }
    } else if (element == "clock-master") {
      if (place != Place::flow)
        fail(line(child), who + ": <clock-master> only applies to components in a flow");
      check_attributes(child, {});
      if (clock_master_given)
        fail(line(child), who + ": <clock-master> given twice");
      clock_master_given = true;
      component.clock_master =
          value(child, PropertyType::boolean, who + ": <clock-master>") == "true";
    } else if (element == "restart") {
      if (place == Place::manager)
        fail(line(child), who + ": <restart> only applies to components run by a worker");
      check_attributes(child, {});
      if (restart_given)
        fail(line(child), who + ": <restart> given twice");
      restart_given = true;
      std::string policy = value(child, PropertyType::string, who + ": <restart>");
      if (policy == "never")
        component.restart = Restart::never;
      else if (policy == "on-failure")
        component.restart = Restart::on_failure;
      else
        fail(line(child), who + ": <restart> is " + in_quotes(policy) +
                              ", expected 'never' or 'on-failure'");
    } else {
      unknown_element(child, who);
    }
  }

  const std::string kind = who + " (type " + in_quotes(type->name) + ")";
  for (const auto &spec : type->properties) {
    if (auto it = given.find(spec.name); it != given.end()) {
      component.properties.emplace_back(spec.name, std::move(it->second));
    } else if (spec.required) {
      fail(component.line, kind + ": missing required property " + in_quotes(spec.name));
    } else if (spec.default_value) {
      // The manifest reader checked the default; this only canonicalises it.
      component.properties.emplace_back(
          spec.name, std::vector<std::string>{
                         check_value(spec.type, *spec.default_value).canonical});
    }
  }
  for (const auto &spec : type->eaters)
    if (spec.required && place == Place::flow && !component.eater(spec.name))
      fail(component.line, kind + ": missing required eater " + in_quotes(spec.name));
  return component;
}

void Parser::parse_eater(const pugi::xml_node &node, const Component &component,
                         const ComponentType &type, std::vector<Eater> &eaters) const {
  check_attributes(node, {"name"});
  const std::string who = "component " + in_quotes(component.name);
  Eater eater;
  eater.name = node.attribute("name").value();
  if (eater.name.empty())
    fail(line(node), who + ": <eater> needs a non-empty 'name'");
  const auto *spec = type.eater(eater.name);
  if (!spec)
    fail(line(node), who + ": type " + in_quotes(type.name) + " has no eater " +
                         in_quotes(eater.name));
  for (const auto &other : eaters)
    if (other.name == eater.name)
      fail(line(node), who + ": eater " + in_quotes(eater.name) +
                           " given twice (or also by a <source>)");

  const std::string where = who + " eater " + in_quotes(eater.name);
  for (auto child : elements(node, where)) {
    if (std::string(child.name()) != "feed")
      unknown_element(child, where);
    check_attributes(child, {"alias"});
    Feed feed = feed_text(child, where + " <feed>");
    const std::string text = feed.component + ":" + feed.feeder;
    if (auto alias = child.attribute("alias")) {
      feed.alias = alias.value();
      if (feed.alias.empty() || feed.alias.find_first_of("/:") != std::string::npos)
        fail(feed.line, where + ": feed alias " + in_quotes(feed.alias) +
                            " must be a non-empty name without '/' or ':'");
      for (const auto &other : eaters)
        for (const auto &other_feed : other.feeds)
          if (other_feed.alias == feed.alias)
            fail(feed.line, who + ": feed alias " + in_quotes(feed.alias) +
                                " given twice (first at line " +
                                std::to_string(other_feed.line) + ")");
    }
    for (const auto &other : eater.feeds) {
      if (other.component == feed.component && other.feeder == feed.feeder)
        fail(feed.line, where + ": feed " + in_quotes(text) + " given twice");
      if (!feed.alias.empty() && other.alias == feed.alias)
        fail(feed.line, who + ": feed alias " + in_quotes(feed.alias) +
                            " given twice (first at line " + std::to_string(other.line) +
                            ")");
    }
    eater.feeds.push_back(std::move(feed));
  }
  if (eater.feeds.empty())
    fail(line(node), where + " has no <feed>");
  if (eater.feeds.size() > 1 && !spec->multiple)
    fail(eater.feeds[1].line,
         where + " takes one feed, got " + std::to_string(eater.feeds.size()));
  eaters.push_back(std::move(eater));
}

} // namespace

Planet parse_planet_string(const std::string &xml, const std::string &display_name,
                           const registry::Registry &registry, const Planet *running) {
  XmlFile file(xml, display_name);
  return Parser(file, registry, running).parse();
}

Planet parse_planet_file(const std::filesystem::path &path,
                         const registry::Registry &registry, const Planet *running) {
  std::string error;
  auto text = XmlFile::read_text(path, error);
  if (!text)
    throw PlanetError(path.string(), 0, "cannot read: " + error);
  return parse_planet_string(*text, path.string(), registry, running);
}

} // namespace flu::planet
