// A worker's (or the manager's own) cache of unpacked bundles, by content
// address: CACHE/SHA256/ holds the files of the bundle whose file hashes to
// SHA256, with its flu-bundle.xml. A bundle is unpacked only after
// open_bundle() verified it (hash, signature against this cache's trust
// store, platform, ABI, every file), and appears whole or not at all
// (write_tree), so a directory that exists is a verified bundle.
//
// Last use is the directory's mtime (touched when a job starts on it), so
// that eviction survives a restart; what is in use is never evicted.
#pragma once

#include "bundle/bundle.hpp"
#include "bundle/signing.hpp"

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace flu::bundle {

struct CachedBundle {
  std::string sha256;
  BundleManifest manifest;
  std::filesystem::path directory; // CACHE/SHA256
  uint64_t bytes = 0;              // of the unpacked files
};

class BundleCache {
public:
  // Makes `directory` (0700) if absent; leftovers of an interrupted unpack
  // are removed. `trust` must outlive the cache.
  BundleCache(std::filesystem::path directory, const TrustStore &trust,
              ArchiveLimits limits = {});

  const std::filesystem::path &directory() const { return directory_; }
  bool has(const std::string &sha256) const;

  // Verifies `bytes` (their SHA-256 must be `sha256`) and unpacks them.
  // Throws BundleError naming the bundle and the problem; nothing is
  // written then. Installing a bundle the cache holds is a no-op.
  CachedBundle install(const std::string &sha256, std::string_view bytes,
                       const std::string &from);

  // A held bundle, its manifest read back from disk; throws BundleError
  // when it is not held or its manifest is unreadable.
  CachedBundle get(const std::string &sha256) const;
  // The module library file providing `module_id` in a held bundle.
  std::filesystem::path module_library(const std::string &sha256,
                                       const std::string &module_id) const;

  void touch(const std::string &sha256); // marks it used now
  uint64_t total_bytes() const;          // of every held bundle
  std::vector<std::string> held() const; // their hashes

  // Removes least recently used bundles not in `in_use` until the cache
  // holds at most `max_bytes`; returns what it removed.
  std::vector<std::string> evict(uint64_t max_bytes, const std::set<std::string> &in_use);

private:
  std::filesystem::path directory_;
  const TrustStore &trust_;
  ArchiveLimits limits_;
};

} // namespace flu::bundle
