// One flu-job process as its worker knows it: pid, configuration, control
// channel, last mood, and what it runs. Shared by worker.cpp and
// upgrade.cpp (a hot upgrade holds a second job of the same component).
#pragma once

#include "control/control_channel.hpp"
#include "message/messages.hpp"

#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace flu::worker {

struct JobProcess {
  pid_t pid = 0;
  message::JobConfig config;
  std::unique_ptr<control::ControlChannel> channel;
  Mood mood = Mood::waking;
  std::string version; // "<module id> <module version>", from the manifest
  // Where its eaters' feeds are, as the manager said: a job that takes its
  // place in a hot upgrade needs them too.
  std::vector<message::FeedAddress> feeds;
};

} // namespace flu::worker
