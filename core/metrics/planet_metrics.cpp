// The planet as metrics: see planet_metrics.hpp.
#include "metrics/planet_metrics.hpp"

#include "message/protocol.hpp"
#include "metrics/ui_metrics.hpp"

#include <map>

namespace flu::metrics {
namespace {

using enum MetricType;

constexpr Mood moods[] = {Mood::happy,    Mood::hungry, Mood::waking,
                          Mood::sleeping, Mood::lost,   Mood::sad};

void add_component(Exposition &out, const message::ComponentStatus &c) {
  const auto [flow, name] = split_component_id(c.component_id);
  const Labels labels{
      {"flow", flow}, {"component", name}, {"type", c.type}, {"worker", c.worker}};
  Family &mood = out.family(
      "flu_component_mood",
      "1 for the component's mood, 0 for the others (happy, hungry, waking, sleeping, "
      "lost, sad).",
      gauge);
  for (const Mood m : moods)
    mood.add(with(labels, "mood", to_string(m)), c.mood == m ? 1 : 0);
  out.family("flu_component_info",
             "Always 1; the bundle version the component's job runs as a label.", gauge)
      .add(with(labels, "version", c.version), 1);
  std::map<std::string, int> notes;
  for (const auto &level :
       {message::NoteLevel::error, message::NoteLevel::warning, message::NoteLevel::info})
    notes[std::string(message::to_string(level))] = 0;
  for (const auto &note : c.notes)
    ++notes[std::string(message::to_string(note.level))];
  Family &messages = out.family(
      "flu_component_messages",
      "Messages the component shows its operators now, by level (an error makes it "
      "sad).",
      gauge);
  for (const auto &[level, count] : notes)
    messages.add(with(labels, "level", level), count);
  for (const auto &[key, values] : c.ui)
    add_ui_entry(out, labels, key, values);
}

void add_worker(Exposition &out, const message::WorkerStatus &w, int components) {
  const Labels labels{{"worker", w.name}};
  out.family("flu_worker_connected", "1 while the worker is logged in to the manager.",
             gauge)
      .add(labels, w.connected ? 1 : 0);
  out.family("flu_worker_info", "Always 1; the worker's host as a label.", gauge)
      .add(with(labels, "host", w.host), 1);
  out.family("flu_worker_components", "Components the planet places on the worker.",
             gauge)
      .add(labels, components);
  out.family("flu_worker_bundles_fetched_total",
             "Bundles the worker fetched from the manager since it started.", counter)
      .add(labels, static_cast<double>(w.bundles_fetched));
  out.family("flu_worker_bundle_fetched_bytes_total",
             "Bytes of bundles the worker fetched from the manager since it started.",
             counter)
      .add(labels, static_cast<double>(w.bundle_bytes_fetched));
  out.family("flu_worker_bundle_cache_hits_total",
             "Bundles the worker found in its cache instead of fetching them.", counter)
      .add(labels, static_cast<double>(w.bundle_cache_hits));
}

} // namespace

std::pair<std::string, std::string> split_component_id(const std::string &id) {
  if (id.size() > 1 && id[0] == '/') {
    const auto slash = id.find('/', 1);
    if (slash != std::string::npos && slash + 1 < id.size())
      return {id.substr(1, slash - 1), id.substr(slash + 1)};
  }
  return {"", id};
}

void add_planet(Exposition &out, const message::StateSnapshot &state) {
  out.family("flu_planet_info", "Always 1; the planet's name as a label.", gauge)
      .add({{"planet", state.planet}}, 1);
  std::map<std::string, int> per_worker;
  for (const auto &c : state.components) {
    add_component(out, c);
    ++per_worker[c.worker];
  }
  for (const auto &w : state.workers)
    add_worker(out, w, per_worker[w.name]);
}

} // namespace flu::metrics
