// Raising the descriptor limit (see fd_limit.hpp).
#include "fd_limit.hpp"

#include <sys/resource.h>

#include <fstream>

namespace flu::http_streamer {

uint64_t raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
    return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit wanted = limit;
    wanted.rlim_cur = limit.rlim_max;
    if (limit.rlim_max == RLIM_INFINITY) {
      // An unlimited hard limit still cannot pass the kernel's nr_open.
      uint64_t nr_open = 1048576;
      std::ifstream("/proc/sys/fs/nr_open") >> nr_open;
      wanted.rlim_cur = nr_open;
    }
    if (setrlimit(RLIMIT_NOFILE, &wanted) == 0)
      limit = wanted;
  }
  return limit.rlim_cur == RLIM_INFINITY ? 1048576 : limit.rlim_cur;
}

} // namespace flu::http_streamer
