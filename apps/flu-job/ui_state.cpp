// A component's UI state (see ui_state.hpp).
#include "ui_state.hpp"

#include <utility>

namespace flu::job {

void UiState::publish(const std::string &key, const std::string &value) {
  std::lock_guard lock(mutex_);
  from_module_[key] = value;
}

void UiState::set(const std::string &key, const std::string &value) {
  current_[key] = value;
}

void UiState::merge_module_updates() {
  std::map<std::string, std::string> updates;
  {
    std::lock_guard lock(mutex_);
    updates.swap(from_module_);
  }
  for (auto &[key, value] : updates)
    current_[key] = std::move(value);
}

message::Values UiState::take_changes() {
  merge_module_updates();
  message::Values changed;
  for (const auto &[key, value] : current_) {
    auto [it, inserted] = sent_.try_emplace(key, value);
    if (!inserted && it->second == value)
      continue;
    it->second = value;
    changed.push_back({key, {value}});
  }
  return changed;
}

std::string UiState::dump() {
  merge_module_updates();
  std::string out;
  for (const auto &[key, value] : current_)
    out += key + "=" + value + "\n";
  return out;
}

} // namespace flu::job
