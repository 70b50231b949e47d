// A pool of simulated viewers: each connects, sends one GET and reads the
// endless body until the run ends. One thread, one Asio io_context (epoll);
// all viewers share one read buffer, as they only count bytes.
#pragma once

#include "report.hpp"

#include <chrono>
#include <string>

namespace flu::stress {

struct Target {
  std::string address; // numeric, already checked to be loopback
  unsigned short port = 80;
  std::string host_header;
  std::string path;
};

struct RunOptions {
  unsigned viewers = 1;
  std::chrono::milliseconds duration{10000};
  std::chrono::milliseconds ramp{0}; // viewers start evenly over this time
};

Report run_viewers(const Target &target, const RunOptions &options);

} // namespace flu::stress
