// The bundle repository; see repository.hpp.
#include "bundle/repository.hpp"

#include "files/atomic_file.hpp"

#include <algorithm>

namespace flu::bundle {
namespace {

namespace fs = std::filesystem;

constexpr const char *extension = ".flub";

bool by_name_version(const StoredBundle *a, const StoredBundle *b) {
  return a->manifest.name != b->manifest.name ? a->manifest.name < b->manifest.name
                                              : a->version < b->version;
}

} // namespace

Repository::Repository(fs::path dir, Mode mode, const TrustStore *trust,
                       ArchiveLimits limits)
    : dir_(std::move(dir)), mode_(mode), trust_(trust), limits_(limits) {
  if (mode_ == Mode::store) {
    if (!trust_)
      throw BundleError("a bundle store needs a trust store");
    files::make_private_dir(dir_);
  }
  std::error_code ec;
  std::vector<fs::path> found;
  for (const auto &entry : fs::directory_iterator(dir_, ec))
    if (entry.path().extension() == extension && entry.is_regular_file())
      found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  for (const auto &file : found) {
    try {
      OpenedBundle opened = open(files::read_file(file), file.string());
      if (find(opened.sha256))
        continue; // the same bytes under another name
      if (const auto same = same_version(opened.manifest); same != by_sha_.end())
        throw conflict(file.string(), opened.manifest, same->first);
      const StoredBundle *b = insert(std::move(opened), file);
      if (mode_ == Mode::store && file.stem() != b->sha256)
        errors_.push_back(file.string() + ": its name is not its SHA-256; kept anyway");
    } catch (const std::exception &e) {
      errors_.push_back(e.what());
    }
  }
}

OpenedBundle Repository::open(std::string_view bytes, const std::string &from) const {
  VerifyOptions options;
  options.trust = trust_;
  options.allow_unsigned = mode_ == Mode::read_only;
  options.check_platform = mode_ == Mode::store;
  options.check_abi = mode_ == Mode::store;
  options.limits = limits_;
  return open_bundle(bytes, from, options);
}

Repository::BySha::iterator Repository::same_version(const BundleManifest &m) {
  return std::find_if(by_sha_.begin(), by_sha_.end(), [&](const auto &held) {
    return held.second->manifest.name == m.name &&
           held.second->manifest.version == m.version;
  });
}

PublishConflict Repository::conflict(const std::string &from, const BundleManifest &m,
                                     const std::string &held_sha) {
  return PublishConflict(from + ": " + m.label() +
                         " is already in the repository with other content (sha256 " +
                         held_sha.substr(0, 16) + "…); publish it under a new version");
}

const StoredBundle *Repository::insert(OpenedBundle opened, fs::path file) {
  auto stored = std::make_unique<StoredBundle>();
  stored->version = Version::parse_or_throw(opened.manifest.version);
  stored->manifest = std::move(opened.manifest);
  stored->sha256 = opened.sha256;
  stored->size = opened.size;
  stored->signer = opened.signer;
  stored->file = std::move(file);
  return by_sha_.emplace(stored->sha256, std::move(stored)).first->second.get();
}

Repository::Published Repository::publish(std::string_view bytes, const std::string &from,
                                          bool replace) {
  if (mode_ != Mode::store)
    throw BundleError(dir_.string() + ": read-only repository");
  if (const StoredBundle *held = find(sha256_hex(bytes)))
    return {held, false}; // the same bytes again: nothing to check
  OpenedBundle opened = open(bytes, from);
  const auto same = same_version(opened.manifest);
  if (same != by_sha_.end() && !replace)
    throw conflict(from, opened.manifest, same->first);
  // Written first: a bundle is held only once it is on disk.
  const fs::path file = dir_ / (opened.sha256 + extension);
  files::replace_file(file, std::string(bytes), 0600);
  const bool replaced = same != by_sha_.end();
  if (replaced) {
    std::error_code ec;
    fs::remove(same->second->file, ec);
    by_sha_.erase(same);
  }
  return {insert(std::move(opened), file), true, replaced};
}

std::vector<const StoredBundle *> Repository::bundles() const {
  std::vector<const StoredBundle *> out;
  for (const auto &[sha, b] : by_sha_)
    out.push_back(b.get());
  std::sort(out.begin(), out.end(), by_name_version);
  return out;
}

const StoredBundle *Repository::find(const std::string &sha256) const {
  const auto it = by_sha_.find(sha256);
  return it == by_sha_.end() ? nullptr : it->second.get();
}

std::string Repository::read(const StoredBundle &bundle) const {
  return files::read_file(bundle.file);
}

Resolution Repository::resolve(const std::vector<Requirement> &roots) const {
  Index index;
  for (const auto &[sha, b] : by_sha_) {
    Candidate c{b->manifest.name, b->version, {}, sha};
    for (const auto &d : b->manifest.depends)
      c.depends.push_back({d.name, VersionRange::parse(d.range), ""});
    index[c.name].push_back(std::move(c));
  }
  Resolution out;
  for (const auto &chosen : bundle::resolve(index, roots))
    out.bundles.push_back(find(chosen.id));
  return out;
}

Resolution Repository::resolve_type(const std::string &type,
                                    const std::string &range) const {
  std::vector<std::string> names;
  for (const auto &[sha, b] : by_sha_)
    if (b->manifest.module_for_type(type) &&
        std::find(names.begin(), names.end(), b->manifest.name) == names.end())
      names.push_back(b->manifest.name);
  std::sort(names.begin(), names.end());
  if (names.empty())
    throw ResolveError(ResolveError::Kind::missing,
                       "no bundle provides component type " + type);
  if (names.size() > 1)
    throw ResolveError(ResolveError::Kind::conflict,
                       "component type " + type + " is provided by bundles " + names[0] +
                           " and " + names[1] + "; only one may provide it");
  VersionRange parsed;
  try {
    parsed = range.empty() ? VersionRange() : VersionRange::parse(range);
  } catch (const VersionError &e) {
    throw ResolveError(ResolveError::Kind::no_match, e.what());
  }
  Resolution out = resolve({{names[0], parsed, "component type " + type}});
  for (const StoredBundle *b : out.bundles)
    if (b->manifest.name == names[0]) {
      out.module_bundle = b;
      out.module_id = b->manifest.module_for_type(type)->manifest.id;
    }
  return out;
}

Resolution Repository::resolve_bundle(const std::string &name,
                                      const std::string &range) const {
  VersionRange parsed;
  try {
    parsed = range.empty() ? VersionRange() : VersionRange::parse(range);
  } catch (const VersionError &e) {
    throw ResolveError(ResolveError::Kind::no_match, e.what());
  }
  return resolve({{name, parsed, "the request"}});
}

registry::Registry Repository::registry() const {
  std::map<std::string, const StoredBundle *> highest;
  for (const auto &[sha, b] : by_sha_) {
    auto &slot = highest[b->manifest.name];
    if (!slot || slot->version < b->version)
      slot = b.get();
  }
  registry::Registry out;
  for (const auto &[name, b] : highest)
    for (const auto &module : b->manifest.modules)
      out.add(module.manifest);
  return out;
}

} // namespace flu::bundle
