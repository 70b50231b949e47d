// One flu-job process as its worker knows it: pid, configuration, control
// channel, last mood, and what it runs. Shared by worker.cpp and
// upgrade.cpp (a hot upgrade holds a second job of the same component).
#pragma once

#include "control/control_channel.hpp"
#include "message/messages.hpp"

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <sys/types.h>
#include <vector>

namespace flu::worker {

// The code a job runs, as the worker's bundle cache resolved it.
struct JobCode {
  std::filesystem::path library; // the module file the job loads
  std::string version;           // the bundle providing the type: "http-streamer 1.1.0"
  bool handover = false;         // the type's manifest says handover="true"
  // A multi-bouncer's consulted types' libraries, in JobConfig::consults order.
  std::vector<std::filesystem::path> consults;
  std::set<std::string> bundles; // their content addresses: not to be evicted
};

struct JobProcess {
  pid_t pid = 0;
  message::JobConfig config;
  std::unique_ptr<control::ControlChannel> channel;
  Mood mood = Mood::waking;
  std::string version; // the bundle it runs: "http-streamer 1.1.0"
  JobCode code;
  // Where its eaters' feeds are, as the manager said: a job that takes its
  // place in a hot upgrade needs them too.
  std::vector<message::FeedAddress> feeds;
};

} // namespace flu::worker
