// Boost.DLL is confined to this file; defining BOOST_DLL_USE_STD_FS here is
// safe because no DLL type leaves it.
#define BOOST_DLL_USE_STD_FS
#include "module/module_loader.hpp"

#include <boost/dll/shared_library.hpp>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <deque>

namespace flu::module {
namespace {

// Every struct must reach at least the last field of the ABI that
// introduced it (1.0, or 1.1 for the bouncer ops): a module may have larger
// ones (its minor appended fields), never smaller. The component type
// table's stride is checked against the range, from where 1.0 ended.
constexpr uint32_t min_type_size = offsetof(flu_component_type, bouncer);
static_assert(sizeof(void *) != 8 ||
                  (min_type_size == 88 && offsetof(flu_component_ops, invoke) == 32),
              "the ABI 1.0 sizes on LP64");

[[noreturn]] void refuse(const std::filesystem::path &path, const std::string &why) {
  throw LoadError("module " + path.string() + ": " + why);
}

bool valid_text(const char *s) { return s && *s; }

// The first `size` bytes of a struct as the module laid it out, completed
// with zeros up to this host's layout.
template <class T> T completed(const void *raw, uint32_t size) {
  T out{};
  std::memcpy(&out, raw, std::min<std::size_t>(size, sizeof(T)));
  return out;
}

void check_ports(const std::filesystem::path &path, const char *type, const char *what,
                 const flu_port_spec *ports, uint32_t n) {
  if (n && !ports)
    refuse(path, std::string("type ") + type + " declares " + what + " but no table");
  for (uint32_t i = 0; i < n; ++i) {
    const flu_port_spec *port = ports + i;
    if (!FLU_HAS_FIELD(port, flu_port_spec, description) || !valid_text(port->name))
      refuse(path, std::string("type ") + type + ": malformed " + what + " entry " +
                       std::to_string(i));
  }
}

// The module's component types checked and completed to this host's layout.
// Entries of the type table lie struct_size apart (88 bytes for ABI 1.0),
// so the table is walked with the module's stride, not ours.
struct Types {
  std::vector<flu_component_type> types;
  std::deque<flu_component_ops> ops; // deque: the types point into it
  std::deque<flu_bouncer_ops> bouncers;
  std::deque<std::vector<flu_check_spec>> checks; // one table per type with checks
};

const char *kind_name(flu_component_kind kind) {
  switch (kind) {
  case FLU_COMPONENT_KIND_PIPELINE:
    return "a pipeline component";
  case FLU_COMPONENT_KIND_BOUNCER:
    return "a bouncer";
  case FLU_COMPONENT_KIND_INVALID:
    break;
  }
  return "nothing";
}

// What the type is: what it says from ABI 1.3 on, which must be a kind this
// host knows and agree with its operations; before, whichever of ops and
// bouncer it set.
flu_component_kind kind_of(const std::filesystem::path &path,
                           const flu_component_type &t) {
  const flu_component_type *type = &t;
  if (!FLU_HAS_FIELD(type, flu_component_type, kind))
    return t.bouncer ? FLU_COMPONENT_KIND_BOUNCER : FLU_COMPONENT_KIND_PIPELINE;
  if (t.kind != FLU_COMPONENT_KIND_PIPELINE && t.kind != FLU_COMPONENT_KIND_BOUNCER)
    refuse(path, std::string("type ") + t.name + " says it is of kind " +
                     std::to_string(static_cast<int>(t.kind)) +
                     ", which is neither FLU_COMPONENT_KIND_PIPELINE (1) nor "
                     "FLU_COMPONENT_KIND_BOUNCER (2): from ABI 1.3 on a type says "
                     "what it is");
  if (t.kind == FLU_COMPONENT_KIND_PIPELINE && t.bouncer)
    refuse(path, std::string("type ") + t.name + " says it is " + kind_name(t.kind) +
                     " but has bouncer operations");
  if (t.kind == FLU_COMPONENT_KIND_BOUNCER && !t.bouncer)
    refuse(path, std::string("type ") + t.name + " says it is " + kind_name(t.kind) +
                     " but has no bouncer operations");
  return t.kind;
}

void check_operations(const std::filesystem::path &path, flu_component_type &t,
                      Types &out) {
  t.kind = kind_of(path, t);
  if (t.kind == FLU_COMPONENT_KIND_BOUNCER) {
    if (!FLU_HAS_CALLBACK(t.bouncer, flu_bouncer_ops, authenticate))
      refuse(path, std::string("type ") + t.name +
                       " is a bouncer without an authenticate function");
    if (t.ops)
      refuse(path, std::string("type ") + t.name +
                       " is a bouncer and has a pipeline; a bouncer has none");
    out.bouncers.push_back(completed<flu_bouncer_ops>(t.bouncer, t.bouncer->struct_size));
    t.bouncer = &out.bouncers.back();
    return;
  }
  // stop ended ABI 1.0's ops.
  if (!FLU_HAS_FIELD(t.ops, flu_component_ops, stop) || !t.ops->pipeline)
    refuse(path, std::string("type ") + t.name + " has no pipeline function");
  out.ops.push_back(completed<flu_component_ops>(t.ops, t.ops->struct_size));
  t.ops = &out.ops.back();
  if (!t.ops->handover_out != !t.ops->handover_in)
    refuse(path, std::string("type ") + t.name +
                     " has only one of handover_out and handover_in; a hot upgrade "
                     "needs both");
}

// A type's runtime checks (ABI 1.4), walked with the module's stride like
// the type table, so that a later minor may append fields to a check.
void complete_checks(const std::filesystem::path &path, flu_component_type &t,
                     Types &out) {
  if (!t.n_checks) {
    t.checks = nullptr;
    return;
  }
  if (!t.checks)
    refuse(path, std::string("type ") + t.name + " declares checks but no table");
  constexpr uint32_t min_size = offsetof(flu_check_spec, run) + sizeof(void *);
  const uint32_t stride = t.checks[0].struct_size;
  if (stride < min_size)
    refuse(path, std::string("type ") + t.name + ": check entries of " +
                     std::to_string(stride) + " bytes, fewer than ABI 1.4's " +
                     std::to_string(min_size));
  const auto *table = reinterpret_cast<const unsigned char *>(t.checks);
  std::vector<flu_check_spec> checks;
  for (uint32_t i = 0; i < t.n_checks; ++i) {
    const unsigned char *raw = table + std::size_t(i) * stride;
    auto c = completed<flu_check_spec>(raw, stride);
    if (c.struct_size != stride || !valid_text(c.name) || !c.run ||
        (c.n_columns && !c.columns))
      refuse(path, std::string("type ") + t.name + ": malformed check entry " +
                       std::to_string(i));
    for (uint32_t k = 0; k < c.n_columns; ++k)
      if (!valid_text(c.columns[k]))
        refuse(path, std::string("type ") + t.name + ", check " + c.name + ": column " +
                         std::to_string(k) + " has no name");
    checks.push_back(c);
  }
  out.checks.push_back(std::move(checks));
  t.checks = out.checks.back().data();
}

void complete_types(const std::filesystem::path &path, const flu_module &m, Types &out) {
  if (!m.n_types)
    return;
  if (!m.types)
    refuse(path, "declares component types but no table");
  const auto *table = reinterpret_cast<const unsigned char *>(m.types);
  const uint32_t stride = m.types[0].struct_size;
  if (stride < min_type_size || stride > sizeof(flu_component_type))
    refuse(path, "component type entries of " + std::to_string(stride) + " bytes; ABI " +
                     std::to_string(m.abi_major) + "." + std::to_string(m.abi_minor) +
                     " has " + std::to_string(min_type_size) + " to " +
                     std::to_string(sizeof(flu_component_type)));
  for (uint32_t i = 0; i < m.n_types; ++i) {
    const unsigned char *raw = table + std::size_t(i) * stride;
    uint32_t size = 0;
    std::memcpy(&size, raw, sizeof size);
    auto t = completed<flu_component_type>(raw, stride);
    if (size != stride || !valid_text(t.name))
      refuse(path, "malformed component type entry " + std::to_string(i));
    check_operations(path, t, out);
    if (t.n_properties && !t.properties)
      refuse(path, std::string("type ") + t.name + " declares properties but no table");
    for (uint32_t p = 0; p < t.n_properties; ++p) {
      const flu_property_spec &s = t.properties[p];
      const flu_property_spec *spec = &s;
      if (!FLU_HAS_FIELD(spec, flu_property_spec, description) || !valid_text(s.name) ||
          s.type < FLU_PROPERTY_STRING || s.type > FLU_PROPERTY_FRACTION)
        refuse(path, std::string("type ") + t.name + ": malformed property entry " +
                         std::to_string(p));
    }
    check_ports(path, t.name, "eater", t.eaters, t.n_eaters);
    check_ports(path, t.name, "feeder", t.feeders, t.n_feeders);
    complete_checks(path, t, out);
    out.types.push_back(t);
  }
}

class DllModule final : public LoadedModule {
public:
  // Throws LoadError when a type is malformed (the library is then unloaded).
  DllModule(boost::dll::shared_library lib, const flu_module *info,
            std::filesystem::path path)
      : lib_(std::move(lib)), info_(info), path_(std::move(path)) {
    complete_types(path_, *info_, types_);
  }
  const flu_module &info() const override { return *info_; }
  const std::filesystem::path &path() const override { return path_; }
  const std::vector<flu_component_type> &types() const override { return types_.types; }

private:
  boost::dll::shared_library lib_;
  const flu_module *info_;
  std::filesystem::path path_;
  Types types_;
};

std::vector<registry::PortSpec> ports_of(const flu_port_spec *ports, uint32_t n) {
  std::vector<registry::PortSpec> out;
  for (uint32_t i = 0; i < n; ++i)
    out.push_back({ports[i].name, (ports[i].flags & FLU_PORT_REQUIRED) != 0,
                   (ports[i].flags & FLU_PORT_MULTIPLE) != 0,
                   ports[i].description ? ports[i].description : ""});
  return out;
}

} // namespace

std::string check_abi(uint32_t abi_major, uint32_t abi_minor) {
  const std::string theirs = std::to_string(abi_major) + "." + std::to_string(abi_minor);
  const std::string ours =
      std::to_string(FLU_ABI_MAJOR) + "." + std::to_string(FLU_ABI_MINOR);
  if (abi_major != FLU_ABI_MAJOR)
    return "built for SDK ABI " + theirs + ", this host speaks ABI " + ours +
           " (the major version must match)";
  if (abi_minor > FLU_ABI_MINOR)
    return "built for SDK ABI " + theirs + ", newer than this host's ABI " + ours;
  return {};
}

const flu_component_type *LoadedModule::find_type(const std::string &name) const {
  for (const flu_component_type &t : types())
    if (name == t.name)
      return &t;
  return nullptr;
}

registry::ModuleManifest LoadedModule::describe() const {
  const flu_module &m = info();
  registry::ModuleManifest out;
  out.id = m.id;
  out.version = m.version;
  out.abi_major = m.abi_major;
  out.abi_minor = m.abi_minor;
  out.library = path().filename().string();
  for (const flu_component_type &t : types()) {
    registry::ComponentType type;
    type.name = t.name;
    type.description = t.description ? t.description : "";
    type.clock_priority = t.clock_priority;
    type.bouncer = t.kind == FLU_COMPONENT_KIND_BOUNCER;
    type.handover = t.ops && t.ops->handover_out && t.ops->handover_in;
    for (uint32_t p = 0; p < t.n_properties; ++p) {
      const flu_property_spec &s = t.properties[p];
      registry::PropertySpec spec;
      spec.name = s.name;
      spec.type = static_cast<registry::PropertyType>(s.type);
      if (s.default_value)
        spec.default_value = s.default_value;
      spec.required = (s.flags & FLU_PROPERTY_REQUIRED) != 0;
      spec.multiple = (s.flags & FLU_PROPERTY_MULTIPLE) != 0;
      spec.description = s.description ? s.description : "";
      type.properties.push_back(std::move(spec));
    }
    type.eaters = ports_of(t.eaters, t.n_eaters);
    type.feeders = ports_of(t.feeders, t.n_feeders);
    for (uint32_t c = 0; c < t.n_checks; ++c) {
      const flu_check_spec &s = t.checks[c];
      registry::CheckSpec check{
          s.name, s.description ? s.description : "", s.usage ? s.usage : "", {}};
      for (uint32_t k = 0; k < s.n_columns; ++k)
        check.columns.push_back(s.columns[k]);
      type.checks.push_back(std::move(check));
    }
    out.types.push_back(std::move(type));
  }
  return out;
}

std::shared_ptr<LoadedModule> load_module(const std::filesystem::path &path) {
  boost::dll::shared_library lib;
  try {
    lib.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception &e) {
    refuse(path, std::string("cannot be loaded: ") + e.what());
  }
  if (!lib.has(FLU_MODULE_ENTRY_SYMBOL))
    refuse(path, "has no entry point " FLU_MODULE_ENTRY_SYMBOL);
  auto entry = lib.get<const flu_module *()>(FLU_MODULE_ENTRY_SYMBOL);
  const flu_module *info = entry();
  if (!info)
    refuse(path, "entry point returned nothing");
  if (std::string why = check_abi(info->abi_major, info->abi_minor); !why.empty())
    refuse(path, why);
  if (!FLU_HAS_FIELD(info, flu_module, n_types))
    refuse(path, "module description is smaller than ABI " +
                     std::to_string(FLU_ABI_MAJOR) + ".0 allows");
  if (!valid_text(info->id) || !valid_text(info->version))
    refuse(path, "module description has no id or version");
  return std::make_shared<DllModule>(std::move(lib), info, path);
}

} // namespace flu::module
