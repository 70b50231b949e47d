// Formats manifests and resolutions; see inspect_output.hpp.
#include "inspect_output.hpp"

#include "cli/json.hpp"

namespace flu::bundle_tool {
namespace {

using cli::Json;

std::string abi(const bundle::BundleManifest &m) {
  return std::to_string(m.abi_major) + "." + std::to_string(m.abi_minor);
}

std::string key_id(const std::string &signature) {
  // "flu-bundle-signature ed25519 KEY-ID BASE64"
  const auto a = signature.find(' ');
  const auto b = a == std::string::npos ? a : signature.find(' ', a + 1);
  const auto c = b == std::string::npos ? b : signature.find(' ', b + 1);
  return c == std::string::npos ? "" : signature.substr(b + 1, c - b - 1);
}

} // namespace

void print_inspection(std::ostream &out, const bundle::OpenedBundle &o, bool json) {
  const auto &m = o.manifest;
  if (json) {
    Json j(out);
    j.begin_object();
    j.key("name").value(m.name).key("version").value(m.version);
    j.key("abi").value(abi(m)).key("platform").value(m.platform);
    j.key("description").value(m.description);
    j.key("sha256").value(o.sha256).key("size").number(static_cast<int64_t>(o.size));
    j.key("signed-by-key").value(key_id(o.signature));
    j.key("depends").begin_array();
    for (const auto &d : m.depends)
      j.begin_object().key("name").value(d.name).key("range").value(d.range).end_object();
    j.end_array();
    j.key("component-types").strings(m.component_types());
    j.key("modules").begin_array();
    for (const auto &mod : m.modules)
      j.begin_object()
          .key("id")
          .value(mod.manifest.id)
          .key("version")
          .value(mod.manifest.version)
          .key("library")
          .value(mod.library_path())
          .end_object();
    j.end_array();
    j.key("translations").begin_array();
    for (const auto &t : m.translations)
      j.begin_object()
          .key("domain")
          .value(t.domain)
          .key("language")
          .value(t.language)
          .end_object();
    j.end_array();
    j.key("files").begin_array();
    for (const auto &f : m.files)
      j.begin_object()
          .key("path")
          .value(f.path)
          .key("size")
          .number(static_cast<int64_t>(f.size))
          .key("sha256")
          .value(f.sha256)
          .end_object();
    j.end_array();
    j.end_object();
    out << "\n";
    return;
  }
  out << m.label() << "  (ABI " << abi(m) << ", " << m.platform << ")\n";
  if (!m.description.empty())
    out << "  " << m.description << "\n";
  out << "  sha256 " << o.sha256 << ", " << o.size << " bytes\n";
  const std::string id = key_id(o.signature);
  out << "  " << (id.empty() ? "unsigned" : "signed by key " + id) << "\n";
  for (const auto &d : m.depends)
    out << "  depends on " << d.name << " " << d.range << "\n";
  for (const auto &mod : m.modules)
    for (const auto &t : mod.manifest.types) {
      out << "  provides component type " << t.name << " (module " << mod.manifest.id
          << " " << mod.manifest.version << ")\n";
      for (const auto &c : t.checks)
        out << "    check " << c.name << (c.usage.empty() ? "" : " " + c.usage) << ": "
            << c.description << "\n";
    }
  for (const auto &t : m.translations)
    out << "  provides translation " << t.domain << " [" << t.language << "]\n";
  for (const auto &p : m.admin_pages)
    out << "  provides admin page " << p.path << " for " << p.component_type << "\n";
  for (const auto &s : m.wizard_steps)
    out << "  provides wizard step " << s.path << " for " << s.component_type
        << (s.role.empty() ? "" : " (" + s.role + ": " + s.title + ")") << "\n";
  out << "  files:\n";
  for (const auto &f : m.files)
    out << "    " << f.sha256.substr(0, 16) << "  " << f.size << "\t" << f.path << "\n";
}

void print_resolution(std::ostream &out, const bundle::Resolution &r, bool json) {
  message::BundleResolution m;
  m.ok = true;
  for (const auto *b : r.bundles)
    m.bundles.push_back({b->manifest.name, b->manifest.version, b->sha256, b->size});
  if (r.module_bundle)
    m.module_bundle = r.module_bundle->manifest.name;
  m.module_id = r.module_id;
  print_resolution(out, m, json);
}

void print_resolution(std::ostream &out, const message::BundleResolution &r, bool json) {
  if (json) {
    Json j(out);
    j.begin_object().key("bundles").begin_array();
    for (const auto &b : r.bundles)
      j.begin_object()
          .key("name")
          .value(b.name)
          .key("version")
          .value(b.version)
          .key("sha256")
          .value(b.sha256)
          .key("size")
          .number(static_cast<int64_t>(b.size))
          .end_object();
    j.end_array();
    j.key("module-bundle").value(r.module_bundle).key("module").value(r.module_id);
    j.end_object();
    out << "\n";
    return;
  }
  for (const auto &b : r.bundles)
    out << b.name << " " << b.version << "  " << b.sha256.substr(0, 16) << "  " << b.size
        << " bytes" << (b.name == r.module_bundle ? "  (module " + r.module_id + ")" : "")
        << "\n";
}

} // namespace flu::bundle_tool
