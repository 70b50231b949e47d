// The FGDP link: one TCP connection between an fgdp-consumer (which sends
// a feed) and an fgdp-producer (which feeds it into its planet), on a
// thread of its own with Asio. Either side may be the one that connects
// (`Side::initiator`, to host:port, again and again with back-off from 1 s
// up to max-reconnection-delay) or the one that listens (`Side::acceptor`,
// on port; a newly authenticated peer replaces the one before). Every
// connection starts with the handshake of fgdp_handshake.hpp; a refusal, on
// either side, is a message for operators naming the peer and the reason.
// While a link that should be there is not (the connecting side between
// tries, the listening side after losing its peer), the component is
// hungry, naming the peer; a refused handshake on the connecting side is
// a configuration an operator must fix (a wrong secret), and it is sad.
#pragma once

#include <flu/sdk/bytes.hpp>

#include "fgdp_handshake.hpp"

#include <flu/module.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace flu::fgdp {

// Bytes that stay valid while `keep` lives (a mapped GstBuffer).
using Bytes = flu::sdk::SharedBytes;

struct LinkSettings {
  Side side = Side::initiator;
  Role role = Role::consumer;
  std::string host; // initiator: where to connect; acceptor: address to bind ("" any)
  uint16_t port = 0;
  std::string user, secret;
  // Auth::keycard: a producer asks its planet's bouncer (events.ask), a
  // consumer presents user and secret (its password) as a keycard.
  Auth auth = Auth::secret;
  std::chrono::seconds max_backoff{5};
  size_t queue_limit_bytes = 8u << 20;
  // A live feed always moves: a connection through which nothing went for
  // this long (a network partition, a peer that hangs) is ended and made
  // again, where TCP alone would wait for minutes.
  std::chrono::seconds stall_timeout{5};
};

struct LinkEvents {
  std::function<void(flu_message_level, const std::string &id, const std::string &)>
      message;
  std::function<void(const std::string &key, const std::string &value)> ui;
  std::function<void(flu_log_level, const std::string &)> log;
  // The link waits for its peer (true, why) or has it again (false, why):
  // the component's mood (sdk::Host::hungry). False when the host has no
  // such mood (older than ABI 1.5): a warning message says it instead.
  std::function<bool(bool, const std::string &)> hungry;
  // A consumer's link: what a new peer gets first (the stream's headers).
  std::function<std::vector<Bytes>()> established;
  // A producer's link: the feed, one whole GDP packet at a time (link
  // thread).
  std::function<void(const uint8_t *, size_t)> received;
  // A keycard-mode producer's link: puts a keycard to the planet's bouncer;
  // `done` once, from any thread.
  std::function<void(const KeycardFields &, std::function<void(BouncerAnswer)> done)> ask;
};

class Link {
public:
  Link(LinkSettings settings, LinkEvents events);
  ~Link();
  Link(const Link &) = delete;
  Link &operator=(const Link &) = delete;

  // A consumer's link, from the streaming thread: dropped while no peer
  // is there or when the peer is too slow (then it gets the stream again
  // from its headers, as a new peer would).
  // A new peer starts at a `sync` packet (a keyframe), after the headers.
  void send(Bytes bytes, bool sync);
  // The port listened on (an acceptor given port 0 gets one); 0 before.
  uint16_t port() const;
  // A keycard-mode producer's link: the bouncer expired this keycard, so
  // the peer it admitted is let go (it must authenticate again).
  void keycard_expired(const std::string &id);

  struct Impl;

private:
  std::shared_ptr<Impl> impl_;
};

} // namespace flu::fgdp
