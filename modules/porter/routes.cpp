// See routes.hpp.
#include "routes.hpp"

#include <algorithm>

namespace flu::porter {

void Routes::add(Route &route, StreamerId id) {
  if (std::find(route.ids.begin(), route.ids.end(), id) == route.ids.end())
    route.ids.push_back(id);
}

void Routes::add_path(const std::string &path, StreamerId id) { add(paths_[path], id); }

void Routes::add_prefix(const std::string &prefix, StreamerId id) {
  add(prefixes_[prefix], id);
}

bool Routes::remove(const std::string &path, StreamerId id) {
  bool removed = false;
  for (auto *table : {&paths_, &prefixes_}) {
    auto it = table->find(path);
    if (it == table->end())
      continue;
    auto &ids = it->second.ids;
    const auto before = ids.size();
    ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
    removed = removed || ids.size() != before;
    if (ids.empty())
      table->erase(it);
  }
  return removed;
}

void Routes::remove_all(StreamerId id) {
  for (auto *table : {&paths_, &prefixes_}) {
    for (auto it = table->begin(); it != table->end();) {
      auto &ids = it->second.ids;
      ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
      it = ids.empty() ? table->erase(it) : std::next(it);
    }
  }
}

std::vector<StreamerId> Routes::take_turn(Route &route) {
  std::vector<StreamerId> out;
  const size_t n = route.ids.size();
  for (size_t i = 0; i < n; ++i)
    out.push_back(route.ids[(route.next + i) % n]);
  route.next = (route.next + 1) % n;
  return out;
}

std::vector<StreamerId> Routes::candidates(const std::string &path) {
  if (auto it = paths_.find(path); it != paths_.end())
    return take_turn(it->second);
  Route *best = nullptr;
  size_t best_length = 0;
  for (auto &[prefix, route] : prefixes_)
    if (path.compare(0, prefix.size(), prefix) == 0 && prefix.size() >= best_length) {
      best = &route;
      best_length = prefix.size();
    }
  return best ? take_turn(*best) : std::vector<StreamerId>{};
}

std::string Routes::held_by(StreamerId id) const {
  std::string out;
  for (const auto *table : {&paths_, &prefixes_})
    for (const auto &[path, route] : *table)
      if (std::find(route.ids.begin(), route.ids.end(), id) != route.ids.end())
        out += (out.empty() ? "" : ", ") + path + (table == &prefixes_ ? "*" : "");
  return out;
}

std::string Routes::describe() const {
  std::string out;
  for (const auto *table : {&paths_, &prefixes_}) {
    for (const auto &[path, route] : *table) {
      out += path + (table == &prefixes_ ? "*" : "") + " ";
      for (size_t i = 0; i < route.ids.size(); ++i)
        out += (i ? "," : "") + std::to_string(route.ids[i]);
      out += "\n";
    }
  }
  return out;
}

} // namespace flu::porter
