// A file readable while it is fetched (see download.hpp).
#include "download.hpp"

#include <unistd.h>

namespace flu::http_server {

Download::Download(int read_fd, std::optional<uint64_t> length)
    : fd_(read_fd), length_(length) {}

Download::~Download() { ::close(fd_); }

Download::Progress Download::progress() const {
  std::lock_guard lock(mutex_);
  return progress_;
}

void Download::when_past(uint64_t have, std::function<void()> more) {
  {
    std::lock_guard lock(mutex_);
    if (progress_.written <= have && progress_.state == State::fetching) {
      waiting_.emplace_back(have, std::move(more));
      return;
    }
  }
  more();
}

void Download::wrote(uint64_t n) {
  std::vector<std::function<void()>> due;
  {
    std::lock_guard lock(mutex_);
    progress_.written += n;
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      if (it->first < progress_.written) {
        due.push_back(std::move(it->second));
        it = waiting_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto &call : due)
    call();
}

void Download::end(State state) {
  std::vector<std::pair<uint64_t, std::function<void()>>> due;
  {
    std::lock_guard lock(mutex_);
    progress_.state = state;
    due.swap(waiting_);
  }
  for (auto &entry : due)
    entry.second();
}

} // namespace flu::http_server
