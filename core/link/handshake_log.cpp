#include "link/handshake_log.hpp"

#include <zmq.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <utility>

namespace flu::link {
namespace {

std::string hex(uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%x", v);
  return text;
}

// Why the server refused, from a HANDSHAKE_FAILED_* event.
std::string server_reason(const MonitorEvent &e, bool curve) {
  switch (e.event) {
  case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
    if (e.value == ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC)
      return "CURVE handshake failed (the peer does not have this manager's key?)";
    if (e.value == ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH)
      return curve ? "the peer does not speak CURVE (an insecure peer?)"
                   : "the peer speaks CURVE but this manager runs insecure";
    return "ZMTP protocol error " + hex(e.value) + " during the handshake";
  case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
    return "refused by ZAP (status " + std::to_string(e.value) + ")";
  case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
  default:
    if (e.value == 0)
      return "the peer closed the connection during the handshake";
    return "the connection failed during the handshake (" +
           std::string(std::strerror(static_cast<int>(e.value))) + ")";
  }
}

std::string from(const std::string &address) {
  return address.empty() ? "an unknown address (gone before it could be read)" : address;
}

} // namespace

void ServerHandshakes::accepted(int fd, std::string address) {
  // An fd we still knew was closed without our seeing it (a lost event):
  // the new connection replaces it.
  connections_[fd] = {std::move(address), false};
  settle();
}

// Keeps the count of unattributed successes within what it can be, and
// when every connection in its handshake is known to have succeeded, says so.
void ServerHandshakes::settle() {
  const std::size_t n = handshaking();
  unattributed_successes_ = std::min(unattributed_successes_, n);
  if (n > 0 && unattributed_successes_ == n) {
    for (auto &[fd, c] : connections_)
      c.established = true;
    unattributed_successes_ = 0;
  }
}

std::size_t ServerHandshakes::handshaking() const {
  std::size_t n = 0;
  for (const auto &[fd, c] : connections_)
    n += c.established ? 0 : 1;
  return n;
}

std::optional<ServerHandshakes::Line> ServerHandshakes::event(const MonitorEvent &e) {
  switch (e.event) {
  case ZMQ_EVENT_HANDSHAKE_SUCCEEDED:
    ++unattributed_successes_;
    settle();
    return std::nullopt;
  case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
  case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
  case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
    failure_ = server_reason(e, curve_);
    return std::nullopt;
  case ZMQ_EVENT_DISCONNECTED:
    return disconnected(static_cast<int>(e.value));
  default:
    return std::nullopt;
  }
}

std::optional<ServerHandshakes::Line> ServerHandshakes::disconnected(int fd) {
  std::optional<Connection> c;
  if (auto it = connections_.find(fd); it != connections_.end()) {
    c = std::move(it->second);
    connections_.erase(it);
  }
  const std::string address = c ? c->address : std::string();

  if (auto why = std::exchange(failure_, std::nullopt)) {
    settle();
    if (c && c->established)
      return Line{log::Level::warning,
                  "dropped the connection from " + from(address) + ": " + *why};
    return Line{log::Level::warning,
                "refused a connection from " + from(address) + ": " + *why};
  }
  if (!c)
    return Line{log::Level::debug, "a connection we did not see open closed"};
  if (c->established)
    return Line{log::Level::debug, "the connection from " + from(address) + " closed"};

  // It was in its handshake as far as successes could be pinned (settle()
  // has marked it established when all of them succeeded).
  const bool sure = unattributed_successes_ == 0;
  settle();
  if (sure)
    return Line{log::Level::warning,
                "refused a connection from " + from(address) +
                    ": it closed or spoke something other than ZMTP 3 before the "
                    "handshake completed (not a flu peer?)"};
  return Line{log::Level::debug, "the connection from " + from(address) +
                                     " closed (its handshake may not have completed)"};
}

std::optional<std::string> ClientHandshakes::event(const MonitorEvent &e) {
  std::optional<std::string> report;
  switch (e.event) {
  case ZMQ_EVENT_HANDSHAKE_SUCCEEDED:
    closed_in_handshake_ = 0;
    reported_ = false;
    return std::nullopt;
  case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
    if (e.value == ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH)
      report = curve_ ? "the manager at " + endpoint_ +
                            " does not speak CURVE: is it running insecure?"
                      : "the manager at " + endpoint_ +
                            " requires CURVE, but this peer runs insecure";
    else
      report = "the " + std::string(curve_ ? "CURVE " : "") +
               "handshake with the manager at " + endpoint_ + " failed (ZMTP error " +
               hex(e.value) + ")" + (curve_ ? ": is the pinned manager key right?" : "");
    break;
  case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
    report = "the manager at " + endpoint_ + " refused this peer (ZAP status " +
             std::to_string(e.value) + ")";
    break;
  case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
    if (++closed_in_handshake_ < 2)
      return std::nullopt;
    report = curve_ ? "the manager at " + endpoint_ +
                          " closed the connection during the CURVE handshake: is the "
                          "pinned manager key right?"
                    : "the manager at " + endpoint_ +
                          " closed the connection during the handshake: does it "
                          "require CURVE (this peer runs insecure)?";
    break;
  default:
    return std::nullopt;
  }
  if (reported_)
    return std::nullopt;
  reported_ = true;
  return report;
}

} // namespace flu::link
