#include "bundle/cache.hpp"

#include "files/atomic_file.hpp"

#include <algorithm>
#include <chrono>
#include <system_error>
#include <utility>

namespace flu::bundle {

namespace fs = std::filesystem;

namespace {

// A content address is also a directory name: nothing else may pass.
bool valid_sha(const std::string &sha) {
  return sha.size() == 64 && std::all_of(sha.begin(), sha.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

void require_sha(const std::string &sha) {
  if (!valid_sha(sha))
    throw BundleError("'" + sha.substr(0, 80) + "' is not a bundle's SHA-256");
}

uint64_t tree_bytes(const fs::path &dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec))
    if (it->is_regular_file(ec))
      total += it->file_size(ec);
  return total;
}

} // namespace

BundleCache::BundleCache(fs::path directory, const TrustStore &trust,
                         ArchiveLimits limits)
    : directory_(std::move(directory)), trust_(trust), limits_(limits) {
  files::make_private_dir(directory_);
  // An unpack interrupted by a crash leaves its staging directory behind;
  // a recent one may be another process's unpack under way.
  const auto stale = fs::file_time_type::clock::now() - std::chrono::minutes(10);
  for (const auto &entry : fs::directory_iterator(directory_)) {
    const std::string name = entry.path().filename().string();
    std::error_code ec;
    if (name.rfind(".staging-", 0) == 0 && fs::last_write_time(entry.path(), ec) < stale)
      fs::remove_all(entry.path(), ec);
  }
}

bool BundleCache::has(const std::string &sha256) const {
  std::error_code ec;
  return valid_sha(sha256) && fs::is_directory(directory_ / sha256, ec);
}

CachedBundle BundleCache::install(const std::string &sha256, std::string_view bytes,
                                  const std::string &from) {
  require_sha(sha256);
  if (has(sha256))
    return get(sha256);
  if (sha256_hex(bytes) != sha256)
    throw BundleError(from + ": its content does not hash to " + sha256);
  VerifyOptions options;
  options.trust = &trust_;
  options.limits = limits_;
  OpenedBundle opened = open_bundle(bytes, from, options);
  std::vector<ArchiveEntry> entries = std::move(opened.files);
  entries.push_back({manifest_entry, opened.manifest_text});
  try {
    write_tree(directory_ / sha256, entries, limits_);
  } catch (const std::exception &e) {
    if (has(sha256))
      return get(sha256); // another process sharing the cache was quicker
    throw BundleError(from + ": cannot unpack into " + directory_.string() + ": " +
                      e.what());
  }
  return get(sha256);
}

CachedBundle BundleCache::get(const std::string &sha256) const {
  require_sha(sha256);
  CachedBundle b;
  b.sha256 = sha256;
  b.directory = directory_ / sha256;
  if (!has(sha256))
    throw BundleError("bundle " + sha256 + " is not in the cache " + directory_.string());
  try {
    b.manifest = parse_bundle_manifest(files::read_file(b.directory / manifest_entry),
                                       b.directory.string());
  } catch (const std::exception &e) {
    throw BundleError("cached bundle " + sha256 + ": " + e.what());
  }
  b.bytes = tree_bytes(b.directory);
  return b;
}

fs::path BundleCache::module_library(const std::string &sha256,
                                     const std::string &module_id) const {
  const CachedBundle b = get(sha256);
  for (const auto &m : b.manifest.modules)
    if (m.manifest.id == module_id)
      return b.directory / m.library_path();
  throw BundleError("bundle " + b.manifest.label() + " has no module " + module_id);
}

void BundleCache::touch(const std::string &sha256) {
  std::error_code ec;
  if (has(sha256))
    fs::last_write_time(directory_ / sha256, fs::file_time_type::clock::now(), ec);
}

std::vector<std::string> BundleCache::held() const {
  std::vector<std::string> shas;
  for (const auto &entry : fs::directory_iterator(directory_)) {
    const std::string name = entry.path().filename().string();
    if (valid_sha(name) && entry.is_directory())
      shas.push_back(name);
  }
  std::sort(shas.begin(), shas.end());
  return shas;
}

uint64_t BundleCache::total_bytes() const {
  uint64_t total = 0;
  for (const auto &sha : held())
    total += tree_bytes(directory_ / sha);
  return total;
}

std::vector<std::string> BundleCache::evict(uint64_t max_bytes,
                                            const std::set<std::string> &in_use) {
  struct Held {
    std::string sha;
    fs::file_time_type used;
    uint64_t bytes;
  };
  std::vector<Held> all;
  uint64_t total = 0;
  for (const auto &sha : held()) {
    std::error_code ec;
    const fs::path dir = directory_ / sha;
    all.push_back({sha, fs::last_write_time(dir, ec), tree_bytes(dir)});
    total += all.back().bytes;
  }
  std::sort(all.begin(), all.end(),
            [](const Held &a, const Held &b) { return a.used < b.used; });
  std::vector<std::string> removed;
  for (const auto &h : all) {
    if (total <= max_bytes)
      break;
    if (in_use.count(h.sha))
      continue;
    std::error_code ec;
    // Renamed away first, so that a half-removed tree never looks held.
    const fs::path doomed = directory_ / (".staging-evict-" + h.sha);
    fs::rename(directory_ / h.sha, doomed, ec);
    if (ec)
      continue;
    fs::remove_all(doomed, ec);
    total -= h.bytes;
    removed.push_back(h.sha);
  }
  return removed;
}

} // namespace flu::bundle
