// The job's own process figures (see process_stats.hpp).
#include "process_stats.hpp"
#include "steady_ms.hpp"

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace flu::job {

ProcessStats::ProcessStats()
    : start_unix_(std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count()),
      start_steady_ms_(steady_ms()) {
  last_ticks_ = cpu_ticks().value_or(0);
  last_ms_ = start_steady_ms_;
}

std::optional<uint64_t> ProcessStats::cpu_ticks() const {
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line))
    return std::nullopt;
  // The command name (field 2) is in parentheses and may hold spaces: count
  // fields from the last ')'. utime and stime are fields 14 and 15.
  const auto close = line.rfind(')');
  if (close == std::string::npos)
    return std::nullopt;
  std::istringstream fields(line.substr(close + 1));
  std::string field;
  uint64_t utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14)
      utime = std::stoull(field);
    else if (i == 15)
      stime = std::stoull(field);
  }
  if (!fields)
    return std::nullopt;
  return utime + stime;
}

std::optional<double> ProcessStats::cpu_percent() {
  const auto ticks = cpu_ticks();
  if (!ticks)
    return std::nullopt;
  const int64_t now = steady_ms();
  const int64_t elapsed_ms = now - last_ms_;
  const uint64_t used = *ticks - last_ticks_;
  last_ticks_ = *ticks;
  last_ms_ = now;
  if (elapsed_ms <= 0)
    return 0.0;
  const double ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
  return 100.0 * (static_cast<double>(used) / ticks_per_second) /
         (static_cast<double>(elapsed_ms) / 1000.0);
}

std::optional<uint64_t> ProcessStats::resident_bytes() const {
  std::ifstream in("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  if (!(in >> size >> resident))
    return std::nullopt;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

int64_t ProcessStats::uptime_seconds() const {
  return (steady_ms() - start_steady_ms_) / 1000;
}

} // namespace flu::job
