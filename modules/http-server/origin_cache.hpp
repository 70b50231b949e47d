// Flumotion's fileprovider-httpcached: an on-demand edge. Files come from
// an origin HTTP server and are kept in a cache directory; a copy younger
// than cache-ttl is served without asking the origin, an older one is
// fetched again, and when the origin cannot be reached an old copy is
// served rather than nothing. Requests for one file while it is being
// fetched wait for that fetch. Fetches run on a few threads of their own
// (Beast, synchronous, with connect and idle time limits).
#pragma once

#include "file_cache.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
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
  std::filesystem::path file; // ok: the cached copy
  std::string reason;         // unavailable: why
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
  // thread, or at once for a fresh copy.
  void get(const std::string &target, Done done);
  CacheStats stats() const;

private:
  void run();
  OriginResult fetch(const std::string &target, const std::filesystem::path &copy);

  const OriginSettings settings_;
  const std::function<void(const std::string &)> warn_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  std::map<std::string, std::vector<Done>> waiting_; // by target
  CacheStats stats_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

} // namespace flu::http_server
