// The protocol's small vocabularies, one enum each, shared by every sender
// and receiver: what an admin request's reply means, how grave an operator
// message is, and who a peer says it is when it logs in. The numbers are on
// the wire and in flu-command's exit codes: append, never renumber.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace flu::message {

// AdminReply::code. flu-command exits with the same number, and uses 1 for
// "unreachable or refused", which no manager sends.
enum class ReplyCode : int32_t {
  done = 0,
  malformed = 2, // the request itself is wrong (usage)
  no_target = 3, // no such component, bouncer, keycard or property
  not_now = 4,   // busy, or the target's mood does not allow it
  failed = 5,    // refused by the component, or it failed
};

// Note::level: Flumotion's message levels, numbered as flu_message_level in
// <flu/module.h>. An error turns the component sad.
enum class NoteLevel : uint8_t {
  invalid = 0,
  error = 1,
  warning = 2,
  info = 3,
};

// Login::role.
enum class PeerRole : uint8_t {
  invalid = 0,
  worker = 1,
  admin = 2,
};

constexpr std::string_view to_string(PeerRole role) {
  switch (role) {
  case PeerRole::worker:
    return "worker";
  case PeerRole::admin:
    return "admin";
  case PeerRole::invalid:
    break;
  }
  return "invalid";
}

constexpr std::string_view to_string(NoteLevel level) {
  switch (level) {
  case NoteLevel::error:
    return "error";
  case NoteLevel::warning:
    return "warning";
  case NoteLevel::info:
    return "info";
  case NoteLevel::invalid:
    break;
  }
  return "invalid";
}

// A level as it arrived from a peer: nullopt for a number no level has.
constexpr std::optional<NoteLevel> note_level(uint8_t wire) {
  if (wire >= static_cast<uint8_t>(NoteLevel::error) &&
      wire <= static_cast<uint8_t>(NoteLevel::info))
    return static_cast<NoteLevel>(wire);
  return std::nullopt;
}

// A role as it arrived from a peer: nullopt for a number no role has.
constexpr std::optional<PeerRole> peer_role(uint8_t wire) {
  if (wire == static_cast<uint8_t>(PeerRole::worker) ||
      wire == static_cast<uint8_t>(PeerRole::admin))
    return static_cast<PeerRole>(wire);
  return std::nullopt;
}

// A reply code as it arrived from the manager: nullopt for a number no code
// has (1 included: that one is flu-command's own, never sent).
constexpr std::optional<ReplyCode> reply_code(int32_t wire) {
  switch (static_cast<ReplyCode>(wire)) {
  case ReplyCode::done:
  case ReplyCode::malformed:
  case ReplyCode::no_target:
  case ReplyCode::not_now:
  case ReplyCode::failed:
    return static_cast<ReplyCode>(wire);
  }
  return std::nullopt;
}

} // namespace flu::message
