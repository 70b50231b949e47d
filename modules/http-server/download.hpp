// One file on its way from the origin into the edge's cache, readable while
// it comes: the fetch thread appends to a partial file and says how far it
// got; viewers read from their own descriptor of that file up to there and
// ask to be called back when it grows or the fetch ends. So a viewer of a
// large file starts at once instead of after the whole download, and
// viewers of the same file share the one fetch.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

namespace flu::http_server {

class Download {
public:
  enum class State { fetching, done, failed };
  struct Progress {
    uint64_t written = 0;
    State state = State::fetching;
  };

  // `read_fd`: the partial file opened for reading (the Download closes it);
  // `length`: the origin's Content-Length, none when it sent none.
  Download(int read_fd, std::optional<uint64_t> length);
  ~Download();
  Download(const Download &) = delete;
  Download &operator=(const Download &) = delete;

  // Stays valid while the Download lives, even after the partial file was
  // renamed or removed: readers pread() it or dup() it.
  int fd() const { return fd_; }
  std::optional<uint64_t> length() const { return length_; }
  Progress progress() const;

  // Calls `more` once, when more than `have` bytes are written or the fetch
  // ended: on the fetch thread, or at once on the caller's if so already.
  void when_past(uint64_t have, std::function<void()> more);

  // The fetch thread: `n` more bytes are in the file; the fetch ended.
  void wrote(uint64_t n);
  void end(State state);

private:
  const int fd_;
  const std::optional<uint64_t> length_;
  mutable std::mutex mutex_;
  Progress progress_;
  std::vector<std::pair<uint64_t, std::function<void()>>> waiting_;
};

} // namespace flu::http_server
