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
      const StoredBundle *b = add(files::read_file(file), file.string(), file);
      if (mode_ == Mode::store && file.stem() != b->sha256)
        errors_.push_back(file.string() + ": its name is not its SHA-256; kept anyway");
    } catch (const std::exception &e) {
      errors_.push_back(e.what());
    }
  }
}

const StoredBundle *Repository::add(std::string_view bytes, const std::string &from,
                                    fs::path file, bool replace) {
  VerifyOptions options;
  options.trust = trust_;
  options.allow_unsigned = mode_ == Mode::read_only;
  options.check_platform = mode_ == Mode::store;
  options.check_abi = mode_ == Mode::store;
  options.limits = limits_;
  OpenedBundle opened = open_bundle(bytes, from, options);
  if (const auto it = by_sha_.find(opened.sha256); it != by_sha_.end())
    return it->second.get();
  for (auto it = by_sha_.begin(); it != by_sha_.end(); ++it) {
    const StoredBundle &held = *it->second;
    if (held.manifest.name != opened.manifest.name ||
        held.manifest.version != opened.manifest.version)
      continue;
    if (!replace)
      throw PublishConflict(from + ": " + opened.manifest.label() +
                            " is already in the repository with other content (sha256 " +
                            it->first.substr(0, 16) +
                            "…); publish it under a new version");
    std::error_code ec;
    if (mode_ == Mode::store)
      fs::remove(held.file, ec);
    by_sha_.erase(it);
    break;
  }
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
  const std::string sha = sha256_hex(bytes);
  if (const StoredBundle *held = find(sha))
    return {held, false};
  const fs::path file = dir_ / (sha + extension);
  const std::size_t held_before = by_sha_.size();
  // Written first: a bundle is held only once it is on disk.
  VerifyOptions check;
  check.trust = trust_;
  check.limits = limits_;
  open_bundle(bytes, from, check);
  files::replace_file(file, std::string(bytes), 0600);
  const StoredBundle *added = nullptr;
  try {
    added = add(bytes, from, file, replace);
  } catch (...) {
    std::error_code ec;
    fs::remove(file, ec);
    throw;
  }
  return {added, true, by_sha_.size() == held_before};
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
