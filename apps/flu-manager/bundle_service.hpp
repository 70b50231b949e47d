// The manager's side of code distribution: its repository of bundles, and
// the answers to peers about it. Workers and admins resolve and fetch;
// admins publish (flu-bundle publish) and list (flu-bundle list).
//
// Every answer is a whole frame for the asking peer, so that the manager
// only routes it. Nothing a peer sends can do more than fail its own
// request: uploads are bounded, checked as a worker would check them, and
// kept only once whole and verified.
#pragma once

#include "bundle/cache.hpp"
#include "bundle/repository.hpp"
#include "message/messages.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace flu::manager {

struct BundleOptions {
  std::filesystem::path repository;                // the store (made 0700)
  std::vector<std::filesystem::path> trusted_keys; // folders of .pub files
  std::vector<std::filesystem::path> import;       // bundle files published at start
  std::filesystem::path cache; // where the manager unpacks what it loads itself
  uint64_t max_bundle_bytes = 256ull << 20;
  uint32_t chunk_bytes = 512 * 1024; // under the frame limit
};

class BundleService {
public:
  // Throws std::runtime_error naming what is wrong (a malformed key file).
  explicit BundleService(BundleOptions options);
  ~BundleService();

  const bundle::Repository &repository() const { return *repository_; }
  // Folders of release keys this manager trusts, for the workers it starts.
  const std::vector<std::filesystem::path> &trusted_keys() const {
    return options_.trusted_keys;
  }

  // The library of the module providing `type`, within `range` ("" any),
  // from its bundle unpacked into the manager's cache and verified against
  // the manager's trust store: the manager's own bouncer runs in-process,
  // so it gets no code a worker would refuse. Throws ResolveError or
  // BundleError naming the type.
  std::filesystem::path module_library(const std::string &type, const std::string &range);

  std::string resolve(const message::BundleResolve &ask, uint32_t request_id) const;
  std::string fetch(const message::BundleFetch &ask, uint32_t request_id);
  // One piece of an upload by `peer` (its routing id); `who` names it in
  // logs. Answered with an AdminReply: 0 for each piece, then the result
  // (0 published, 4 a version already held, 5 refused).
  std::string publish(const std::string &peer, const std::string &who,
                      const message::BundlePublish &piece, uint32_t request_id);
  // Values: sha256 → name, version, size, signer, platform, types...
  message::AdminReply list() const;
  // flu-command types [TYPE]: a table of the component types of the newest
  // version of every bundle, with the wizard step each ships (role, title,
  // formats) and its runtime checks; with a type, a table of its checks.
  // Read from the manifests: nothing is loaded.
  message::AdminReply types(const std::string &type) const;
  void forget(const std::string &peer); // its unfinished upload goes

private:
  struct Upload {
    std::string sha256;
    uint64_t total = 0;
    std::string data;
  };

  BundleOptions options_;
  bundle::TrustStore trust_;
  std::unique_ptr<bundle::Repository> repository_;
  std::unique_ptr<bundle::BundleCache> cache_; // made on first use
  std::map<std::string, Upload> uploads_;      // by peer
  std::string cached_sha_, cached_bytes_;      // the file being fetched
};

} // namespace flu::manager
