// Replication of the planet's state to admins (docs: DESIGN.md, "admins see
// a snapshot, then ordered deltas"). The manager says what changed; changes
// made while one batch of frames is handled go out together, right after
// it, as one StateDelta with the next sequence number. A snapshot carries
// the sequence number its first delta follows.
#pragma once

#include "message/messages.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>

namespace flu::manager {

class Replication {
public:
  struct Hooks {
    // Runs `flush` after the frames at hand; false when nothing runs yet
    // (the changes wait for the next one).
    std::function<bool(std::function<void()> flush)> post;
    // A component's or worker's record as it is now; nullopt when gone.
    std::function<std::optional<message::ComponentStatus>(
        const std::string &component_id)>
        component;
    std::function<std::optional<message::WorkerStatus>(const std::string &name)> worker;
    // Sends one delta frame to every subscribed admin.
    std::function<void(const std::string &frame)> broadcast;
    // Hands the same delta to the jobs that watch some of its components.
    std::function<void(const message::StateDelta &delta)> watchers;
  };
  explicit Replication(Hooks hooks) : hooks_(std::move(hooks)) {}

  uint64_t seq() const { return seq_; } // of the last delta sent
  void changed(const std::string &component_id);
  void worker_changed(const std::string &name);
  void removed(const std::string &component_id);

private:
  void post_flush();
  void flush();

  Hooks hooks_;
  uint64_t seq_ = 0;
  std::set<std::string> dirty_components_, removed_components_, dirty_workers_;
  bool flush_posted_ = false;
};

} // namespace flu::manager
