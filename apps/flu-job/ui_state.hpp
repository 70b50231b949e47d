// A component's UI state as its job keeps it (Flumotion's uiState): named
// text values, some measured by the job (cpu-percent, memory-bytes,
// feeder:NAME:bitrate...), some published by the module ("viewers",
// "bitrate"). The job sends only what changed since it last sent, at most
// every half second, so a module that publishes on every buffer costs one
// message per flush, not one per call.
#pragma once

#include "message/messages.hpp"

#include <map>
#include <mutex>
#include <string>

namespace flu::job {

class UiState {
public:
  // From the module, any thread: kept until the next take_changes().
  void publish(const std::string &key, const std::string &value);
  // From the job, its main thread.
  void set(const std::string &key, const std::string &value);

  // The entries that changed since the last call (module updates merged in),
  // each with one value. Main thread.
  message::Values take_changes();
  // Every entry, as "key=value" lines in key order. Main thread.
  std::string dump();

private:
  void merge_module_updates();

  std::mutex mutex_;
  std::map<std::string, std::string> from_module_; // guarded by mutex_

  std::map<std::string, std::string> current_;
  std::map<std::string, std::string> sent_;
};

} // namespace flu::job
