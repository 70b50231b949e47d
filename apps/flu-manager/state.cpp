// The planet's state as admins see it: the records of components and
// workers, a snapshot on subscription, and what Replication needs to send
// every change as an ordered delta (replication.hpp).
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
  s.seq = replication_.seq();
  s.planet = planet_.name;
  for (const auto &[id, c] : components_)
    s.components.push_back(status(id, c));
  for (const auto &[name, w] : workers_)
    s.workers.push_back(worker_status(w));
  return s;
}

Replication::Hooks Manager::replication_hooks() {
  return {
      .post =
          [this](std::function<void()> flush) {
            if (!runtime_)
              return false;
            boost::asio::post(runtime_->io, std::move(flush));
            return true;
          },
      .component =
          [this](const std::string &id) -> std::optional<message::ComponentStatus> {
        const auto it = components_.find(id);
        if (it == components_.end())
          return std::nullopt;
        return status(id, it->second);
      },
      .worker = [this](const std::string &name) -> std::optional<message::WorkerStatus> {
        const auto it = workers_.find(name);
        if (it == workers_.end())
          return std::nullopt;
        return worker_status(it->second);
      },
      .broadcast =
          [this](const std::string &frame) {
            for (const std::string &identity : sessions_.subscribers())
              send(identity, frame);
          },
      .watchers = [this](const message::StateDelta &delta) { tell_watchers(delta); },
  };
}

void Manager::ui_state(const message::UiState &update) {
  ComponentState *c = component(update.component_id);
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
  flow_clock_ui(*c);
  changed(update.component_id);
}

} // namespace flu::manager
