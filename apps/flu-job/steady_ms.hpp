// Milliseconds on the steady clock: the one time base of a job's liveness
// figures (last buffer seen, sweeps, clock answers).
#pragma once

#include <chrono>
#include <cstdint>

namespace flu::job {

inline int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

} // namespace flu::job
