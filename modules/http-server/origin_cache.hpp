// Flumotion's fileprovider-httpcached: an on-demand edge. Files come from
// an origin HTTP server and are kept in a cache directory; a copy younger
// than cache-ttl is served without asking the origin, an older one is
// fetched again, and when the origin cannot be reached an old copy is
// served rather than nothing. A file is served while it is still being
// fetched: once the origin's answer head came, every viewer of it reads
// the one partial copy as it grows (download.hpp), so a viewer of a large
// file starts at once and two viewers cause one fetch. A fetch that
// breaks off cuts its viewers and leaves nothing in the cache. Fetches run
// on a few threads of their own (Beast, synchronous, with connect and idle
// time limits).
#pragma once

#include "download.hpp"
#include "file_cache.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace flu::http_server {

struct OriginSettings {
  std::string host;
  uint16_t port = 80;
  std::string path = "/"; // prefixed to the path below the mount point; ends in '/'
  CacheSettings cache;    // dir required
  std::chrono::seconds ttl{300};
  std::chrono::seconds connect_timeout{2};
  std::chrono::seconds idle_timeout{5};
};

struct OriginResult {
  enum class Status { ok, not_found, unavailable } status = Status::unavailable;
  std::filesystem::path file; // ok: the cached copy (its name, while it comes)
  std::string reason;         // unavailable: why
  // ok, still being fetched: read it from here as it grows.
  std::shared_ptr<Download> download;
};

class OriginCache {
public:
  using Done = std::function<void(OriginResult)>;

  // Throws naming the cache directory when it cannot be made.
  OriginCache(OriginSettings settings, std::function<void(const std::string &)> warn);
  ~OriginCache();
  OriginCache(const OriginCache &) = delete;
  OriginCache &operator=(const OriginCache &) = delete;

  // `target`: the path below the mount point as the viewer sent it,
  // already checked (no "..", no control bytes). `done` runs on a fetch
  // thread (once the origin's head came, or it failed), or at once for a
  // fresh copy or a fetch under way.
  void get(const std::string &target, Done done);
  CacheStats stats() const;

private:
  using Started = std::function<void(std::shared_ptr<Download>)>;
  void run();
  void finished(const std::string &target, const std::filesystem::path &copy,
                OriginResult result, const std::shared_ptr<Download> &download);
  OriginResult fetch(const std::string &target, const std::filesystem::path &copy,
                     const Started &started);

  const OriginSettings settings_;
  const std::function<void(const std::string &)> warn_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  std::map<std::string, std::vector<Done>> waiting_;        // by target, before its head
  std::map<std::string, std::shared_ptr<Download>> active_; // by target, after it
  CacheStats stats_;
  std::atomic<bool> stopping_ = false; // also read by fetches between reads
  std::vector<std::thread> threads_;
};

} // namespace flu::http_server
