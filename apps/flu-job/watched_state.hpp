// Other components' state as the manager last replicated it, for the
// component's flu_host::component_state (docs/archive.md "Load balancing").
// The first question about a component makes it watched: the job tells its
// worker the whole list (WatchComponents), and the manager's records of
// those components arrive as StateDeltas. A question never waits: what is
// not known yet is nullopt. A hot upgrade's new job starts with the records
// its predecessor watched (the worker sends them with its configuration), so
// it answers from its first question.
#pragma once

#include "message/messages.hpp"

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace flu::job {

class WatchedState {
public:
  // Sends the list of watched components on (called from any thread, with
  // no lock held; it must be thread-safe).
  using Send = std::function<void(std::vector<std::string> watched)>;
  explicit WatchedState(Send send) : send_(std::move(send)) {}

  // Any thread. key: a UI-state entry ("viewers", "cpu-percent"), or one of
  // the record's own fields: "mood", "worker", "type", "pid", "version".
  std::optional<std::string> get(const std::string &component_id, const std::string &key);
  // The manager's records, as the worker passes them on (main thread).
  void on_delta(const message::StateDelta &delta);

private:
  Send send_;
  std::mutex mutex_;
  std::set<std::string> watched_;
  std::map<std::string, message::ComponentStatus> records_;
};

} // namespace flu::job
