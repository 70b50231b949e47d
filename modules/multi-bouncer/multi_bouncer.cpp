// multi-bouncer: see multi_bouncer.hpp.
#include "multi_bouncer.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace flu::modules {
namespace {

// Whole seconds from a consulted bouncer's reply; 0 for none or nonsense.
int64_t seconds(const std::string &text) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size() && value > 0 ? value : 0;
}

// The shorter of two limits, 0 meaning none.
int64_t shorter(int64_t a, int64_t b) { return !a ? b : !b ? a : std::min(a, b); }

} // namespace

MultiBouncer::MultiBouncer(const sdk::Host &config)
    : config_(config), rule_(parse_rule(config.string("rule"))) {
  std::vector<const Rule *> names;
  collect_names(rule_, names);
  for (const Rule *name : names)
    if (!sdk::can_consult(config_, name->name))
      throw std::runtime_error("rule: no bouncer named '" + name->name + "' (column " +
                               std::to_string(name->column) +
                               ") among the bouncers this one may consult");
}

MultiBouncer::Verdict MultiBouncer::evaluate(const Rule &rule,
                                             const sdk::Keycard &keycard) const {
  Verdict v;
  switch (rule.kind) {
  case Rule::Kind::name: {
    sdk::Consulted answer = sdk::consult(config_, rule.name, keycard);
    v.state = answer.state;
    if (answer.state == FLU_KEYCARD_CHALLENGE) {
      v.challenge = answer.fields;
    } else if (answer.state == FLU_KEYCARD_AUTHENTICATED) {
      v.admitted.push_back(std::move(answer));
    } else {
      const std::string reason = answer.get("reason");
      v.reason = rule.name + ": " + (reason.empty() ? "refused" : reason);
    }
    return v;
  }
  case Rule::Kind::negation: {
    const Verdict inner = evaluate(rule.operands.front(), keycard);
    if (inner.state == FLU_KEYCARD_CHALLENGE)
      return inner;
    if (inner.state == FLU_KEYCARD_REFUSED) {
      v.state = FLU_KEYCARD_AUTHENTICATED; // nobody's yes counted
      return v;
    }
    v.reason =
        "the rule refuses what was admitted at column " + std::to_string(rule.column);
    return v;
  }
  case Rule::Kind::all: {
    v.state = FLU_KEYCARD_AUTHENTICATED;
    for (const auto &operand : rule.operands) {
      Verdict next = evaluate(operand, keycard);
      if (next.state != FLU_KEYCARD_AUTHENTICATED)
        return next;
      for (auto &admitted : next.admitted)
        v.admitted.push_back(std::move(admitted));
    }
    return v;
  }
  case Rule::Kind::any: {
    for (const auto &operand : rule.operands) {
      Verdict next = evaluate(operand, keycard);
      if (next.state != FLU_KEYCARD_REFUSED)
        return next;
      v.reason += (v.reason.empty() ? "" : "; ") + next.reason;
    }
    return v;
  }
  }
  return v;
}

flu_keycard_state MultiBouncer::authenticate(const sdk::Keycard &keycard,
                                             sdk::Reply &reply) {
  const Verdict v = evaluate(rule_, keycard);
  if (v.state == FLU_KEYCARD_CHALLENGE) {
    for (const auto &[name, value] : v.challenge)
      reply.set(name, value);
    return FLU_KEYCARD_CHALLENGE;
  }
  if (v.state != FLU_KEYCARD_AUTHENTICATED)
    return reply.refuse(v.reason.empty() ? "refused by the rule" : v.reason);
  int64_t ttl = config_.has("ttl") ? config_.integer("ttl") : 0;
  int64_t duration = config_.has("duration") ? config_.integer("duration") : 0;
  std::string username;
  for (const auto &admitted : v.admitted) {
    ttl = shorter(ttl, seconds(admitted.get("ttl")));
    duration = shorter(duration, seconds(admitted.get("duration")));
    if (username.empty())
      username = admitted.get("username");
  }
  if (!username.empty())
    reply.set("username", username);
  if (ttl)
    reply.set("ttl", std::to_string(ttl));
  if (duration)
    reply.set("duration", std::to_string(duration));
  return reply.accept();
}

} // namespace flu::modules
