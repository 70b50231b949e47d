// The planet's replicated state (what admins see: message::StateSnapshot)
// as Prometheus metrics: every component's mood, its worker and its UI
// state figures, every worker's state and bundle cache. Labels: flow,
// component, type, worker. docs/metrics.md lists the names.
#pragma once

#include "message/messages.hpp"
#include "metrics/exposition.hpp"

namespace flu::metrics {

void add_planet(Exposition &out, const message::StateSnapshot &state);

// "/flow/name" → {"flow", "name"}; an id without two parts gives {"", id}.
std::pair<std::string, std::string> split_component_id(const std::string &id);

} // namespace flu::metrics
