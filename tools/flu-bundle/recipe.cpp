// Reads recipes and bundle directories; see recipe.hpp.
#include "recipe.hpp"

#include "wizard_step_info.hpp"

#include "bundle/bundle.hpp"
#include "bundle/semver.hpp"
#include "files/atomic_file.hpp"
#include "registry/manifest.hpp"
#include "xml/xml_file.hpp"

#include <flu/module.h>

#include <algorithm>

namespace flu::bundle_tool {
namespace {

namespace fs = std::filesystem;
using bundle::ArchiveEntry;

const std::string modules_prefix = "modules/";
const std::string locale_prefix = "share/locale/";

std::string read(const fs::path &file) {
  try {
    return files::read_file(file);
  } catch (const std::exception &e) {
    throw RecipeError(e.what());
  }
}

// Adds module `dir` (module.xml and its library) under modules/NAME/.
void add_module(Contents &c, const fs::path &dir, const std::string &where) {
  registry::ModuleManifest module;
  try {
    module = registry::read_manifest(dir / "module.xml");
  } catch (const registry::ManifestError &e) {
    throw RecipeError(where + ": " + e.what());
  }
  const std::string inside = modules_prefix + module.id;
  c.files.push_back({inside + "/module.xml", read(dir / "module.xml")});
  c.files.push_back({inside + "/" + module.library, read(dir / module.library)});
  module.directory.clear();
  c.manifest.modules.push_back({inside, std::move(module)});
}

// An admin page built by flu_add_admin_page(NAME) (lib/flu/admin-pages/NAME/,
// beside the modules folder) for component type `type` (default NAME),
// under admin/NAME/. Several types may share one page file.
void add_admin_page(Contents &c, const RecipeDirs &dirs, const std::string &name,
                    std::string type, const std::string &where) {
  if (name.empty() || name.find('/') != std::string::npos || name[0] == '.')
    throw RecipeError(where + ": <admin-page> needs the name of an admin page folder");
  if (type.empty())
    type = name;
  const std::string library = "libflu-admin-" + name + ".so";
  const std::string inside = "admin/" + name + "/" + library;
  const fs::path built = dirs.modules.parent_path() / "admin-pages" / name / library;
  if (std::none_of(c.files.begin(), c.files.end(),
                   [&](const ArchiveEntry &f) { return f.path == inside; }))
    c.files.push_back({inside, read(built)});
  c.manifest.admin_pages.push_back({type, inside});
}

// A wizard step built by flu_add_wizard_step(NAME) (lib/flu/wizard-steps/
// NAME/, beside the modules folder) for component type `type` (default
// NAME), under wizard/NAME/.
void add_wizard_step(Contents &c, const RecipeDirs &dirs, const std::string &name,
                     std::string type, const std::string &where) {
  if (name.empty() || name.find('/') != std::string::npos || name[0] == '.')
    throw RecipeError(where + ": <wizard-step> needs the name of a wizard step folder");
  if (type.empty())
    type = name;
  const std::string library = "libflu-wizard-" + name + ".so";
  const std::string inside = "wizard/" + name + "/" + library;
  const fs::path built = dirs.modules.parent_path() / "wizard-steps" / name / library;
  if (std::none_of(c.files.begin(), c.files.end(),
                   [&](const ArchiveEntry &f) { return f.path == inside; }))
    c.files.push_back({inside, read(built)});
  const WizardStepInfo info = read_wizard_step(built);
  if (info.component_type != type)
    throw RecipeError(where + ": wizard step " + name + " configures " +
                      info.component_type + ", not " + type);
  c.manifest.wizard_steps.push_back(
      {type, inside, info.role, info.title, info.accepts, info.provides});
}

// share/locale/LANG/LC_MESSAGES/DOMAIN.mo → the translation it is.
bool translation_of(const std::string &path, bundle::BundleTranslation &out) {
  if (path.rfind(locale_prefix, 0) != 0 || fs::path(path).extension() != ".mo")
    return false;
  const fs::path rest = path.substr(locale_prefix.size());
  std::vector<std::string> parts(rest.begin(), rest.end());
  if (parts.size() != 3 || parts[1] != "LC_MESSAGES")
    return false;
  out = {fs::path(parts[2]).stem().string(), parts[0], path};
  return true;
}

// The ABI and platform follow from what the bundle holds: the newest
// module ABI it needs, and native code pins the platform.
void finish(Contents &c) {
  c.manifest.abi_major = FLU_ABI_MAJOR;
  c.manifest.abi_minor = 0;
  for (const auto &m : c.manifest.modules) {
    if (m.manifest.abi_major != FLU_ABI_MAJOR)
      throw RecipeError("module " + m.manifest.id + " is built for ABI " +
                        std::to_string(m.manifest.abi_major) + ".x, this tool makes " +
                        std::to_string(FLU_ABI_MAJOR) + ".x bundles");
    c.manifest.abi_minor = std::max(c.manifest.abi_minor, m.manifest.abi_minor);
  }
  if (c.manifest.modules.empty())
    c.manifest.abi_minor = FLU_ABI_MINOR;
  c.manifest.platform = c.manifest.modules.empty() ? "any" : bundle::host_platform();
  if (!bundle::valid_bundle_name(c.manifest.name))
    throw RecipeError("bundle name \"" + c.manifest.name +
                      "\": use lowercase letters, digits, '.', '_' and '-'");
  if (!bundle::Version::parse(c.manifest.version))
    throw RecipeError("version \"" + c.manifest.version + "\" is not a semantic version");
}

} // namespace

Contents read_recipe(const fs::path &recipe, const RecipeDirs &dirs) {
  std::string error;
  auto text = xml::XmlFile::read_text(recipe, error);
  if (!text)
    throw RecipeError(recipe.string() + ": cannot read: " + error);
  xml::XmlFile xml(*text, recipe.string());
  auto fail = [&](const pugi::xml_node &node, const std::string &message) {
    throw RecipeError(xml::located(xml.name(), xml.line_of(node), message));
  };
  if (!xml.parsed())
    throw RecipeError(xml::located(xml.name(), xml.parse_error_line(),
                                   "malformed XML: " + xml.parse_error()));
  const auto root = xml.document().document_element();
  if (std::string(root.name()) != "recipe")
    fail(root, "root element is <" + std::string(root.name()) + ">, expected <recipe>");
  Contents c;
  c.manifest.name = root.attribute("name").value();
  c.manifest.version = root.attribute("version").value();
  for (auto node : root.children()) {
    if (node.type() != pugi::node_element)
      continue;
    const std::string element = node.name();
    const std::string where = xml.name() + ":" + std::to_string(xml.line_of(node));
    if (element == "description") {
      c.manifest.description = node.text().get();
    } else if (element == "depends") {
      c.manifest.depends.push_back(
          {node.attribute("name").value(), node.attribute("range").as_string("*")});
    } else if (element == "module") {
      const std::string name = node.attribute("name").value();
      if (name.empty() || name.find('/') != std::string::npos)
        fail(node, "<module> needs the name of a module folder");
      add_module(c, dirs.modules / name, where);
    } else if (element == "translations") {
      const std::string domain = node.attribute("domain").value();
      std::error_code ec;
      std::vector<fs::path> found;
      for (const auto &lang : fs::directory_iterator(dirs.locale, ec))
        if (fs::is_regular_file(lang.path() / "LC_MESSAGES" / (domain + ".mo")))
          found.push_back(lang.path());
      if (found.empty())
        fail(node,
             "no translations of domain \"" + domain + "\" in " + dirs.locale.string());
      std::sort(found.begin(), found.end());
      for (const auto &lang : found) {
        const std::string path =
            locale_prefix + lang.filename().string() + "/LC_MESSAGES/" + domain + ".mo";
        c.files.push_back({path, read(lang / "LC_MESSAGES" / (domain + ".mo"))});
        c.manifest.translations.push_back({domain, lang.filename().string(), path});
      }
    } else if (element == "admin-page") {
      add_admin_page(c, dirs, node.attribute("name").value(),
                     node.attribute("type").value(), where);
    } else if (element == "wizard-step") {
      add_wizard_step(c, dirs, node.attribute("name").value(),
                      node.attribute("type").value(), where);
    } else {
      fail(node, "unknown element <" + element + ">");
    }
  }
  try {
    finish(c);
  } catch (const RecipeError &e) {
    fail(root, e.what());
  }
  return c;
}

Contents read_directory(const fs::path &dir, const std::string &name,
                        const std::string &version,
                        const std::vector<bundle::BundleDependency> &depends) {
  if (!fs::is_directory(dir))
    throw RecipeError(dir.string() + " is not a directory");
  Contents c;
  c.manifest.name = name;
  c.manifest.version = version;
  c.manifest.depends = depends;
  std::vector<std::string> module_dirs;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::end(it); ++it) {
    const auto status = it->symlink_status();
    const std::string path = fs::relative(it->path(), dir).generic_string();
    if (fs::is_directory(status))
      continue;
    if (!fs::is_regular_file(status))
      throw RecipeError(it->path().string() + ": only regular files go into a bundle");
    if (path == bundle::manifest_entry || path == bundle::signature_entry)
      throw RecipeError(it->path().string() + ": that name is reserved for the bundle");
    if (fs::path(path).filename() == "module.xml" && path.rfind(modules_prefix, 0) == 0)
      module_dirs.push_back(fs::path(path).parent_path().string());
    bundle::BundleTranslation t;
    if (translation_of(path, t))
      c.manifest.translations.push_back(t);
    c.files.push_back({path, read(it->path())});
  }
  std::sort(module_dirs.begin(), module_dirs.end());
  std::sort(c.manifest.translations.begin(), c.manifest.translations.end(),
            [](const auto &a, const auto &b) { return a.path < b.path; });
  for (const auto &m : module_dirs) {
    registry::ModuleManifest module;
    try {
      module = registry::read_manifest(dir / m / "module.xml");
    } catch (const registry::ManifestError &e) {
      throw RecipeError(e.what());
    }
    module.directory.clear();
    c.manifest.modules.push_back({m, std::move(module)});
  }
  finish(c);
  return c;
}

} // namespace flu::bundle_tool
