// The porter's protocol (docs/delivery.md): what a streamer and the porter
// say to each other over the porter's Unix socket (SOCK_SEQPACKET, so each
// message is one packet and keeps its bounds).
//
// A message is a verb and a fixed number of fields, joined by '\n'; every
// field but the last is one line, the last takes the rest of the packet
// (a viewer's request bytes may hold anything). The streamer logs in, then
// registers paths or prefixes; the porter answers each with OK or ERROR,
// and from then on sends CONNECTION messages, each carrying one accepted
// viewer's socket (SCM_RIGHTS) with the peer's address and the bytes the
// porter already read from it.
//
//   streamer → porter   LOGIN user password | REGISTER /path | PREFIX /dir/
//                       | UNREGISTER /path
//   porter → streamer   OK | ERROR reason | CONNECTION peer bytes (+ fd)
//
// Header-only, no dependency: the porter and its clients share it, and the
// fuzz target (tests/fuzz/porter-message) runs decode() on any bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flu::sdk::porter {

// Larger than any request head the porter hands over (8 KiB) plus its envelope.
constexpr std::size_t kMaxPacket = 16384;
constexpr std::size_t kMaxPath = 1024;

struct Message {
  std::string verb;
  std::vector<std::string> fields;
};

// How many fields a verb takes; -1 for a verb the protocol does not have.
inline int field_count(std::string_view verb) {
  if (verb == "OK")
    return 0;
  if (verb == "ERROR" || verb == "REGISTER" || verb == "PREFIX" || verb == "UNREGISTER")
    return 1;
  if (verb == "LOGIN" || verb == "CONNECTION")
    return 2;
  return -1;
}

// A path a streamer may register: absolute, printable, no spaces, bounded.
inline bool valid_path(std::string_view path) {
  if (path.empty() || path.front() != '/' || path.size() > kMaxPath)
    return false;
  for (const char c : path)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return false;
  return true;
}

// Throws std::invalid_argument when a field other than the last holds a
// newline or the count is not the verb's: a caller's mistake, not a peer's.
inline std::string encode(std::string_view verb, const std::vector<std::string> &fields) {
  if (field_count(verb) != static_cast<int>(fields.size()))
    throw std::invalid_argument("porter message " + std::string(verb) +
                                ": wrong number of fields");
  std::string out(verb);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i + 1 < fields.size() && fields[i].find('\n') != std::string::npos)
      throw std::invalid_argument("porter message " + std::string(verb) +
                                  ": a field holds a newline");
    out += '\n';
    out += fields[i];
  }
  return out;
}

// nullopt for anything that is not a well-formed message: unknown verb,
// missing fields, a path field that is not a valid_path().
inline std::optional<Message> decode(std::string_view packet) {
  if (packet.size() > kMaxPacket)
    return std::nullopt;
  const auto verb_end = packet.find('\n');
  Message m;
  m.verb = std::string(packet.substr(0, verb_end));
  const int n = field_count(m.verb);
  if (n < 0)
    return std::nullopt;
  if (n == 0)
    return verb_end == std::string_view::npos ? std::optional(m) : std::nullopt;
  if (verb_end == std::string_view::npos)
    return std::nullopt;
  std::string_view rest = packet.substr(verb_end + 1);
  for (int i = 0; i < n; ++i) {
    if (i + 1 == n) {
      m.fields.emplace_back(rest);
      break;
    }
    const auto end = rest.find('\n');
    if (end == std::string_view::npos)
      return std::nullopt;
    m.fields.emplace_back(rest.substr(0, end));
    rest = rest.substr(end + 1);
  }
  if ((m.verb == "REGISTER" || m.verb == "PREFIX" || m.verb == "UNREGISTER") &&
      !valid_path(m.fields[0]))
    return std::nullopt;
  return m;
}

} // namespace flu::sdk::porter
