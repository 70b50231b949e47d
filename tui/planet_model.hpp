// What flu-admin knows of the planet: the manager's replicated state
// (a StateSnapshot, then StateDeltas in sequence), and how the connection
// to the manager is doing. Pure data, so it is tested without a terminal.
#pragma once

#include "message/messages.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace flu::admin {

enum class Link { connecting, live, lost };

struct PlanetModel {
  std::string planet;
  uint64_t seq = 0;
  bool have_snapshot = false;
  std::map<std::string, message::ComponentStatus> components; // by id, so flows group
  std::map<std::string, message::WorkerStatus> workers;
  Link link = Link::connecting;
  std::string link_why; // why lost, or refused
  std::chrono::steady_clock::time_point last_heard{};

  void apply(const message::StateSnapshot &snapshot);
  // False when the delta does not follow the last one (a gap: subscribe
  // again for a fresh snapshot).
  bool apply(const message::StateDelta &delta);

  // Component ids in display order: flows by name, then the atmosphere.
  std::vector<std::string> ordered_ids() const;
};

// "/default/http" → "default"; "" for anything else.
std::string flow_of(const std::string &component_id);

// A UI-state value as text, "" when absent.
std::string ui_value(const message::ComponentStatus &c, const std::string &key);

// Every component's notes, newest first, at `max_level` or more severe
// (error=1 < warning=2 < info=3 ...).
struct NoteRow {
  std::string component_id;
  message::Note note;
};
std::vector<NoteRow> notes_newest_first(const PlanetModel &model, int max_level);

} // namespace flu::admin
