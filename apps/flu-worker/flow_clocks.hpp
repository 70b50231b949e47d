// The flow clocks the manager gave this worker's components (FlowClock,
// docs/clock.md): the latest for each component, kept so that a job gets
// it before its configuration (the job must know, before its pipeline
// plays, whether to publish the flow's clock or wait for it).
#pragma once

#include "message/messages.hpp"

#include <map>
#include <optional>
#include <string>

namespace flu::worker {

class FlowClocks {
public:
  void remember(const message::FlowClock &clock) { clocks_[clock.component_id] = clock; }
  void forget(const std::string &component_id) { clocks_.erase(component_id); }
  std::optional<message::FlowClock> of(const std::string &component_id) const {
    const auto it = clocks_.find(component_id);
    if (it == clocks_.end())
      return std::nullopt;
    return it->second;
  }

private:
  std::map<std::string, message::FlowClock> clocks_;
};

} // namespace flu::worker
