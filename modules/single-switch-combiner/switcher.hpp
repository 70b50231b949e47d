// The running switch: which logical feed (master or backup) goes out, and
// why. Flumotion's two words: the ideal feed is the one asked for (by an
// operator, or by the schedule); the active feed is the one streaming. A
// plain switch makes the ideal feed active at once; a watchdog falls back to
// the other feed while the ideal one starves, and returns once it has been
// healthy again for a while.
#pragma once

#include "switch_pipeline.hpp"
#include "timeline.hpp"

#include <flu/sdk.hpp>
#include <flu/sdk/schedule.hpp>

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace flu::modules {

struct SwitchPolicy {
  bool watchdog = false;
  int64_t timeout_ns = 0;  // a feed without data this long starves
  int64_t recovery_ns = 0; // and must be healthy this long to be taken back
};

class Switcher {
public:
  Switcher(const sdk::Host &host, GstElement *pipeline, SwitchMedia media,
           SwitchPolicy policy);
  ~Switcher();
  Switcher(const Switcher &) = delete;
  Switcher &operator=(const Switcher &) = delete;

  // switch-to FEED, switch-to-master, switch-to-backup (Flumotion's
  // switchTo, switchToMaster, switchToBackup).
  std::string invoke(const std::string &method, const std::vector<std::string> &args);

  // The watchdog properties, read and checked (seconds, as floats).
  static SwitchPolicy watchdog_policy(const sdk::Host &host);

private:
  struct Branch {
    std::string eater;
    GstElement *selector = nullptr;
    GstPad *pad = nullptr; // the selector's sink pad this branch enters
    BranchTimeline timeline;
  };

  void watch();
  void follow_schedule(); // with mutex_
  void reload_schedule(); // with mutex_
  void tick(int64_t now); // with mutex_
  int64_t starving_ns(const std::string &feed, int64_t now) const;
  void ask(const std::string &feed, const std::string &why); // with mutex_
  void activate(const std::string &feed, flu_message_level level,
                const std::string &reason); // with mutex_

  const sdk::Host &host_;
  SwitchPolicy policy_;
  std::map<std::string, std::vector<std::unique_ptr<Branch>>> feeds_;
  std::vector<std::unique_ptr<OutputTimeline>> outputs_;
  int64_t started_ns_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::string ideal_ = "master";
  std::string active_;
  // Flumotion's ical-schedule: the backup during each event, the master
  // otherwise; an operator's switch holds until the schedule next changes.
  // The file is read again when it changes, so that an operator edits the
  // calendar without restarting the switch.
  std::optional<sdk::Schedule> schedule_;
  std::string schedule_path_;
  std::filesystem::file_time_type schedule_time_{};
  int64_t schedule_checked_ns_ = 0;
  std::optional<sdk::Schedule::Span> event_;
  std::map<std::string, int64_t> healthy_since_; // 0: not healthy now
  uint64_t switches_ = 0;
  std::thread watcher_;
};

} // namespace flu::modules
