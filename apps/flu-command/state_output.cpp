// Prints snapshots and deltas; see state_output.hpp for the formats.
#include "state_output.hpp"

#include "cli/json.hpp"
#include "i18n/translate.hpp"

#include <algorithm>
#include <ctime>
#include <iomanip>

namespace flu::command {
using cli::Json;
using cli::json_string;
namespace {

using message::ComponentStatus;
using message::Note;
using message::WorkerStatus;

std::string_view level_name(message::NoteLevel level) {
  return level == message::NoteLevel::invalid ? "note" : to_string(level);
}

// Mood pending, or "-" when none is.
std::string pending(const ComponentStatus &c) {
  return c.pending == Mood::unknown ? "-" : to_string(c.pending);
}

std::string note_line(const Note &note) {
  return std::string(level_name(note.level)) + " " + utc_time(note.timestamp_ms) + ": " +
         i18n::render(note);
}

std::string joined(const std::vector<std::string> &values, const char *separator) {
  std::string text;
  for (const auto &value : values)
    text += (text.empty() ? "" : separator) + value;
  return text;
}

void json_notes(Json &json, const std::vector<Note> &notes) {
  json.begin_array();
  for (const auto &note : notes) {
    json.begin_object();
    json.key("level").value(level_name(note.level));
    json.key("id").value(note.id);
    json.key("time").value(utc_time(note.timestamp_ms));
    json.key("timestamp_ms").number(note.timestamp_ms);
    json.key("text").value(i18n::render(note));
    if (!note.debug.empty())
      json.key("debug").value(note.debug);
    json.end_object();
  }
  json.end_array();
}

void json_values(Json &json, const message::Values &values) {
  json.begin_object();
  for (const auto &[key, list] : values)
    json.key(key).strings(list);
  json.end_object();
}

// The fields of one component, inside an object already begun.
void json_component_fields(Json &json, const ComponentStatus &c) {
  json.key("id").value(c.component_id);
  json.key("type").value(c.type);
  json.key("worker").value(c.worker);
  json.key("mood").value(to_string(c.mood));
  json.key("pending");
  if (c.pending == Mood::unknown)
    json.null();
  else
    json.value(to_string(c.pending));
  json.key("pid").number(c.pid);
  json.key("version");
  if (c.version.empty())
    json.null();
  else
    json.value(c.version);
  json.key("version_range");
  if (c.version_range.empty())
    json.null();
  else
    json.value(c.version_range);
  json.key("messages");
  json_notes(json, c.notes);
  json.key("ui");
  json_values(json, c.ui);
}

void json_components(Json &json, const message::StateSnapshot &s,
                     const std::string &only) {
  json.begin_object();
  json.key("planet").value(s.planet);
  json.key("seq").number(static_cast<int64_t>(s.seq));
  json.key("components").begin_array();
  for (const auto &c : s.components)
    if (only.empty() || c.component_id == only) {
      json.begin_object();
      json_component_fields(json, c);
      json.end_object();
    }
  json.end_array();
  json.end_object();
}

void json_worker_fields(Json &json, const WorkerStatus &w) {
  json.key("name").value(w.name);
  json.key("host").value(w.host);
  json.key("feed_port").number(w.feed_port);
  json.key("connected").boolean(w.connected);
  json.key("pid").number(w.pid);
  json.key("types").strings(w.types);
  json.key("bundles_fetched").number(static_cast<int64_t>(w.bundles_fetched));
  json.key("bundle_bytes_fetched").number(static_cast<int64_t>(w.bundle_bytes_fetched));
  json.key("bundle_cache_hits").number(static_cast<int64_t>(w.bundle_cache_hits));
}

std::size_t id_width(const message::StateSnapshot &s) {
  std::size_t width = 26;
  for (const auto &c : s.components)
    width = std::max(width, c.component_id.size());
  return width + 2;
}

void status_block(std::ostream &out, const ComponentStatus &c) {
  out << c.component_id << "\n";
  auto field = [&](const char *name, const std::string &value) {
    out << "  " << std::left << std::setw(10) << name << value << "\n";
  };
  field("type", c.type);
  field("worker", c.worker.empty() ? "-" : c.worker);
  field("mood", to_string(c.mood));
  field("pending", pending(c));
  field("pid", c.pid ? std::to_string(c.pid) : "-");
  field("version", c.version.empty() ? "-" : c.version);
  field("range", c.version_range.empty() ? "*" : c.version_range);
  if (!c.ui.empty()) {
    out << "  ui\n";
    std::size_t width = 0;
    for (const auto &[key, values] : c.ui)
      width = std::max(width, key.size());
    for (const auto &[key, values] : c.ui)
      out << "    " << std::left << std::setw(static_cast<int>(width + 2)) << key
          << joined(values, ", ") << "\n";
  }
  if (!c.notes.empty()) {
    out << "  messages\n";
    for (const auto &note : c.notes)
      out << "    " << note_line(note) << "\n";
  }
}

} // namespace

std::string utc_time(int64_t ms) {
  if (ms == 0)
    return "-";
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  if (!gmtime_r(&seconds, &tm))
    return std::to_string(ms);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

void print_components(std::ostream &out, const message::StateSnapshot &s, bool json) {
  if (json) {
    Json writer(out);
    json_components(writer, s, "");
    out << "\n";
    return;
  }
  const int id = static_cast<int>(id_width(s));
  out << std::left << std::setw(id) << "COMPONENT" << std::setw(10) << "MOOD"
      << std::setw(14) << "WORKER" << std::setw(8) << "PID" << std::setw(24) << "TYPE"
      << std::setw(10) << "PENDING"
      << "VERSION\n";
  for (const auto &c : s.components) {
    out << std::setw(id) << c.component_id << std::setw(10) << to_string(c.mood)
        << std::setw(14) << (c.worker.empty() ? "-" : c.worker) << std::setw(8)
        << (c.pid ? std::to_string(c.pid) : "-") << std::setw(24) << c.type
        << std::setw(10) << pending(c) << (c.version.empty() ? "-" : c.version) << "\n";
    for (const auto &note : c.notes)
      out << "    " << note_line(note) << "\n";
  }
}

bool print_status(std::ostream &out, const message::StateSnapshot &s,
                  const std::string &component_id, bool json) {
  if (!component_id.empty() && std::none_of(s.components.begin(), s.components.end(),
                                            [&](const ComponentStatus &c) {
                                              return c.component_id == component_id;
                                            }))
    return false;
  if (json) {
    Json writer(out);
    json_components(writer, s, component_id);
    out << "\n";
    return true;
  }
  bool first = true;
  for (const auto &c : s.components)
    if (component_id.empty() || c.component_id == component_id) {
      if (!first)
        out << "\n";
      first = false;
      status_block(out, c);
    }
  return true;
}

void print_workers(std::ostream &out, const message::StateSnapshot &s, bool json) {
  if (json) {
    Json writer(out);
    writer.begin_object();
    writer.key("planet").value(s.planet);
    writer.key("seq").number(static_cast<int64_t>(s.seq));
    writer.key("workers").begin_array();
    for (const auto &w : s.workers) {
      writer.begin_object();
      json_worker_fields(writer, w);
      writer.end_object();
    }
    writer.end_array();
    writer.end_object();
    out << "\n";
    return;
  }
  out << std::left << std::setw(16) << "WORKER" << std::setw(24) << "FEEDS AT"
      << std::setw(11) << "STATE" << std::setw(8) << "PID"
      << "BUNDLES FETCHED (BYTES), CACHE HITS\n";
  for (const auto &w : s.workers)
    out << std::setw(16) << w.name << std::setw(24)
        << (w.host.empty() ? "-" : w.host) + ":" + std::to_string(w.feed_port)
        << std::setw(11) << (w.connected ? "connected" : "gone") << std::setw(8)
        << (w.pid ? std::to_string(w.pid) : "-") << w.bundles_fetched << " ("
        << w.bundle_bytes_fetched << "), " << w.bundle_cache_hits << "\n";
}

bool print_delta(std::ostream &out, const message::StateDelta &delta, bool json,
                 int64_t received_ms, const std::string &only) {
  const auto seq = static_cast<int64_t>(delta.seq);
  bool printed = false;
  auto wanted = [&](const std::string &id) {
    const bool yes = only.empty() || id == only;
    printed = printed || yes;
    return yes;
  };
  auto json_line = [&](auto &&fields) {
    Json writer(out);
    writer.begin_object();
    writer.key("seq").number(seq);
    writer.key("received_ms").number(received_ms);
    fields(writer);
    writer.end_object();
    out << "\n";
  };
  for (const auto &c : delta.components) {
    if (!wanted(c.component_id))
      continue;
    if (json) {
      json_line([&](Json &w) { json_component_fields(w, c); });
      continue;
    }
    out << seq << " " << c.component_id << " " << to_string(c.mood);
    if (c.pending != Mood::unknown && c.pending != c.mood)
      out << ">" << to_string(c.pending);
    out << " pid=" << c.pid;
    if (!c.notes.empty())
      out << " messages=" << c.notes.size();
    for (const auto &[key, values] : c.ui)
      out << " " << key << "=" << joined(values, ",");
    out << "\n";
  }
  for (const auto &id : delta.removed_components) {
    if (!wanted(id))
      continue;
    if (json)
      json_line([&](Json &w) {
        w.key("id").value(id);
        w.key("removed").boolean(true);
      });
    else
      out << seq << " " << id << " removed\n";
  }
  for (const auto &worker : delta.workers) {
    if (!only.empty())
      break;
    printed = true;
    if (json)
      json_line([&](Json &w) {
        w.key("worker").begin_object();
        json_worker_fields(w, worker);
        w.end_object();
      });
    else
      out << seq << " worker " << worker.name << " "
          << (worker.connected ? "connected" : "gone") << " "
          << (worker.host.empty() ? "-" : worker.host) << ":" << worker.feed_port << "\n";
  }
  return printed;
}

} // namespace flu::command
