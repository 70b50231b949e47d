// UI state keys as metrics: see ui_metrics.hpp.
#include "metrics/ui_metrics.hpp"

#include <charconv>
#include <cmath>
#include <map>

namespace flu::metrics {
namespace {

struct Known {
  const char *name;
  const char *help;
  MetricType type;
  double divisor = 1; // published value / divisor = metric value (exact for 100, 8)
};

// Keys with one meaning wherever they are published. Counters are what
// only grows while the job lives (a restarted job starts again at 0, which
// Prometheus reads as a counter reset).
const std::map<std::string, Known> &known() {
  using enum MetricType;
  static const std::map<std::string, Known> table = {
      // Every job (apps/flu-job/figures.cpp).
      {"cpu-percent",
       {"flu_component_cpu_ratio",
        "CPU time the component's job used over the last period, in cores (1 = one "
        "core busy).",
        gauge, 100}},
      {"memory-bytes",
       {"flu_component_resident_memory_bytes", "Resident memory of the component's job.",
        gauge}},
      {"uptime-seconds",
       {"flu_component_uptime_seconds", "Seconds since the component's job started.",
        gauge}},
      {"start-time",
       {"flu_component_start_time_seconds",
        "When the component's job started, in seconds since the epoch.", gauge}},
      // Streamers (http-streamer).
      {"viewers", {"flu_component_viewers", "Viewers connected now.", gauge}},
      {"viewers-peak",
       {"flu_component_viewers_peak", "Most viewers connected at once since the start.",
        gauge}},
      {"viewers-dropped",
       {"flu_component_viewers_dropped_total",
        "Viewers dropped for being too slow or inactive.", counter}},
      {"viewers-refused",
       {"flu_component_viewers_refused_total", "Viewers the bouncer refused.", counter}},
      {"viewers-lost-in-handover",
       {"flu_component_viewers_lost_in_handover_total",
        "Viewers a hot upgrade could not carry over.", counter}},
      {"bytes-sent",
       {"flu_component_sent_bytes_total", "Bytes sent to viewers, HTTP heads included.",
        counter}},
      {"bitrate",
       {"flu_component_rate_bytes_per_second",
        "The bitrate the component publishes, in bytes per second: a streamer's to all "
        "its viewers, an encoder's target.",
        gauge, 8}},
      {"stream-bitrate",
       {"flu_component_stream_rate_bytes_per_second",
        "Bitrate of the stream a streamer receives, in bytes per second.", gauge, 8}},
      // Bouncers.
      {"keycards",
       {"flu_component_keycards", "Keycards the bouncer holds (viewers let in).", gauge}},
      // The on-demand server (http-server).
      {"connections", {"flu_component_connections", "Connections open now.", gauge}},
      {"connections-peak",
       {"flu_component_connections_peak", "Most connections open at once.", gauge}},
      {"requests", {"flu_component_requests_total", "Requests answered.", counter}},
      {"not-found",
       {"flu_component_requests_not_found_total", "Requests answered 404.", counter}},
      {"refused",
       {"flu_component_requests_refused_total", "Requests the bouncer refused.",
        counter}},
      {"cache-hits",
       {"flu_component_cache_hits_total", "Requests served from the cache.", counter}},
      {"cache-misses",
       {"flu_component_cache_misses_total", "Requests the cache could not serve.",
        counter}},
      {"cache-bytes", {"flu_component_cache_bytes", "Bytes held in the cache.", gauge}},
      {"cache-evicted",
       {"flu_component_cache_evicted_total", "Copies removed from the cache.", counter}},
      // The porter.
      {"connections-handed-over",
       {"flu_component_connections_handed_over_total",
        "Connections the porter passed to a streamer.", counter}},
      {"connections-not-found",
       {"flu_component_connections_not_found_total",
        "Connections for a path no streamer holds.", counter}},
      {"connections-bad",
       {"flu_component_connections_bad_total",
        "Connections whose request could not be read.", counter}},
      {"connections-refused",
       {"flu_component_connections_refused_total",
        "Connections closed by the porter's limits.", counter}},
      {"connections-unavailable",
       {"flu_component_connections_unavailable_total",
        "Connections no streamer could take (503).", counter}},
      {"connections-pending",
       {"flu_component_connections_pending", "Connections whose request is not read yet.",
        gauge}},
      {"streamers",
       {"flu_component_streamers", "Streamers logged in to the porter.", gauge}},
      {"paths", {"flu_component_paths", "Paths registered with the porter.", gauge}},
      // Combiners and producers.
      {"switches",
       {"flu_component_switches_total", "Switches between a combiner's inputs.",
        counter}},
      {"reconnects",
       {"flu_component_reconnects_total",
        "Times a producer connected to its source "
        "again.",
        counter}},
      {"num-iterations",
       {"flu_component_loop_iterations_total", "Times a looping producer started over.",
        counter}},
  };
  return table;
}

// "feeder:NAME:WHAT", "eater:NAME:INDEX:WHAT", "level:NAME:WHAT".
bool add_patterned(Exposition &out, const Labels &labels, const std::string &key,
                   const std::string &value) {
  using enum MetricType;
  const auto first = key.find(':');
  const auto last = key.rfind(':');
  if (first == std::string::npos || first == last)
    return false;
  const std::string kind = key.substr(0, first);
  const std::string what = key.substr(last + 1);
  const std::string middle = key.substr(first + 1, last - first - 1);
  if (kind == "feeder") {
    const auto n = ui_number(value);
    if (!n)
      return false;
    if (what == "bitrate")
      out.family("flu_feeder_rate_bytes_per_second",
                 "Bitrate of what a feeder sends to each eater, in bytes per second.",
                 gauge)
          .add(with(labels, "feeder", middle), *n / 8);
    else if (what == "clients")
      out.family("flu_feeder_eaters", "Eaters connected to a feeder.", gauge)
          .add(with(labels, "feeder", middle), *n);
    else
      return false;
    return true;
  }
  if (kind == "eater") {
    const auto colon = middle.rfind(':');
    const auto n = ui_number(value);
    if (colon == std::string::npos || !n)
      return false;
    Labels l = with(with(labels, "eater", middle.substr(0, colon)), "index",
                    middle.substr(colon + 1));
    if (what == "connected")
      out.family("flu_eater_connected", "1 while an eater is connected to its feed.",
                 gauge)
          .add(l, *n);
    else if (what == "last-data-seconds")
      out.family("flu_eater_last_data_age_seconds",
                 "Seconds since an eater last received data.", gauge)
          .add(l, *n);
    else
      return false;
    return true;
  }
  if (kind == "level" && (what == "peak" || what == "rms")) {
    // One dBFS figure per channel, comma-separated.
    Family &family = what == "peak"
                         ? out.family("flu_audio_peak_dbfs",
                                      "Audio peak level per channel, in dBFS.", gauge)
                         : out.family("flu_audio_rms_dbfs",
                                      "Audio RMS level per channel, in dBFS.", gauge);
    size_t channel = 0, start = 0;
    while (start <= value.size()) {
      const auto comma = std::min(value.find(',', start), value.size());
      if (const auto n = ui_number(value.substr(start, comma - start)))
        family.add(
            with(with(labels, "level", middle), "channel", std::to_string(channel)), *n);
      ++channel;
      start = comma + 1;
    }
    return true;
  }
  return false;
}

} // namespace

std::optional<double> ui_number(const std::string &text) {
  if (text == "true")
    return 1;
  if (text == "false")
    return 0;
  double value = 0;
  const char *end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, value);
  if (text.empty() || r.ec != std::errc() || r.ptr != end || !std::isfinite(value))
    return std::nullopt;
  return value;
}

void add_ui_entry(Exposition &out, const Labels &labels, const std::string &key,
                  const std::vector<std::string> &values) {
  if (values.size() != 1)
    return;
  const std::string &value = values.front();
  if (const auto it = known().find(key); it != known().end()) {
    if (const auto n = ui_number(value))
      out.family(it->second.name, it->second.help, it->second.type)
          .add(labels, *n / it->second.divisor);
    return;
  }
  if (add_patterned(out, labels, key, value))
    return;
  if (const auto n = ui_number(value))
    out.family("flu_component_ui_figure",
               "A number in a component's UI state that has no metric of its own yet.",
               MetricType::gauge)
        .add(with(labels, "key", key), *n);
}

} // namespace flu::metrics
