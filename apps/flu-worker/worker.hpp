// The worker: one per machine. It logs into the manager, runs each
// component it is given as its own flu-job process, relays the jobs' moods
// and messages, and serves their feeds on one port.
#pragma once

#include "bundle_fetcher.hpp"
#include "session/peer_session.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace flu::worker {

struct WorkerOptions {
  std::string name;
  session::SessionOptions session; // the manager, its key, our credentials
  uint16_t feed_port = 8600;
  std::string
      feed_host; // what eaters elsewhere should connect to; empty: as the manager sees us
  FetcherOptions bundles; // the cache, its trusted keys and size limit
  std::filesystem::path job_executable;
  std::size_t max_frame_bytes = 1 << 20;
  int shutdown_grace_ms = 5000; // then SIGKILL (Flumotion's JOB_SHUTDOWN_TIMEOUT)
};

class Worker {
public:
  explicit Worker(WorkerOptions options);
  ~Worker();
  int run(); // until SIGINT/SIGTERM

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace flu::worker
