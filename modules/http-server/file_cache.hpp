// Flumotion's fileprovider-localcached: files of a slow directory (a network
// mount, a spinning disk) served from a copy in a fast cache directory.
// A file asked for the first time is served from its source while a thread
// copies it into the cache; later requests get the copy as long as the
// source's size and modification time are unchanged. When the cache holds
// more than high-watermark × size, the files used longest ago go until it
// holds low-watermark × size. Several servers may share one cache directory.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace flu::http_server {

struct CacheSettings {
  std::filesystem::path dir;  // empty: no cache
  std::filesystem::path root; // the served directory, canonical
  uint64_t size_bytes = 1000'000'000;
  double high_watermark = 1.0;
  double low_watermark = 0.6;
};

struct CacheStats {
  uint64_t hits = 0, misses = 0, bytes = 0, evicted = 0;
};

// Past high × size, removes the files of `dir` used longest ago (by atime)
// until it holds low × size; partial copies are left alone. Returns the
// bytes left (in `bytes`) and the files removed (in `evicted`).
CacheStats clean_cache_dir(const std::filesystem::path &dir, const CacheSettings &limits);
// Marks a cached file as used now.
void touch_cached(const std::filesystem::path &file);
// The cache's name for `key` (a source path or a URL), in `dir`.
std::filesystem::path cached_name(const std::filesystem::path &dir,
                                  const std::string &key, const std::string &extension);

class FileCache {
public:
  // Throws naming the directory when it cannot be made.
  FileCache(CacheSettings settings, std::function<void(const std::string &)> warn);
  ~FileCache();
  FileCache(const FileCache &) = delete;
  FileCache &operator=(const FileCache &) = delete;

  // What to open for `source` (a file under root): its fresh copy, or the
  // source itself (and a copy is made for next time). Any thread.
  std::filesystem::path file_for(const std::filesystem::path &source);
  CacheStats stats() const;

private:
  std::filesystem::path copy_of(const std::filesystem::path &source) const;
  void run();
  void copy(const std::filesystem::path &source);

  const CacheSettings settings_;
  const std::function<void(const std::string &)> warn_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::filesystem::path> queue_;
  std::set<std::filesystem::path> queued_;
  CacheStats stats_;
  bool stopping_ = false;
  std::thread thread_;
};

} // namespace flu::http_server
