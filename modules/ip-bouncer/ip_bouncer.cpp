// ip-bouncer: see ip_bouncer.hpp.
#include "ip_bouncer.hpp"

#include <stdexcept>

namespace flu::modules {

IpBouncer::IpBouncer(const sdk::Host &config) {
  for (const char *property : {"allow", "deny"})
    for (const auto &text : config.strings(property)) {
      try {
        rules_.push_back({parse_network(text), std::string(property) == "deny"});
      } catch (const std::exception &e) {
        throw std::runtime_error(std::string(property) + ": " + e.what());
      }
    }
  const std::string fallback = config.has("default") ? config.string("default") : "deny";
  if (fallback != "allow" && fallback != "deny")
    throw std::runtime_error("default: must be allow or deny, got '" + fallback + "'");
  allow_by_default_ = fallback == "allow";
}

flu_keycard_state IpBouncer::authenticate(const sdk::Keycard &keycard,
                                          sdk::Reply &reply) {
  const std::string text = keycard.get("address");
  if (text.empty())
    return reply.refuse("no address");
  const auto address = parse_address(text);
  if (!address)
    return reply.refuse("address is not an IP address");
  const Rule *decided = nullptr;
  for (const auto &rule : rules_) {
    if (!rule.network.contains(*address))
      continue;
    if (!decided || rule.network.prefix_bits > decided->network.prefix_bits ||
        (rule.network.prefix_bits == decided->network.prefix_bits && rule.deny))
      decided = &rule;
  }
  if (!decided)
    return allow_by_default_ ? reply.accept()
                             : reply.refuse("address " + text + " is not allowed");
  if (decided->deny)
    return reply.refuse("address " + text + " is denied by " + decided->network.text);
  return reply.accept();
}

} // namespace flu::modules
