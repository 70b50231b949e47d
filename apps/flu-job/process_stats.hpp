// What the job measures about its own process for the UI state: CPU use
// since the previous sample (utime + stime from /proc/self/stat), resident
// memory (/proc/self/statm), and when it started.
#pragma once

#include <cstdint>
#include <optional>

namespace flu::job {

class ProcessStats {
public:
  ProcessStats();

  // Percent of one CPU over the time since the previous call (or since
  // construction); may exceed 100 with several busy threads. nullopt when
  // /proc cannot be read.
  std::optional<double> cpu_percent();
  std::optional<uint64_t> resident_bytes() const;
  int64_t start_time_unix() const { return start_unix_; }
  int64_t uptime_seconds() const;

private:
  std::optional<uint64_t> cpu_ticks() const;

  int64_t start_unix_;
  int64_t start_steady_ms_;
  uint64_t last_ticks_ = 0;
  int64_t last_ms_ = 0;
};

} // namespace flu::job
