// Where a worker's jobs get their code (docs/bundles.md): for each start or
// upgrade, the manager resolves the component type (and the bouncer types a
// multi-bouncer consults) to a set of bundles; what the cache lacks is
// fetched in chunks, verified against the worker's own trust store and
// unpacked (bundle::BundleCache); then the job may start on the module
// library inside. A trusted local bundle folder, when the operator names
// one, stands in for the manager's bytes (they are verified all the same).
#pragma once

#include "bundle/cache.hpp"
#include "job_process.hpp"
#include "message/envelope.hpp"
#include "message/messages.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace flu::worker {

struct FetcherOptions {
  std::filesystem::path cache;
  std::vector<std::filesystem::path> trusted_keys; // folders of .pub files
  std::vector<std::filesystem::path> bundle_dirs;  // trusted local bundle folders
  uint64_t cache_max_bytes = 1ull << 30;
  uint32_t chunk_bytes = 512 * 1024;
  uint64_t max_bundle_bytes = 256ull << 20;
  int answer_timeout_ms = 60000; // for the whole of one preparation
};

class BundleFetcher {
public:
  using Send = std::function<bool(const std::string &frame)>;
  using Ready = std::function<void(JobCode code)>;
  using Failed = std::function<void(const std::string &why)>;
  using InUse = std::function<std::set<std::string>()>; // bundles jobs run on

  // Throws std::runtime_error for a malformed key file or an unusable cache.
  BundleFetcher(boost::asio::io_context &io, std::string who, FetcherOptions options,
                Send send, InUse in_use);
  ~BundleFetcher();

  // Resolves `config` and brings its bundles into the cache; then exactly
  // one of ready or failed (with a reason naming the bundles and ranges).
  void prepare(const message::JobConfig &config, Ready ready, Failed failed);
  // BundleResolution and BundleChunk; false for any other frame.
  bool on_message(const message::Envelope &e);
  // The manager went away: what waits for it fails.
  void manager_lost(const std::string &why);

  message::BundleCacheStatus status() const;
  const FetcherOptions &options() const { return options_; }

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  FetcherOptions options_;
};

} // namespace flu::worker
