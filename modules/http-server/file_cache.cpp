// The on-demand server's cache of a slow directory (see file_cache.hpp).
#include "file_cache.hpp"

#include <glib.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>
#include <vector>

namespace flu::http_server {

namespace fs = std::filesystem;

namespace {

struct stat stat_of(const fs::path &file, bool &ok) {
  struct stat st {};
  ok = ::stat(file.c_str(), &st) == 0;
  return st;
}

} // namespace

// An explicit atime is kept whatever the mount's atime options.
void touch_cached(const fs::path &file) {
  const timespec times[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
  utimensat(AT_FDCWD, file.c_str(), times, 0);
}

// One flat directory named by a digest, so that servers of different
// directories or origins can share the cache.
fs::path cached_name(const fs::path &dir, const std::string &key,
                     const std::string &extension) {
  gchar *digest = g_compute_checksum_for_string(G_CHECKSUM_SHA256, key.c_str(), -1);
  fs::path name = dir / (std::string(digest) + extension);
  g_free(digest);
  return name;
}

FileCache::FileCache(CacheSettings settings,
                     std::function<void(const std::string &)> warn)
    : settings_(std::move(settings)), warn_(std::move(warn)) {
  std::error_code ec;
  fs::create_directories(settings_.dir, ec);
  if (ec || !fs::is_directory(settings_.dir))
    throw std::runtime_error("cannot use cache-dir " + settings_.dir.string() + ": " +
                             (ec ? ec.message() : "not a directory"));
  thread_ = std::thread([this] { run(); });
}

FileCache::~FileCache() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

fs::path FileCache::copy_of(const fs::path &source) const {
  return cached_name(settings_.dir, source.string(), source.extension().string());
}

fs::path FileCache::file_for(const fs::path &source) {
  const fs::path copy = copy_of(source);
  bool have_source = false, have_copy = false;
  const struct stat src = stat_of(source, have_source);
  const struct stat cached = stat_of(copy, have_copy);
  if (have_source && have_copy && cached.st_size == src.st_size &&
      cached.st_mtim.tv_sec == src.st_mtim.tv_sec &&
      cached.st_mtim.tv_nsec == src.st_mtim.tv_nsec) {
    touch_cached(copy);
    std::lock_guard lock(mutex_);
    ++stats_.hits;
    return copy;
  }
  {
    std::lock_guard lock(mutex_);
    ++stats_.misses;
    if (have_source && queued_.insert(source).second)
      queue_.push_back(source);
  }
  wake_.notify_one();
  return source;
}

CacheStats FileCache::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void FileCache::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_)
      return;
    const fs::path source = queue_.front();
    queue_.pop_front();
    lock.unlock();
    copy(source);
    const CacheStats left = clean_cache_dir(settings_.dir, settings_);
    lock.lock();
    stats_.bytes = left.bytes;
    stats_.evicted += left.evicted;
    queued_.erase(source);
  }
}

// Into a temporary name first: a reader never opens half a copy, and a copy
// that fails (a full disk) leaves nothing behind.
void FileCache::copy(const fs::path &source) {
  const fs::path copy = copy_of(source);
  const fs::path partial =
      copy.parent_path() /
      (".partial-" + std::to_string(::getpid()) + "-" + copy.filename().string());
  std::error_code ec;
  const auto modified = fs::last_write_time(source, ec);
  if (!ec)
    fs::copy_file(source, partial, fs::copy_options::overwrite_existing, ec);
  if (!ec)
    fs::last_write_time(partial, modified, ec);
  if (!ec)
    fs::rename(partial, copy, ec);
  if (ec) {
    fs::remove(partial, ec);
    warn_("cannot cache " + source.string() + " in " + settings_.dir.string() + ": " +
          ec.message() + "; serving it from its directory");
  }
}

CacheStats clean_cache_dir(const fs::path &dir, const CacheSettings &limits) {
  struct Entry {
    fs::path file;
    uint64_t size;
    timespec used;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    bool ok = false;
    const struct stat st = stat_of(e.path(), ok);
    if (!ok || !S_ISREG(st.st_mode) || name.rfind(".partial-", 0) == 0)
      continue;
    entries.push_back({e.path(), static_cast<uint64_t>(st.st_size), st.st_atim});
    total += static_cast<uint64_t>(st.st_size);
  }
  uint64_t evicted = 0;
  const auto high = static_cast<uint64_t>(limits.high_watermark *
                                          static_cast<double>(limits.size_bytes));
  const auto low = static_cast<uint64_t>(limits.low_watermark *
                                         static_cast<double>(limits.size_bytes));
  if (total > high) {
    std::sort(entries.begin(), entries.end(), [](const Entry &a, const Entry &b) {
      return a.used.tv_sec != b.used.tv_sec ? a.used.tv_sec < b.used.tv_sec
                                            : a.used.tv_nsec < b.used.tv_nsec;
    });
    // A copy being served stays readable: its reader holds it open.
    for (const auto &e : entries) {
      if (total <= low)
        break;
      if (fs::remove(e.file, ec)) {
        total -= e.size;
        ++evicted;
      }
    }
  }
  CacheStats left;
  left.bytes = total;
  left.evicted = evicted;
  return left;
}

} // namespace flu::http_server
