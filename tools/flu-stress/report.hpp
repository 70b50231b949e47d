// What flu-stress measured, and how it prints it.
#pragma once

#include <cstdint>
#include <ostream>
#include <vector>

namespace flu::stress {

struct ViewerResult {
  bool connected = false; // TCP connection made
  int status = 0;         // HTTP status, 0 if none arrived
  bool dropped = false;   // closed by the server (or failed) before the end
  uint64_t body_bytes = 0;
  double ttfb_ms = -1; // request start to first response byte
  double seconds = 0;  // from request start to the end or the drop
};

struct Report {
  unsigned viewers = 0;
  double seconds = 0;
  std::vector<ViewerResult> results;
};

// Human-readable lines, then one `RESULT key=value ...` line for scripts.
void print(const Report &report, std::ostream &out);

} // namespace flu::stress
