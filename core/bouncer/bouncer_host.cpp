// BouncerHost: see bouncer_host.hpp. The module decides; this file keeps
// the state that must not be the module's to get wrong: challenge nonces
// (made here, single use, never taken from the peer), issued keycards and
// their expiry, and what a hostile keycard may look like.
#include "bouncer/bouncer_host.hpp"

#include "bouncer/bouncer_instance.hpp"
#include "keycard/keycard.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace flu::bouncer {
namespace {

constexpr int64_t challenge_lifetime_ms = 30'000;
// A first round costs the peer one message and us one entry: bounded.
constexpr std::size_t max_pending = 65'536;
// Limits on what a keycard may hold. Generous for real credentials (a JWT
// fits), small enough that a hostile one costs nothing.
constexpr std::size_t max_fields = 32;
constexpr std::size_t max_name_bytes = 64;
constexpr std::size_t max_value_bytes = 4096;
constexpr int64_t max_seconds = 10LL * 365 * 24 * 3600;

const char *const replayed = "replayed or expired challenge";

int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Peer-supplied text fit for a log line or a reason: control bytes become
// '?', and it is cut short, so that it can neither forge nor flood a log.
std::string printable(const std::string &text, std::size_t max = 64) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < max; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
  }
  if (text.size() > max)
    out += "...";
  return out;
}

// Why a keycard is refused before any bouncer sees it, or "".
std::string malformed(const message::KeycardFields &keycard) {
  if (keycard.size() > max_fields)
    return "keycard has " + std::to_string(keycard.size()) + " fields, at most " +
           std::to_string(max_fields);
  for (std::size_t i = 0; i < keycard.size(); ++i) {
    const auto &[name, value] = keycard[i];
    if (name.empty() || name.size() > max_name_bytes)
      return "keycard field name '" + printable(name) + "' is empty or too long";
    if (value.size() > max_value_bytes)
      return "keycard field '" + printable(name) + "' is too long (" +
             std::to_string(value.size()) + " bytes, at most " +
             std::to_string(max_value_bytes) + ")";
    if (name.find('\0') != std::string::npos || value.find('\0') != std::string::npos)
      return "keycard field '" + printable(name) + "' holds a NUL byte";
    for (std::size_t j = 0; j < i; ++j)
      if (keycard[j].first == name)
        return "keycard field '" + printable(name) + "' given twice";
  }
  return {};
}

void erase_field(message::KeycardFields &keycard, const std::string &name) {
  std::erase_if(keycard, [&](const auto &field) { return field.first == name; });
}

// A whole number of seconds in [0, max_seconds], or nothing.
std::optional<int64_t> seconds(const std::string &text) {
  int64_t value = 0;
  const char *end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 0 || value > max_seconds)
    return std::nullopt;
  return value;
}

// "/atmosphere/multi" consults "lan" as "/atmosphere/lan".
std::string sibling_id(const std::string &component_id, const std::string &name) {
  const auto slash = component_id.rfind('/');
  return slash == std::string::npos ? name : component_id.substr(0, slash + 1) + name;
}

} // namespace

struct BouncerHost::Impl {
  struct Pending {
    std::string username;
    std::string address;
    std::string nonce;
    int64_t created_ms = 0;
  };
  struct Held {
    Issued issued;
    int64_t alive_ms = 0; // last acceptance or keep-alive
  };

  BouncerSpec spec;
  Log log;
  Expired expired;
  // Declared before `bouncer`, so destroyed after it: it may consult them.
  BouncerInstance::Consults consults;
  std::unique_ptr<BouncerInstance> bouncer;
  std::unordered_map<std::string, Pending> pending;
  std::map<std::string, Held> issued;

  void write(flu_log_level level, const std::string &text) const {
    if (log)
      log(level, text);
  }

  static std::string who(const std::string &requester, const std::string &username,
                         const std::string &address) {
    std::string out = "from " + (requester.empty() ? "(unnamed)" : printable(requester));
    std::string details;
    if (!username.empty())
      details = "user '" + printable(username) + "'";
    if (!address.empty())
      details += (details.empty() ? "address " : ", address ") + printable(address);
    return details.empty() ? out : out + " (" + details + ")";
  }

  Decision refuse(const std::string &requester, const message::KeycardFields &keycard,
                  const std::string &reason) const {
    write(FLU_LOG_WARNING, "refused keycard " +
                               who(requester, keycard::get(keycard, "username"),
                                   keycard::get(keycard, "address")) +
                               ": " + reason);
    Decision d;
    d.state = message::KeycardState::refused;
    d.keycard = {{"reason", reason}};
    return d;
  }

  Decision challenge(const std::string &requester, const message::KeycardFields &keycard,
                     message::KeycardFields reply, int64_t now_ms) {
    if (keycard::get(reply, "salt").empty() || keycard::get(reply, "scheme").empty()) {
      write(FLU_LOG_ERROR, "the bouncer challenged without a salt or a scheme");
      return refuse(requester, keycard, "the bouncer's challenge is incomplete");
    }
    if (pending.size() >= max_pending)
      drop_stale_challenges(now_ms);
    if (pending.size() >= max_pending)
      return refuse(requester, keycard, "too many pending challenges");
    const std::string id = keycard::random_hex(16);
    Pending entry{keycard::get(keycard, "username"), keycard::get(keycard, "address"),
                  keycard::random_hex(32), now_ms};
    // id and challenge are the host's, whatever the module replied.
    keycard::set(reply, "id", id);
    keycard::set(reply, "challenge", entry.nonce);
    erase_field(reply, "reason");
    write(FLU_LOG_DEBUG, "challenged keycard " + id + " " +
                             who(requester, entry.username, entry.address));
    pending.emplace(id, std::move(entry));
    Decision d;
    d.state = message::KeycardState::challenge;
    d.keycard = std::move(reply);
    return d;
  }

  Decision accept(const std::string &requester, const message::KeycardFields &keycard,
                  const message::KeycardFields &reply, int64_t now_ms) {
    Held held;
    Issued &is = held.issued;
    is.id = keycard::random_hex(16);
    is.requester = requester;
    const std::string owner = keycard::get(reply, "username");
    is.username = owner.empty() ? keycard::get(keycard, "username") : owner;
    is.address = keycard::get(keycard, "address");
    is.issued_ms = now_ms;
    held.alive_ms = now_ms;

    Decision d;
    d.state = message::KeycardState::authenticated;
    d.keycard = {{"id", is.id}};
    if (!owner.empty())
      d.keycard.emplace_back("username", owner);
    for (const char *name : {"ttl", "duration"}) {
      const std::string text = keycard::get(reply, name);
      if (text.empty())
        continue;
      const auto s = seconds(text);
      if (!s) {
        write(FLU_LOG_WARNING, std::string("the bouncer replied a ") + name + " of '" +
                                   printable(text) + "', not whole seconds; ignored");
        continue;
      }
      if (*s == 0)
        continue;
      if (std::string_view(name) == "ttl")
        is.ttl_ms = *s * 1000;
      else
        is.expires_ms = now_ms + *s * 1000;
      d.keycard.emplace_back(name, std::to_string(*s));
    }
    write(FLU_LOG_INFO,
          "accepted keycard " + is.id + " " + who(requester, is.username, is.address));
    issued.emplace(is.id, std::move(held));
    return d;
  }

  void drop_stale_challenges(int64_t now_ms) {
    std::erase_if(pending, [&](const auto &entry) {
      return now_ms - entry.second.created_ms > challenge_lifetime_ms;
    });
  }

  void end(const Issued &is, const std::string &reason) const {
    write(FLU_LOG_INFO,
          "expired keycard " + is.id + " of " +
              (is.requester.empty() ? "(unnamed)" : printable(is.requester)) + ": " +
              reason);
    if (expired)
      expired(is, reason);
  }
};

BouncerHost::BouncerHost(BouncerSpec spec, Log log) : impl_(std::make_unique<Impl>()) {
  impl_->spec = std::move(spec);
  impl_->log = std::move(log);
  std::string left_out;
  for (const auto &c : impl_->spec.consults) {
    const std::string prefix = "consulted bouncer " + c.name + ": ";
    auto log_as = [log = impl_->log, prefix](flu_log_level level,
                                             const std::string &text) {
      if (log)
        log(level, prefix + text);
    };
    std::unique_ptr<BouncerInstance> instance;
    try {
      instance = std::make_unique<BouncerInstance>(
          sibling_id(impl_->spec.component_id, c.name), c.type, c.module, c.properties,
          std::move(log_as), nullptr);
    } catch (const std::exception &e) {
      // A bouncer that itself consults others (a multi-bouncer) cannot be
      // consulted in turn: it is left out, and only a rule naming it fails,
      // saying why it was left out.
      left_out += std::string("; '") + c.name + "' was left out: " + e.what();
      continue;
    }
    if (!impl_->consults.emplace(c.name, std::move(instance)).second)
      throw std::runtime_error("bouncer " + impl_->spec.component_id + ": consults '" +
                               c.name + "' twice");
  }
  try {
    impl_->bouncer = std::make_unique<BouncerInstance>(
        impl_->spec.component_id, impl_->spec.type, impl_->spec.module,
        impl_->spec.properties, impl_->log, &impl_->consults);
  } catch (const std::exception &e) {
    throw std::runtime_error(e.what() + left_out);
  }
}

BouncerHost::~BouncerHost() = default;

Decision BouncerHost::authenticate(const message::KeycardFields &keycard,
                                   const std::string &requester) {
  Impl &m = *impl_;
  const int64_t now_ms = steady_now_ms();
  if (const std::string why = malformed(keycard); !why.empty()) {
    message::KeycardFields safe; // do not log fields that failed the checks
    return m.refuse(requester, safe, why);
  }
  message::KeycardFields card = keycard;
  // The peer's challenge is never trusted: the only one a bouncer sees is
  // the nonce this host issued for the keycard's id.
  erase_field(card, "challenge");
  const std::string id = keycard::get(card, "id");
  const bool answering = !id.empty();
  if (answering) {
    auto it = m.pending.find(id);
    if (it == m.pending.end() || now_ms - it->second.created_ms > challenge_lifetime_ms) {
      if (it != m.pending.end())
        m.pending.erase(it);
      return m.refuse(requester, card, replayed);
    }
    Impl::Pending entry = std::move(it->second);
    m.pending.erase(it); // single use, whatever the outcome
    if (keycard::get(card, "username") != entry.username)
      return m.refuse(requester, card, "username changed during the challenge");
    const std::string address = keycard::get(card, "address");
    if (address.empty() && !entry.address.empty())
      keycard::set(card, "address", entry.address);
    else if (address != entry.address)
      return m.refuse(requester, card, "address changed during the challenge");
    keycard::set(card, "challenge", entry.nonce);
  } else if (!keycard::get(card, "response").empty()) {
    return m.refuse(requester, card, replayed); // an answer to no challenge of ours
  }

  BouncerInstance::Answer answer = m.bouncer->authenticate(card);
  switch (answer.state) {
  case FLU_KEYCARD_AUTHENTICATED:
    return m.accept(requester, card, answer.reply, now_ms);
  case FLU_KEYCARD_CHALLENGE:
    if (answering)
      return m.refuse(requester, card, "the bouncer challenged an answer");
    return m.challenge(requester, card, std::move(answer.reply), now_ms);
  default: {
    const std::string reason = keycard::get(answer.reply, "reason");
    return m.refuse(requester, card, reason.empty() ? "refused" : printable(reason, 200));
  }
  }
}

bool BouncerHost::expire(const std::string &keycard_id, const std::string &reason) {
  auto it = impl_->issued.find(keycard_id);
  if (it == impl_->issued.end())
    return false;
  const Issued is = std::move(it->second.issued);
  impl_->issued.erase(it);
  impl_->end(is, reason);
  return true;
}

bool BouncerHost::keep_alive(const std::string &keycard_id) {
  auto it = impl_->issued.find(keycard_id);
  if (it == impl_->issued.end())
    return false;
  it->second.alive_ms = steady_now_ms();
  return true;
}

void BouncerHost::sweep(int64_t now_ms) {
  impl_->drop_stale_challenges(now_ms);
  std::vector<std::pair<Issued, std::string>> ended;
  for (auto it = impl_->issued.begin(); it != impl_->issued.end();) {
    const Impl::Held &held = it->second;
    const char *reason = nullptr;
    if (held.issued.expires_ms && now_ms >= held.issued.expires_ms)
      reason = "its duration is over";
    else if (held.issued.ttl_ms && now_ms - held.alive_ms >= held.issued.ttl_ms)
      reason = "its time to live ran out";
    if (!reason) {
      ++it;
      continue;
    }
    ended.emplace_back(held.issued, reason);
    it = impl_->issued.erase(it);
  }
  // Handlers run once the books are straight, so they may call back in.
  for (const auto &[is, reason] : ended)
    impl_->end(is, reason);
}

std::vector<Issued> BouncerHost::issued() const {
  std::vector<Issued> out;
  for (const auto &[id, held] : impl_->issued)
    out.push_back(held.issued);
  std::sort(out.begin(), out.end(), [](const Issued &a, const Issued &b) {
    return a.issued_ms != b.issued_ms ? a.issued_ms < b.issued_ms : a.id < b.id;
  });
  return out;
}

void BouncerHost::on_expired(Expired handler) { impl_->expired = std::move(handler); }

const std::string &BouncerHost::component_id() const { return impl_->spec.component_id; }

} // namespace flu::bouncer
