// Writes and reads flu-bundle.xml; see bundle_manifest.hpp for the format.
#include "bundle/bundle_manifest.hpp"

#include "bundle/archive.hpp"
#include "bundle/semver.hpp"
#include "registry/manifest.hpp"
#include "xml/xml_file.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <sstream>

namespace flu::bundle {
namespace {

using xml::XmlFile;

std::string abi_text(uint32_t major, uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

void write_module(pugi::xml_node provides, const BundleModule &module) {
  pugi::xml_document doc;
  doc.load_string(registry::write_manifest(module.manifest).c_str());
  auto node = provides.append_copy(doc.document_element());
  node.prepend_attribute("path") = module.path.c_str();
}

class Reader {
public:
  explicit Reader(const XmlFile &file) : file_(file) {}

  BundleManifest read() {
    if (!file_.parsed())
      fail(file_.parse_error_line(), "malformed XML: " + file_.parse_error());
    const auto root = file_.document().document_element();
    if (std::string(root.name()) != "bundle")
      fail(line(root),
           "root element is <" + std::string(root.name()) + ">, expected <bundle>");
    only(root, {"name", "version", "abi", "platform"});
    BundleManifest m;
    m.name = required(root, "name");
    if (!valid_bundle_name(m.name))
      fail(line(root), "bundle name \"" + m.name +
                           "\": use lowercase letters, digits, '.', '_' and '-'");
    m.version = required(root, "version");
    if (!Version::parse(m.version))
      fail(line(root), "version \"" + m.version + "\" is not a semantic version (1.2.3)");
    read_abi(root, m);
    m.platform = required(root, "platform");
    for (auto child : root.children()) {
      if (child.type() != pugi::node_element)
        continue;
      const std::string name = child.name();
      if (name == "description")
        m.description = child.text().get();
      else if (name == "depends")
        m.depends.push_back(read_dependency(child));
      else if (name == "provides")
        read_provides(child, m);
      else if (name == "files")
        read_files(child, m);
      else
        fail(line(child), "unknown element <" + name + ">");
    }
    check_references(m);
    return m;
  }

private:
  [[noreturn]] void fail(int at, const std::string &message) const {
    throw ManifestError(xml::located(file_.name(), at, message));
  }
  int line(const pugi::xml_node &node) const { return file_.line_of(node); }

  void only(const pugi::xml_node &node,
            std::initializer_list<std::string_view> names) const {
    if (auto bad = xml::unknown_attribute(node, names))
      fail(line(node),
           "unknown attribute " + std::string(bad.name()) + " on <" + node.name() + ">");
  }

  std::string required(const pugi::xml_node &node, const char *attribute) const {
    const auto a = node.attribute(attribute);
    if (!a || !*a.value())
      fail(line(node), "<" + std::string(node.name()) + "> needs " + attribute);
    return a.value();
  }

  std::string path(const pugi::xml_node &node, const char *attribute = "path") const {
    std::string p = required(node, attribute);
    try {
      check_entry_path(p);
    } catch (const ArchiveError &e) {
      fail(line(node), std::string("unsafe path: ") + e.what());
    }
    return p;
  }

  void read_abi(const pugi::xml_node &root, BundleManifest &m) const {
    const std::string abi = required(root, "abi");
    const auto dot = abi.find('.');
    if (dot == std::string::npos)
      fail(line(root), "abi \"" + abi + "\" is not MAJOR.MINOR");
    const char *end = abi.data() + abi.size();
    auto [p1, e1] = std::from_chars(abi.data(), abi.data() + dot, m.abi_major);
    auto [p2, e2] = std::from_chars(abi.data() + dot + 1, end, m.abi_minor);
    if (e1 != std::errc() || e2 != std::errc() || p1 != abi.data() + dot || p2 != end)
      fail(line(root), "abi \"" + abi + "\" is not MAJOR.MINOR");
  }

  BundleDependency read_dependency(const pugi::xml_node &node) const {
    only(node, {"name", "range"});
    BundleDependency d{required(node, "name"), node.attribute("range").as_string("*")};
    if (!valid_bundle_name(d.name))
      fail(line(node), "dependency name \"" + d.name + "\" is not a bundle name");
    try {
      VersionRange::parse(d.range);
    } catch (const VersionError &e) {
      fail(line(node), "dependency " + d.name + ": " + e.what());
    }
    return d;
  }

  void read_provides(const pugi::xml_node &provides, BundleManifest &m) const {
    for (auto child : provides.children()) {
      if (child.type() != pugi::node_element)
        continue;
      const std::string name = child.name();
      if (name == "module") {
        BundleModule module;
        module.path = path(child);
        pugi::xml_document copy;
        auto node = copy.append_copy(child);
        node.remove_attribute("path");
        std::ostringstream text;
        copy.save(text, "", pugi::format_raw);
        try {
          module.manifest = registry::parse_manifest(
              text.str(), file_.name() + ":" + std::to_string(line(child)) + ": module");
        } catch (const registry::ManifestError &e) {
          throw ManifestError(e.what());
        }
        m.modules.push_back(std::move(module));
      } else if (name == "translation") {
        only(child, {"domain", "language", "path"});
        m.translations.push_back(
            {required(child, "domain"), required(child, "language"), path(child)});
      } else if (name == "admin-page") {
        only(child, {"component-type", "path"});
        m.admin_pages.push_back({required(child, "component-type"), path(child)});
      } else if (name == "wizard-step") {
        only(child, {"component-type", "path", "role", "title", "accepts", "provides"});
        m.wizard_steps.push_back(
            {required(child, "component-type"), path(child),
             child.attribute("role").value(), child.attribute("title").value(),
             child.attribute("accepts").value(), child.attribute("provides").value()});
      } else {
        fail(line(child), "unknown element <" + name + "> in <provides>");
      }
    }
  }

  void read_files(const pugi::xml_node &files, BundleManifest &m) const {
    std::set<std::string> seen;
    for (auto child : files.children()) {
      if (child.type() != pugi::node_element)
        continue;
      if (std::string(child.name()) != "file")
        fail(line(child),
             "unknown element <" + std::string(child.name()) + "> in <files>");
      only(child, {"path", "size", "sha256"});
      BundleFile f{path(child), 0, required(child, "sha256")};
      const std::string size = required(child, "size");
      auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), f.size);
      if (ec != std::errc() || end != size.data() + size.size())
        fail(line(child), "size \"" + size + "\" of " + f.path + " is not a number");
      if (f.sha256.size() != 64 ||
          !std::all_of(f.sha256.begin(), f.sha256.end(),
                       [](char c) { return std::isdigit(c) || (c >= 'a' && c <= 'f'); }))
        fail(line(child), "sha256 of " + f.path + " is not 64 lowercase hex digits");
      if (!seen.insert(f.path).second)
        fail(line(child), "file " + f.path + " is listed twice");
      m.files.push_back(std::move(f));
    }
    std::sort(m.files.begin(), m.files.end(),
              [](const BundleFile &a, const BundleFile &b) { return a.path < b.path; });
  }

  void check_references(const BundleManifest &m) const {
    const auto root = file_.document().document_element();
    auto listed = [&](const std::string &p, const std::string &what) {
      if (!m.file(p))
        fail(line(root), what + " " + p + " is not among the files");
    };
    std::set<std::string> types;
    for (const auto &module : m.modules) {
      listed(module.library_path(), "library of module " + module.manifest.id);
      for (const auto &t : module.manifest.types)
        if (!types.insert(t.name).second)
          fail(line(root), "component type " + t.name + " is provided twice");
    }
    for (const auto &t : m.translations)
      listed(t.path, "translation");
    for (const auto &p : m.admin_pages)
      listed(p.path, "admin page");
    for (const auto &s : m.wizard_steps)
      listed(s.path, "wizard step");
  }

  const XmlFile &file_;
};

} // namespace

bool valid_bundle_name(const std::string &name) {
  if (name.empty() || name.size() > 64 ||
      !(std::islower(static_cast<unsigned char>(name[0])) ||
        std::isdigit(static_cast<unsigned char>(name[0]))))
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
           c == '-';
  });
}

std::vector<std::string> BundleManifest::component_types() const {
  std::vector<std::string> out;
  for (const auto &module : modules)
    for (const auto &t : module.manifest.types)
      out.push_back(t.name);
  return out;
}

const BundleModule *BundleManifest::module_for_type(const std::string &type) const {
  for (const auto &module : modules)
    for (const auto &t : module.manifest.types)
      if (t.name == type)
        return &module;
  return nullptr;
}

const BundleFile *BundleManifest::file(const std::string &path) const {
  const auto it = std::lower_bound(
      files.begin(), files.end(), path,
      [](const BundleFile &f, const std::string &p) { return f.path < p; });
  return it != files.end() && it->path == path ? &*it : nullptr;
}

std::string write_bundle_manifest(const BundleManifest &m) {
  pugi::xml_document doc;
  auto root = doc.append_child("bundle");
  root.append_attribute("name") = m.name.c_str();
  root.append_attribute("version") = m.version.c_str();
  root.append_attribute("abi") = abi_text(m.abi_major, m.abi_minor).c_str();
  root.append_attribute("platform") = m.platform.c_str();
  if (!m.description.empty())
    root.append_child("description").text() = m.description.c_str();
  for (const auto &d : m.depends) {
    auto node = root.append_child("depends");
    node.append_attribute("name") = d.name.c_str();
    node.append_attribute("range") = d.range.c_str();
  }
  auto provides = root.append_child("provides");
  for (const auto &module : m.modules)
    write_module(provides, module);
  for (const auto &t : m.translations) {
    auto node = provides.append_child("translation");
    node.append_attribute("domain") = t.domain.c_str();
    node.append_attribute("language") = t.language.c_str();
    node.append_attribute("path") = t.path.c_str();
  }
  for (const auto &p : m.admin_pages) {
    auto node = provides.append_child("admin-page");
    node.append_attribute("component-type") = p.component_type.c_str();
    node.append_attribute("path") = p.path.c_str();
  }
  for (const auto &s : m.wizard_steps) {
    auto node = provides.append_child("wizard-step");
    node.append_attribute("component-type") = s.component_type.c_str();
    node.append_attribute("path") = s.path.c_str();
    for (const auto &[name, value] :
         {std::pair<const char *, const std::string &>{"role", s.role},
          {"title", s.title},
          {"accepts", s.accepts},
          {"provides", s.provides}})
      if (!value.empty())
        node.append_attribute(name) = value.c_str();
  }
  auto files = root.append_child("files");
  auto sorted = m.files;
  std::sort(sorted.begin(), sorted.end(),
            [](const BundleFile &a, const BundleFile &b) { return a.path < b.path; });
  for (const auto &f : sorted) {
    auto node = files.append_child("file");
    node.append_attribute("path") = f.path.c_str();
    node.append_attribute("size") = std::to_string(f.size).c_str();
    node.append_attribute("sha256") = f.sha256.c_str();
  }
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return std::move(out).str();
}

BundleManifest parse_bundle_manifest(const std::string &xml,
                                     const std::string &display_name) {
  XmlFile file(xml, display_name);
  return Reader(file).read();
}

} // namespace flu::bundle
