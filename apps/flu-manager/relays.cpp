#include "relays.hpp"

#include <iterator>

namespace flu::manager {

uint64_t Relays::add(Invoke invoke) {
  const uint64_t request = next_++;
  invokes_[request] = std::move(invoke);
  return request;
}

uint64_t Relays::add(Auth auth) {
  const uint64_t request = next_++;
  auths_[request] = std::move(auth);
  return request;
}

std::optional<Relays::Invoke> Relays::take_invoke(uint64_t request,
                                                  const std::string &component_id) {
  const auto it = invokes_.find(request);
  if (it == invokes_.end() || it->second.target != component_id)
    return std::nullopt;
  Invoke invoke = std::move(it->second);
  invokes_.erase(it);
  return invoke;
}

const Relays::Auth *Relays::auth(uint64_t request) const {
  const auto it = auths_.find(request);
  return it == auths_.end() ? nullptr : &it->second;
}

void Relays::issued(const std::string &keycard_id, Keycard keycard) {
  keycards_[keycard_id] = std::move(keycard);
}

std::optional<Relays::Keycard> Relays::keycard(const std::string &keycard_id) const {
  const auto it = keycards_.find(keycard_id);
  if (it == keycards_.end())
    return std::nullopt;
  return it->second;
}

std::vector<Relays::Invoke> Relays::expire(int64_t now) {
  std::vector<Invoke> late;
  for (auto it = invokes_.begin(); it != invokes_.end();) {
    if (it->second.deadline_ms > now) {
      ++it;
      continue;
    }
    late.push_back(std::move(it->second));
    it = invokes_.erase(it);
  }
  std::erase_if(auths_, [now](const auto &a) { return a.second.deadline_ms <= now; });
  return late;
}

} // namespace flu::manager
