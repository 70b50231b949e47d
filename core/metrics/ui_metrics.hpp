// What a component's UI state means as metrics. The keys components publish
// (docs/metrics.md lists them) map to stable metric names with their units:
// "viewers" → flu_component_viewers, "bytes-sent" →
// flu_component_sent_bytes_total, "feeder:NAME:bitrate" →
// flu_feeder_bitrate_bits_per_second{feeder="NAME"}... Any other key whose
// value is one number is kept too, as flu_component_ui_figure{key="KEY"},
// so a module's new figure is visible before it gets a name of its own.
#pragma once

#include "metrics/exposition.hpp"

#include <optional>
#include <string>
#include <vector>

namespace flu::metrics {

// Adds the metrics of one UI state entry; `labels` name the component.
// Entries that are not figures (text, empty) add nothing.
void add_ui_entry(Exposition &out, const Labels &labels, const std::string &key,
                  const std::vector<std::string> &values);

// The whole text as one finite number ("12", "-3.5", "true"/"false" as 1/0).
std::optional<double> ui_number(const std::string &text);

} // namespace flu::metrics
