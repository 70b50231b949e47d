#include "planet_model.hpp"

#include <algorithm>

namespace flu::admin {

void PlanetModel::apply(const message::StateSnapshot &snapshot) {
  planet = snapshot.planet;
  seq = snapshot.seq;
  have_snapshot = true;
  components.clear();
  workers.clear();
  for (const auto &c : snapshot.components)
    components[c.component_id] = c;
  for (const auto &w : snapshot.workers)
    workers[w.name] = w;
}

bool PlanetModel::apply(const message::StateDelta &delta) {
  if (!have_snapshot || delta.seq != seq + 1)
    return false;
  seq = delta.seq;
  for (const auto &c : delta.components)
    components[c.component_id] = c;
  for (const auto &id : delta.removed_components)
    components.erase(id);
  for (const auto &w : delta.workers)
    workers[w.name] = w;
  return true;
}

std::string flow_of(const std::string &component_id) {
  if (component_id.size() < 2 || component_id[0] != '/')
    return "";
  const auto slash = component_id.find('/', 1);
  return slash == std::string::npos ? "" : component_id.substr(1, slash - 1);
}

std::vector<std::string> PlanetModel::ordered_ids() const {
  std::vector<std::string> ids;
  for (const auto &[id, c] : components)
    if (flow_of(id) != "atmosphere")
      ids.push_back(id);
  for (const auto &[id, c] : components)
    if (flow_of(id) == "atmosphere")
      ids.push_back(id);
  return ids;
}

std::string ui_value(const message::ComponentStatus &c, const std::string &key) {
  for (const auto &[k, v] : c.ui)
    if (k == key && !v.empty())
      return v.front();
  return "";
}

std::vector<NoteRow> notes_newest_first(const PlanetModel &model, int max_level) {
  std::vector<NoteRow> rows;
  for (const auto &[id, c] : model.components)
    for (const auto &n : c.notes)
      if (static_cast<int>(n.level) <= max_level)
        rows.push_back({id, n});
  std::stable_sort(rows.begin(), rows.end(), [](const NoteRow &a, const NoteRow &b) {
    return a.note.timestamp_ms > b.note.timestamp_ms;
  });
  return rows;
}

} // namespace flu::admin
