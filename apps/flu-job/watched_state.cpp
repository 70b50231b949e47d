// Other components' state (see watched_state.hpp).
#include "watched_state.hpp"

namespace flu::job {

namespace {

// At most this many components: the manager ignores more too.
constexpr size_t kMaxWatched = 256;

std::optional<std::string> field(const message::ComponentStatus &c,
                                 const std::string &key) {
  if (key == "mood")
    return to_string(c.mood);
  if (key == "worker")
    return c.worker;
  if (key == "type")
    return c.type;
  if (key == "pid")
    return std::to_string(c.pid);
  if (key == "version")
    return c.version;
  for (const auto &[name, values] : c.ui)
    if (name == key)
      return values.empty() ? std::string() : values.front();
  return std::nullopt;
}

} // namespace

std::optional<std::string> WatchedState::get(const std::string &component_id,
                                             const std::string &key) {
  std::vector<std::string> list;
  {
    std::lock_guard lock(mutex_);
    if (watched_.count(component_id)) {
      const auto it = records_.find(component_id);
      return it == records_.end() ? std::nullopt : field(it->second, key);
    }
    if (component_id.empty() || component_id.front() != '/' ||
        watched_.size() >= kMaxWatched)
      return std::nullopt;
    watched_.insert(component_id);
    list.assign(watched_.begin(), watched_.end());
  }
  if (send_)
    send_(std::move(list));
  return std::nullopt; // asked for the first time: its record comes later
}

void WatchedState::on_delta(const message::StateDelta &delta) {
  std::lock_guard lock(mutex_);
  // The worker sends only what this component watches, which includes what
  // it watched before a hot upgrade (the new job gets those records at its
  // start): a record that comes is watched from then on, unasked.
  for (const auto &c : delta.components)
    if (watched_.count(c.component_id) || watched_.size() < kMaxWatched) {
      watched_.insert(c.component_id);
      records_[c.component_id] = c;
    }
  for (const auto &id : delta.removed_components)
    records_.erase(id);
}

} // namespace flu::job
