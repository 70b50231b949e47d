#include "replication.hpp"

#include "message/codec.hpp"

namespace flu::manager {

void Replication::changed(const std::string &component_id) {
  dirty_components_.insert(component_id);
  removed_components_.erase(component_id);
  post_flush();
}

void Replication::worker_changed(const std::string &name) {
  dirty_workers_.insert(name);
  post_flush();
}

void Replication::removed(const std::string &component_id) {
  dirty_components_.erase(component_id);
  removed_components_.insert(component_id);
  post_flush();
}

void Replication::post_flush() {
  if (flush_posted_)
    return;
  flush_posted_ = hooks_.post([this] {
    flush_posted_ = false;
    flush();
  });
}

void Replication::flush() {
  message::StateDelta delta;
  for (const auto &id : dirty_components_)
    if (auto status = hooks_.component(id))
      delta.components.push_back(std::move(*status));
  delta.removed_components.assign(removed_components_.begin(), removed_components_.end());
  for (const auto &name : dirty_workers_)
    if (auto status = hooks_.worker(name))
      delta.workers.push_back(std::move(*status));
  dirty_components_.clear();
  removed_components_.clear();
  dirty_workers_.clear();
  if (delta.components.empty() && delta.removed_components.empty() &&
      delta.workers.empty())
    return;
  delta.seq = ++seq_;
  hooks_.broadcast(message::pack(delta));
  if (hooks_.watchers)
    hooks_.watchers(delta);
}

} // namespace flu::manager
