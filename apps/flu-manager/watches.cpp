// Other components' state for the jobs that read it (flu_host::
// component_state; docs/archive.md "Load balancing"). A job names the
// components it reads; the manager sends their records at once and then
// every change to them, as part of the same StateDelta admins get, to the
// job's worker, which hands each job what it watches. A component whose
// worker is lost turns lost here after the peer timeout, and that change
// reaches the watchers like any other: nothing is polled.
#include "log/log.hpp"
#include "message/codec.hpp"
#include "runtime.hpp"

#include <algorithm>
#include <map>

namespace flu::manager {
namespace {

// What a job needs of a record: notes can be long and no job reads them.
message::ComponentStatus for_jobs(message::ComponentStatus status) {
  status.notes.clear();
  return status;
}

// At most this many components per watcher: a job cannot make the manager
// send the whole planet on every change.
constexpr size_t kMaxWatched = 256;

} // namespace

void Manager::watch(const WorkerState &worker, const message::WatchComponents &m) {
  Watch &w = watches_[m.component_id];
  w.worker = worker.name;
  w.watched.clear();
  for (const auto &id : m.watched) {
    if (w.watched.size() >= kMaxWatched) {
      log::warning(who, m.component_id + " watches more than " +
                            std::to_string(kMaxWatched) +
                            " components; the rest ignored");
      break;
    }
    w.watched.insert(id);
  }
  message::StateDelta now; // seq 0: not the admins' sequence
  for (const auto &id : w.watched) {
    if (const auto it = components_.find(id); it != components_.end())
      now.components.push_back(for_jobs(status(id, it->second)));
    else
      now.removed_components.push_back(id);
  }
  if (!now.components.empty() || !now.removed_components.empty())
    send(worker.identity, message::pack(now));
}

void Manager::tell_watchers(const message::StateDelta &delta) {
  if (watches_.empty())
    return;
  std::map<std::string, message::StateDelta> to; // by worker name
  for (const auto &[watcher, w] : watches_) {
    for (const auto &status : delta.components)
      if (w.watched.count(status.component_id)) {
        auto &d = to[w.worker];
        if (d.components.empty() ||
            std::none_of(d.components.begin(), d.components.end(), [&](const auto &c) {
              return c.component_id == status.component_id;
            }))
          d.components.push_back(for_jobs(status));
      }
    for (const auto &id : delta.removed_components)
      if (w.watched.count(id)) {
        auto &list = to[w.worker].removed_components;
        if (std::find(list.begin(), list.end(), id) == list.end())
          list.push_back(id);
      }
  }
  for (const auto &[name, d] : to) {
    const auto it = workers_.find(name);
    if (it != workers_.end() && it->second.connected)
      send(it->second.identity, message::pack(d));
  }
}

void Manager::forget_watches(const std::string &worker) {
  std::erase_if(watches_,
                [&](const auto &entry) { return entry.second.worker == worker; });
}

} // namespace flu::manager
