// Writes planets as XML; see planet_writer.hpp.
//
// Optional parts are left out when they hold their default (no <manager>
// for a planet without one, no <clock-master>false</clock-master>), so an
// export looks like a file a person would write.
#include "planet/planet_writer.hpp"
#include "planet/manager_plugs.hpp"

#include <pugixml.hpp>

#include <sstream>

namespace flu::planet {
namespace {

const int default_manager_port =
    ManagerSection{}
        .port; // not constexpr: clang cannot make a ManagerSection at compile time

void text_child(pugi::xml_node parent, const char *element, const std::string &text) {
  parent.append_child(element).text() = text.c_str();
}

void optional_attribute(pugi::xml_node node, const char *name, const std::string &value) {
  if (!value.empty())
    node.append_attribute(name) = value.c_str();
}

void write_component(pugi::xml_node parent, const Component &component) {
  auto node = parent.append_child("component");
  node.append_attribute("name") = component.name.c_str();
  node.append_attribute("type") = component.type.c_str();
  optional_attribute(node, "label", component.label);
  optional_attribute(node, "worker", component.worker);
  optional_attribute(node, "project", component.project);
  optional_attribute(node, "version", component.version);
  for (const auto &eater : component.eaters) {
    auto element = node.append_child("eater");
    element.append_attribute("name") = eater.name.c_str();
    for (const auto &feed : eater.feeds) {
      auto child = element.append_child("feed");
      optional_attribute(child, "alias", feed.alias);
      child.text() =
          (feed.feeder == "default" ? feed.component : feed.component + ":" + feed.feeder)
              .c_str();
    }
  }
  for (const auto &offered : component.virtual_feeds) {
    auto element = node.append_child("virtual-feed");
    element.append_attribute("name") =
        (offered.name.component + ":" + offered.name.feeder).c_str();
    element.append_attribute("real") = offered.real.c_str();
  }
  for (const auto &[name, values] : component.properties)
    for (const auto &value : values) {
      auto property = node.append_child("property");
      property.append_attribute("name") = name.c_str();
      property.text() = value.c_str();
    }
  if (component.clock_master)
    text_child(node, "clock-master", "true");
  if (component.restart != Restart::never)
    text_child(node, "restart", to_string(component.restart));
}

bool has_manager_section(const ManagerSection &manager) {
  return !manager.name.empty() || !manager.host.empty() ||
         manager.port != default_manager_port || manager.bouncer ||
         !manager.plugs.empty();
}

void write_manager(pugi::xml_node root, const ManagerSection &manager) {
  auto node = root.append_child("manager");
  optional_attribute(node, "name", manager.name);
  if (!manager.host.empty())
    text_child(node, "host", manager.host);
  if (manager.port != default_manager_port)
    text_child(node, "port", std::to_string(manager.port));
  if (manager.bouncer)
    write_component(node, *manager.bouncer);
  if (manager.plugs.empty())
    return;
  auto plugs = node.append_child("plugs");
  for (const auto &plug : manager.plugs) {
    auto element = plugs.append_child("plug");
    element.append_attribute("socket") = flumotion::manager_plug_socket(plug.type);
    element.append_attribute("type") = plug.type.c_str();
    for (const auto &[name, value] : plug.properties) {
      auto property = element.append_child("property");
      property.append_attribute("name") = name.c_str();
      property.text() = value.c_str();
    }
  }
}

} // namespace

std::string to_xml(const Planet &planet) {
  pugi::xml_document document;
  auto root = document.append_child("planet");
  optional_attribute(root, "name", planet.name);
  if (has_manager_section(planet.manager))
    write_manager(root, planet.manager);
  if (!planet.atmosphere.empty()) {
    auto atmosphere = root.append_child("atmosphere");
    for (const auto &component : planet.atmosphere)
      write_component(atmosphere, component);
  }
  for (const auto &flow : planet.flows) {
    auto node = root.append_child("flow");
    node.append_attribute("name") = flow.name.c_str();
    for (const auto &component : flow.components)
      write_component(node, component);
  }
  std::ostringstream out;
  document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

} // namespace flu::planet
