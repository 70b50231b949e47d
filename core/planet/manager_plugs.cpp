// Flumotion's manager plugs; see manager_plugs.hpp.
#include "planet/manager_plugs.hpp"
#include "planet/planet_parser.hpp"
#include "planet/quote.hpp"

#include "xml/xml_file.hpp"

#include <initializer_list>
#include <string_view>

namespace flu::planet::flumotion {
namespace {

// What flu does for a manager plug. `older` is the name Flumotion's own
// example planets (conf/managers/default) use, from before 0.10's registry
// (plugs.xml) renamed them.
struct PlugSpec {
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

const PlugSpec specs[] = {
    {"adminaction-loggerfile",
     "adminactionfilelogger",
     "flumotion.component.plugs.adminaction.AdminActionPlug",
     {"logfile"},
     "logfile",
     nullptr,
     false},
    {"manager-example",
     "managerlifecycleprinter",
     "flumotion.component.plugs.base.ManagerPlug",
     {},
     nullptr,
     nullptr,
     false},
    {"identityprovider-example",
     "exampleidentityprovider",
     "flumotion.component.plugs.identity.IdentityProviderPlug",
     {},
     nullptr,
     "flu's manager names every admin USER@HOST (the user name of the keycard it "
     "logged in with, and its address), as Flumotion's manager did without an "
     "identity provider, in its log and in the admin-action log; the example's "
     "random names (larry, curly or moe, of chicago or detroit) are not carried over",
     false},
    {"manager-manhole",
     nullptr,
     "flumotion.component.plugs.base.ManagerPlug",
     {"ssh-authorized-keys-file", "initially-open", "port"},
     nullptr,
     "it opened a Python shell inside the running manager, over SSH or telnet; flu's "
     "manager is C++ and has no interpreter to open. Nothing listens on its port: "
     "read and change the running planet with flu-command and flu-admin, and raise "
     "the manager's log level with FLU_DEBUG",
     true},
};

const PlugSpec *spec_of(const std::string &type) {
  for (const auto &spec : specs)
    if (type == spec.type || (spec.older && type == spec.older))
      return &spec;
  return nullptr;
}

[[noreturn]] void refuse_at(const xml::XmlFile &file, int line,
                            const std::string &message) {
  throw PlanetError(file.name(), line, message);
}

} // namespace

void read_manager_plugs(const xml::XmlFile &file, const pugi::xml_node &node,
                        std::vector<ManagerPlug> &plugs,
                        std::vector<std::string> &notes) {
  const std::string who = "the manager";
  auto note = [&](int line, const std::string &text) {
    notes.push_back(file.name() + ":" + std::to_string(line) + ": " + text);
  };
  if (auto attribute = xml::unknown_attribute(node, {}))
    refuse_at(file, file.line_of(node),
              "unknown attribute " + in_quotes(attribute.name()) + " on <plugs>");
  for (auto plug : node.children()) {
    const int line = file.line_of(plug);
    if (plug.type() == pugi::node_pcdata && !xml::is_blank(plug.value()))
      refuse_at(file, line, "unexpected text in " + who + " <plugs>");
    if (plug.type() != pugi::node_element)
      continue;
    if (std::string(plug.name()) != "plug")
      refuse_at(file, line,
                "unknown element <" + std::string(plug.name()) + "> in " + who +
                    " <plugs>");
    if (auto attribute = xml::unknown_attribute(plug, {"type", "socket"}))
      refuse_at(file, line,
                "unknown attribute " + in_quotes(attribute.name()) + " on <plug>");
    const std::string type = plug.attribute("type").value();
    const std::string of = who + ": plug " + in_quotes(type);
    const PlugSpec *spec = spec_of(type);
    if (!spec)
      refuse_at(file, line,
                of + " is not supported: flu's manager reads adminaction-loggerfile, "
                     "manager-example, identityprovider-example and manager-manhole "
                     "(docs/planet.md)");
    ManagerPlug read;
    read.type = spec->type;
    read.line = line;
    for (auto child : plug.children()) {
      if (child.type() == pugi::node_pcdata && !xml::is_blank(child.value()))
        refuse_at(file, file.line_of(child), "unexpected text in " + of);
      if (child.type() != pugi::node_element)
        continue;
      const int at = file.line_of(child);
      if (std::string(child.name()) != "property")
        refuse_at(file, at,
                  "unknown element <" + std::string(child.name()) + "> in " + of);
      if (auto attribute = xml::unknown_attribute(child, {"name"}))
        refuse_at(file, at,
                  "unknown attribute " + in_quotes(attribute.name()) + " on <property>");
      const std::string name = child.attribute("name").value();
      bool known = false;
      for (const auto property : spec->properties)
        known = known || property == name;
      if (!known)
        refuse_at(file, at, of + " has no property " + in_quotes(name));
      if (read.value(name))
        refuse_at(file, at, of + ": property " + in_quotes(name) + " given twice");
      bool nested = false;
      std::string value = xml::text_of(child, nested);
      if (nested)
        refuse_at(file, at, of + ": property " + in_quotes(name) + " holds text only");
      const auto first = value.find_first_not_of(" \t\r\n");
      value = first == std::string::npos
                  ? std::string()
                  : value.substr(first, value.find_last_not_of(" \t\r\n") - first + 1);
      if (value.empty())
        refuse_at(file, at, of + ": property " + in_quotes(name) + " is empty");
      read.properties.emplace_back(name, std::move(value));
    }
    if (spec->required && !read.value(spec->required))
      refuse_at(file, line,
                of + ": missing required property " + in_quotes(spec->required));
    if (spec->left_out) {
      note(line, std::string(spec->warning ? "warning: " : "") + of +
                     " is left out: " + spec->left_out);
      continue;
    }
    if (type != spec->type)
      note(line, of + " is " + in_quotes(spec->type) + " (Flumotion 0.10's name)");
    plugs.push_back(std::move(read));
  }
}

const char *manager_plug_socket(const std::string &type) {
  const PlugSpec *spec = spec_of(type);
  return spec ? spec->socket : "";
}

} // namespace flu::planet::flumotion
