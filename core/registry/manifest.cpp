// Writes and reads module.xml; see manifest.hpp for the format.
#include "registry/manifest.hpp"

#include "registry/value.hpp"
#include "xml/xml_file.hpp"

#include <charconv>
#include <cstdint>
#include <set>
#include <sstream>

namespace flu::registry {
namespace {

using xml::is_blank;
using xml::located;
using xml::text_of;
using xml::unknown_attribute;
using xml::XmlFile;

// ---- writing ----

const char *flag(bool value) { return value ? "true" : "false"; }

void write_port(pugi::xml_node parent, const char *element, const PortSpec &port,
                bool always_flags) {
  auto node = parent.append_child(element);
  node.append_attribute("name") = port.name.c_str();
  // Eaters always state required/multiple; a feeder only when unusual, which
  // keeps the common <feeder name="default"/> short.
  if (always_flags || port.required)
    node.append_attribute("required") = flag(port.required);
  if (always_flags || port.multiple)
    node.append_attribute("multiple") = flag(port.multiple);
  if (!port.description.empty())
    node.append_attribute("description") = port.description.c_str();
}

void write_property(pugi::xml_node parent, const PropertySpec &property) {
  auto node = parent.append_child("property");
  node.append_attribute("name") = property.name.c_str();
  node.append_attribute("type") = to_string(property.type);
  if (property.default_value)
    node.append_attribute("default") = property.default_value->c_str();
  node.append_attribute("required") = flag(property.required);
  node.append_attribute("multiple") = flag(property.multiple);
  if (!property.description.empty())
    node.append_attribute("description") = property.description.c_str();
}

void write_check(pugi::xml_node parent, const CheckSpec &check) {
  auto node = parent.append_child("check");
  node.append_attribute("name") = check.name.c_str();
  if (!check.usage.empty())
    node.append_attribute("usage") = check.usage.c_str();
  if (!check.description.empty())
    node.append_attribute("description") = check.description.c_str();
  for (const auto &column : check.columns)
    node.append_child("column").append_attribute("name") = column.c_str();
}

// ---- reading ----

class Reader {
public:
  explicit Reader(const XmlFile &file) : file_(file) {}

  ModuleManifest read() {
    if (!file_.parsed())
      fail(file_.parse_error_line(), "malformed XML: " + file_.parse_error());
    auto root = file_.document().document_element();
    if (std::string(root.name()) != "module")
      fail(file_.line_of(root),
           "root element is <" + std::string(root.name()) + ">, expected <module>");
    check_attributes(root, {"id", "version", "abi", "library"});

    ModuleManifest manifest;
    manifest.id = required_attribute(root, "id");
    manifest.version = required_attribute(root, "version");
    read_abi(root, manifest);
    manifest.library = required_attribute(root, "library");
    if (manifest.library.find('/') != std::string::npos)
      fail(file_.line_of(root),
           "library '" + manifest.library + "' must be a file name beside the manifest");

    std::set<std::string> types;
    for (auto child : root.children()) {
      if (!element(child, "module"))
        continue;
      if (std::string(child.name()) != "component")
        unknown_element(child, "module");
      auto type = read_type(child);
      if (!types.insert(type.name).second)
        fail(file_.line_of(child), "component type '" + type.name + "' given twice");
      manifest.types.push_back(std::move(type));
    }
    return manifest;
  }

private:
  [[noreturn]] void fail(int line, const std::string &message) const {
    throw ManifestError(file_.name(), line, message);
  }

  [[noreturn]] void unknown_element(const pugi::xml_node &node,
                                    const char *parent) const {
    fail(file_.line_of(node),
         "unknown element <" + std::string(node.name()) + "> in <" + parent + ">");
  }

  // True for elements; refuses stray text, skips anything else.
  bool element(const pugi::xml_node &node, const char *parent) const {
    if ((node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) &&
        !is_blank(node.value()))
      fail(file_.line_of(node), std::string("unexpected text in <") + parent + ">");
    return node.type() == pugi::node_element;
  }

  void check_attributes(const pugi::xml_node &node,
                        std::initializer_list<std::string_view> allowed) const {
    if (auto attribute = unknown_attribute(node, allowed))
      fail(file_.line_of(node), "unknown attribute '" + std::string(attribute.name()) +
                                    "' on <" + node.name() + ">");
  }

  std::string required_attribute(const pugi::xml_node &node, const char *name) const {
    std::string value = node.attribute(name).value();
    if (value.empty())
      fail(file_.line_of(node),
           "<" + std::string(node.name()) + "> needs a non-empty '" + name + "'");
    return value;
  }

  bool flag_attribute(const pugi::xml_node &node, const char *name) const {
    auto attribute = node.attribute(name);
    if (!attribute)
      return false;
    auto check = check_value(PropertyType::boolean, attribute.value());
    if (!check)
      fail(file_.line_of(node), "attribute '" + std::string(name) + "': " + check.error);
    return check.canonical == "true";
  }

  void read_abi(const pugi::xml_node &root, ModuleManifest &manifest) const {
    std::string abi = required_attribute(root, "abi");
    auto dot = abi.find('.');
    auto number = [&](std::string_view text, uint32_t &out) {
      auto end = text.data() + text.size();
      auto [ptr, ec] = std::from_chars(text.data(), end, out);
      return !text.empty() && ec == std::errc() && ptr == end;
    };
    if (dot == std::string::npos ||
        !number(std::string_view(abi).substr(0, dot), manifest.abi_major) ||
        !number(std::string_view(abi).substr(dot + 1), manifest.abi_minor))
      fail(file_.line_of(root), "abi '" + abi + "' is not MAJOR.MINOR");
  }

  ComponentType read_type(const pugi::xml_node &node) const {
    check_attributes(node, {"type", "clock-priority", "bouncer", "handover"});
    ComponentType type;
    type.name = required_attribute(node, "type");
    type.bouncer = flag_attribute(node, "bouncer");
    type.handover = flag_attribute(node, "handover");
    if (auto priority = node.attribute("clock-priority")) {
      auto check = check_value(PropertyType::integer, priority.value());
      int64_t value = check ? std::stoll(check.canonical) : 0;
      if (!check || value < INT32_MIN || value > INT32_MAX)
        fail(file_.line_of(node), "clock-priority '" + std::string(priority.value()) +
                                      "' is not a 32-bit integer");
      type.clock_priority = static_cast<int32_t>(value);
    }
    std::set<std::string> properties, eaters, feeders, checks;
    bool described = false;
    for (auto child : node.children()) {
      if (!element(child, "component"))
        continue;
      std::string name = child.name();
      if (name == "description") {
        check_attributes(child, {});
        if (described)
          fail(file_.line_of(child), "<description> given twice");
        bool nested = false;
        type.description = text_of(child, nested);
        if (nested)
          fail(file_.line_of(child), "<description> holds text only");
        described = true;
      } else if (name == "eater") {
        type.eaters.push_back(read_port(child, eaters));
      } else if (name == "feeder") {
        type.feeders.push_back(read_port(child, feeders));
      } else if (name == "property") {
        type.properties.push_back(read_property(child, properties));
      } else if (name == "check") {
        type.checks.push_back(read_check(child, checks));
      } else {
        unknown_element(child, "component");
      }
    }
    return type;
  }

  PortSpec read_port(const pugi::xml_node &node, std::set<std::string> &seen) const {
    check_attributes(node, {"name", "required", "multiple", "description"});
    PortSpec port;
    port.name = required_attribute(node, "name");
    if (!seen.insert(port.name).second)
      fail(file_.line_of(node),
           std::string(node.name()) + " '" + port.name + "' given twice");
    port.required = flag_attribute(node, "required");
    port.multiple = flag_attribute(node, "multiple");
    port.description = node.attribute("description").value();
    return port;
  }

  CheckSpec read_check(const pugi::xml_node &node, std::set<std::string> &seen) const {
    check_attributes(node, {"name", "usage", "description"});
    CheckSpec check;
    check.name = required_attribute(node, "name");
    if (!seen.insert(check.name).second)
      fail(file_.line_of(node), "check '" + check.name + "' given twice");
    check.usage = node.attribute("usage").value();
    check.description = node.attribute("description").value();
    for (auto child : node.children()) {
      if (!element(child, "check"))
        continue;
      if (std::string(child.name()) != "column")
        unknown_element(child, "check");
      check_attributes(child, {"name"});
      check.columns.push_back(required_attribute(child, "name"));
    }
    return check;
  }

  PropertySpec read_property(const pugi::xml_node &node,
                             std::set<std::string> &seen) const {
    check_attributes(node,
                     {"name", "type", "default", "required", "multiple", "description"});
    PropertySpec property;
    property.name = required_attribute(node, "name");
    if (!seen.insert(property.name).second)
      fail(file_.line_of(node), "property '" + property.name + "' given twice");
    std::string type = required_attribute(node, "type");
    property.type = property_type_from_string(type);
    if (property.type == PropertyType::invalid)
      fail(file_.line_of(node), "property '" + property.name + "': unknown type '" +
                                    type + "' (string, int, bool, float, fraction)");
    if (auto value = node.attribute("default")) {
      // Kept as written so that write/read/write gives the same bytes; the
      // planet parser canonicalises it when it fills the default in.
      if (auto check = check_value(property.type, value.value()); !check)
        fail(file_.line_of(node),
             "property '" + property.name + "': bad default: " + check.error);
      property.default_value = value.value();
    }
    property.required = flag_attribute(node, "required");
    property.multiple = flag_attribute(node, "multiple");
    property.description = node.attribute("description").value();
    return property;
  }

  const XmlFile &file_;
};

} // namespace

std::string write_manifest(const ModuleManifest &manifest) {
  pugi::xml_document document;
  auto root = document.append_child("module");
  root.append_attribute("id") = manifest.id.c_str();
  root.append_attribute("version") = manifest.version.c_str();
  std::string abi =
      std::to_string(manifest.abi_major) + "." + std::to_string(manifest.abi_minor);
  root.append_attribute("abi") = abi.c_str();
  root.append_attribute("library") = manifest.library.c_str();
  for (const auto &type : manifest.types) {
    auto node = root.append_child("component");
    node.append_attribute("type") = type.name.c_str();
    node.append_attribute("clock-priority") = std::to_string(type.clock_priority).c_str();
    // Only bouncers say so, which leaves every other manifest as it was.
    if (type.bouncer)
      node.append_attribute("bouncer") = "true";
    // Likewise only types that take part in hot upgrades.
    if (type.handover)
      node.append_attribute("handover") = "true";
    if (!type.description.empty())
      node.append_child("description").text() = type.description.c_str();
    for (const auto &eater : type.eaters)
      write_port(node, "eater", eater, true);
    for (const auto &feeder : type.feeders)
      write_port(node, "feeder", feeder, false);
    for (const auto &property : type.properties)
      write_property(node, property);
    for (const auto &check : type.checks)
      write_check(node, check);
  }
  std::ostringstream out;
  document.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return std::move(out).str();
}

ModuleManifest parse_manifest(const std::string &xml, const std::string &display_name) {
  XmlFile file(xml, display_name);
  return Reader(file).read();
}

ModuleManifest read_manifest(const std::filesystem::path &path) {
  std::string error;
  auto text = XmlFile::read_text(path, error);
  if (!text)
    throw ManifestError(path.string(), 0, "cannot read: " + error);
  auto manifest = parse_manifest(*text, path.string());
  manifest.directory = path.parent_path();
  return manifest;
}

} // namespace flu::registry
