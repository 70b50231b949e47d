// The planet's state as admins see it: a snapshot on subscription, then
// every change as an ordered delta. Changes made while one batch of frames
// is handled go out together, right after it.
#include "log/log.hpp"
#include "message/codec.hpp"
#include "runtime.hpp"

#include <boost/asio/post.hpp>

namespace flu::manager {

message::ComponentStatus Manager::status(const std::string &id,
                                         const ComponentState &c) const {
  return {id,      c.config->type, c.config->worker, c.mood,           c.pending, c.pid,
          c.notes, c.ui,           c.version,        c.config->version};
}

message::WorkerStatus Manager::worker_status(const WorkerState &w) {
  message::WorkerStatus s{w.name, w.host, w.feed_port, w.connected, w.pid, w.types};
  s.bundles_fetched = w.cache.bundles_fetched;
  s.bundle_bytes_fetched = w.cache.bytes_fetched;
  s.bundle_cache_hits = w.cache.cache_hits;
  return s;
}

message::StateSnapshot Manager::snapshot() const {
  message::StateSnapshot s;
  s.seq = seq_;
  s.planet = planet_.name;
  for (const auto &[id, c] : components_)
    s.components.push_back(status(id, c));
  for (const auto &[name, w] : workers_)
    s.workers.push_back(worker_status(w));
  return s;
}

void Manager::changed(const std::string &avatar_id) {
  dirty_components_.insert(avatar_id);
  removed_components_.erase(avatar_id);
  flush_changes();
}

void Manager::worker_changed(const std::string &name) {
  dirty_workers_.insert(name);
  flush_changes();
}

void Manager::removed(const std::string &avatar_id) {
  dirty_components_.erase(avatar_id);
  removed_components_.insert(avatar_id);
  flush_changes();
}

void Manager::flush_changes() {
  if (flush_posted_ || !runtime_)
    return;
  flush_posted_ = true;
  boost::asio::post(runtime_->io, [this] {
    flush_posted_ = false;
    message::StateDelta delta;
    for (const auto &id : dirty_components_)
      if (const auto it = components_.find(id); it != components_.end())
        delta.components.push_back(status(id, it->second));
    delta.removed_components.assign(removed_components_.begin(),
                                    removed_components_.end());
    for (const auto &name : dirty_workers_)
      if (const auto it = workers_.find(name); it != workers_.end()) {
        delta.workers.push_back(worker_status(it->second));
      }
    dirty_components_.clear();
    removed_components_.clear();
    dirty_workers_.clear();
    if (delta.components.empty() && delta.removed_components.empty() &&
        delta.workers.empty())
      return;
    delta.seq = ++seq_;
    const std::string frame = message::pack(delta);
    for (const auto &[identity, s] : sessions_)
      if (s.subscribed)
        send(identity, frame);
  });
}

void Manager::ui_state(const message::UiState &update) {
  ComponentState *c = component(update.avatar_id);
  if (!c)
    return;
  for (const auto &[key, values] : update.entries) {
    const auto it = std::find_if(c->ui.begin(), c->ui.end(),
                                 [&](const auto &entry) { return entry.first == key; });
    if (values.empty()) {
      if (it != c->ui.end())
        c->ui.erase(it);
    } else if (it != c->ui.end()) {
      it->second = values;
    } else {
      c->ui.emplace_back(key, values);
    }
  }
  changed(update.avatar_id);
}

} // namespace flu::manager
