// The link's sockets, their security and their monitors.
//
// Each ROUTER gets a ZeroMQ context of its own, with one I/O thread, rather
// than the process's shared one: a context holds one ZAP handler
// (inproc://zeromq.zap.01), and the ROUTER's must run on the ROUTER's own
// io_context, else a process with two managers' ROUTERs (as tests have)
// would answer one's handshakes on the other's thread. One I/O thread also
// keeps each connection's monitor events back to back (handshake_log.hpp).
// DEALERs share the process context.
#include "link/zmq_link.hpp"

#include "link/curve_keys.hpp"
#include "link/handshake_log.hpp"
#include "link/socket_monitor.hpp"
#include "link/zap_handler.hpp"
#include "link/zmq_watch.hpp"
#include "log/log.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <zmq.hpp>

#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace flu::link {
namespace {

zmq::context_t &context() {
  static zmq::context_t ctx(1);
  return ctx;
}

constexpr int handshake_events =
    ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
    ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;

} // namespace

std::string printable_id(const std::string &identity) {
  // ROUTER-made ids are binary (a zero byte and a counter): show them as
  // hex, so that two peers never print alike.
  if (!identity.empty() && identity[0] == '\0') {
    static const char digits[] = "0123456789abcdef";
    std::string out = "#";
    for (unsigned char c : identity.substr(1, 16))
      out += {digits[c >> 4], digits[c & 15]};
    return out;
  }
  std::string out;
  for (unsigned char c : identity.substr(0, 64))
    out += (c >= 0x20 && c < 0x7f) ? char(c) : '?';
  return out.empty() ? "(anonymous)" : out;
}

struct ZmqLink::Impl : std::enable_shared_from_this<Impl> {
  Impl(boost::asio::io_context &io, std::string who, std::size_t max, FrameHandler f)
      : io(io), who(std::move(who)), max_frame(max), on_frame(std::move(f)) {}

  ~Impl() { shutdown(); }

  boost::asio::io_context &io;
  std::string who;
  std::size_t max_frame;
  FrameHandler on_frame;
  bool router = false;

  std::unique_ptr<zmq::context_t> own_context; // a ROUTER's, see above
  std::unique_ptr<ZapHandler> zap;
  std::unique_ptr<zmq::socket_t> socket;
  std::unique_ptr<ZmqWatch> watch;
  std::unique_ptr<SocketMonitor> monitor;        // a DEALER's
  std::unique_ptr<AcceptMonitor> accept_monitor; // a ROUTER's

  std::optional<ServerHandshakes> server_handshakes;

  // A DEALER's, kept for reconnect().
  std::string endpoint;
  ClientSecurity client_security;
  std::optional<ClientHandshakes> client_handshakes;
  std::function<void(const std::string &)> on_handshake_failed;

  zmq::context_t &ctx() { return own_context ? *own_context : context(); }

  // Watches and monitors before sockets.
  void close() {
    monitor.reset();
    accept_monitor.reset();
    watch.reset();
    socket.reset();
  }

  // Sockets before their context. A drain under way stops at its next
  // message, so that nothing reaches the owner once the link is destroyed.
  void shutdown() {
    close();
    zap.reset();
    own_context.reset();
  }

  void open(zmq::socket_type type) {
    socket = std::make_unique<zmq::socket_t>(ctx(), type);
    // A dead peer never holds up a close; a peer's last words (its goodbye)
    // get a tenth of a second to leave.
    socket->set(zmq::sockopt::linger, type == zmq::socket_type::dealer ? 100 : 0);
    // Past twice our own limit ZeroMQ itself cuts the peer off, so that no
    // frame can make us allocate without bound; between the two we log it.
    socket->set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(2 * max_frame));
    if (type == zmq::socket_type::router)
      socket->set(zmq::sockopt::router_mandatory, 1);
  }

  template <class F> std::function<void()> weakly(F f) {
    std::weak_ptr<Impl> weak = shared_from_this();
    return [weak, f] {
      if (auto self = weak.lock())
        (self.get()->*f)();
    };
  }

  void arm() { watch = std::make_unique<ZmqWatch>(io, *socket, weakly(&Impl::drain)); }

  void drain() {
    // A frame handler may reconnect(): then this socket is gone and the new
    // one has a watch of its own.
    zmq::socket_t *const s = socket.get();
    while (socket.get() == s && s && (s->get(zmq::sockopt::events) & ZMQ_POLLIN)) {
      std::vector<zmq::message_t> parts;
      zmq::message_t part;
      do {
        if (!s->recv(part, zmq::recv_flags::dontwait))
          break;
        parts.push_back(std::move(part));
        part = zmq::message_t();
      } while (parts.back().more());
      handle(parts);
    }
  }

  void handle(std::vector<zmq::message_t> &parts) {
    Peer peer;
    std::size_t payload_index = 0;
    if (router) {
      if (parts.empty())
        return;
      peer.identity = parts[0].to_string();
      payload_index = 1;
    }
    if (parts.size() != payload_index + 1) {
      log::warning(who, "dropped a message of " + std::to_string(parts.size()) +
                            " parts from peer " + printable_id(peer.identity));
      return;
    }
    zmq::message_t &payload = parts[payload_index];
    try {
      if (const char *addr = payload.gets("Peer-Address"))
        peer.address = addr;
    } catch (const zmq::error_t &) {
      // inproc and some transports carry no address
    }
    const std::string_view bytes(static_cast<const char *>(payload.data()),
                                 payload.size());
    auto parsed = message::parse_envelope(bytes, max_frame);
    if (auto *why = std::get_if<std::string>(&parsed)) {
      log::warning(who, "dropped a frame from peer " + printable_id(peer.identity) +
                            (peer.address.empty() ? "" : " at " + peer.address) + ": " +
                            *why);
      return;
    }
    on_frame(peer, std::get<message::Envelope>(parsed));
  }

  void on_server_events(std::vector<MonitorEvent> events) {
    for (auto &e : events) {
      if (e.event == ZMQ_EVENT_ACCEPTED) {
        log::debug(who, "a connection from " +
                            (e.address.empty() ? "an unknown address" : e.address));
        server_handshakes->accepted(static_cast<int>(e.value), std::move(e.address));
      } else if (auto line = server_handshakes->event(e)) {
        log::write(line->level, who, line->text);
      }
    }
  }

  void drain_client_monitor() {
    SocketMonitor *const m = monitor.get();
    while (monitor.get() == m && m) {
      auto e = m->read();
      if (!e)
        break;
      auto why = client_handshakes->event(*e);
      if (!why)
        continue;
      log::warning(who, *why);
      // Posted, so that the handler may reconnect() or destroy the link.
      std::weak_ptr<Impl> weak = shared_from_this();
      boost::asio::post(io, [weak, text = std::move(*why)] {
        if (auto self = weak.lock(); self && self->on_handshake_failed)
          self->on_handshake_failed(text);
      });
    }
  }

  void open_dealer() {
    open(zmq::socket_type::dealer);
    // Queue little while the manager is away; state is re-announced anyway.
    socket->set(zmq::sockopt::sndhwm, 1000);
    socket->set(zmq::sockopt::reconnect_ivl, 100);
    socket->set(zmq::sockopt::reconnect_ivl_max, 5000);
    if (!client_security.insecure) {
      // A fresh pair per connection: the key says nothing about who we are.
      const KeyPair mine = make_key_pair();
      socket->set(zmq::sockopt::curve_serverkey, client_security.server_key);
      socket->set(zmq::sockopt::curve_publickey, mine.public_key);
      socket->set(zmq::sockopt::curve_secretkey, mine.secret_key);
    }
    client_handshakes.emplace(endpoint, !client_security.insecure);
    monitor = std::make_unique<SocketMonitor>(io, ctx(), *socket, handshake_events,
                                              weakly(&Impl::drain_client_monitor));
    socket->connect(endpoint);
    arm();
  }
};

ZmqLink::ZmqLink(boost::asio::io_context &io, std::string who,
                 std::size_t max_frame_bytes, FrameHandler on_frame)
    : impl_(std::make_shared<Impl>(io, std::move(who), max_frame_bytes,
                                   std::move(on_frame))) {}

ZmqLink::~ZmqLink() { impl_->shutdown(); }

std::string ZmqLink::bind_router(const std::string &endpoint,
                                 const ServerSecurity &security) {
  Impl &m = *impl_;
  if (m.socket)
    throw std::logic_error("bind_router: this link already has a socket");
  if (!security.insecure)
    check_z85_key(security.secret_key, "the manager's secret key");
  m.own_context = std::make_unique<zmq::context_t>(1);
  m.router = true;
  try {
    m.open(zmq::socket_type::router);
    if (!security.insecure) {
      m.zap = std::make_unique<ZapHandler>(m.io, *m.own_context, m.who);
      m.socket->set(zmq::sockopt::curve_server, 1);
      m.socket->set(zmq::sockopt::curve_secretkey, security.secret_key);
    }
    m.server_handshakes.emplace(!security.insecure);
    std::weak_ptr<Impl> weak = impl_;
    m.accept_monitor =
        std::make_unique<AcceptMonitor>(m.io, *m.own_context, *m.socket, handshake_events,
                                        [weak](std::vector<MonitorEvent> events) {
                                          if (auto self = weak.lock())
                                            self->on_server_events(std::move(events));
                                        });
    m.socket->bind(endpoint);
  } catch (...) {
    // Leave the link as it was, so that another endpoint can be tried.
    m.shutdown();
    m.router = false;
    throw;
  }
  m.arm();
  std::string bound = m.socket->get(zmq::sockopt::last_endpoint);
  if (security.insecure)
    log::warning(m.who, "INSECURE: the control plane on " + bound +
                            " is neither encrypted nor authenticated; anyone who "
                            "reaches it can read and forge traffic");
  return bound;
}

void ZmqLink::connect_dealer(const std::string &endpoint,
                             const ClientSecurity &security) {
  Impl &m = *impl_;
  if (m.socket)
    throw std::logic_error("connect_dealer: this link already has a socket");
  if (!security.insecure)
    check_z85_key(security.server_key, "the pinned manager key");
  m.endpoint = endpoint;
  m.client_security = security;
  try {
    m.open_dealer();
  } catch (...) {
    // Leave the link as it was, so that another endpoint can be tried.
    m.close();
    m.endpoint.clear();
    throw;
  }
  if (security.insecure)
    log::warning(m.who, "INSECURE: the connection to the manager at " + endpoint +
                            " is neither encrypted nor authenticated; anyone on the "
                            "way can read and forge traffic");
}

void ZmqLink::reconnect() {
  Impl &m = *impl_;
  if (m.router || m.endpoint.empty())
    throw std::logic_error("reconnect() is for a link made by connect_dealer()");
  m.close();
  m.open_dealer();
}

void ZmqLink::on_handshake_failed(std::function<void(const std::string &)> handler) {
  impl_->on_handshake_failed = std::move(handler);
}

bool ZmqLink::send(const std::string &identity, const std::string &frame) {
  if (!impl_->socket)
    return false;
  bool sent = false;
  try {
    if (impl_->router) {
      zmq::message_t id(identity.data(), identity.size());
      sent = impl_->socket->send(id, zmq::send_flags::sndmore | zmq::send_flags::dontwait)
                 .has_value();
      if (sent)
        sent =
            impl_->socket
                ->send(zmq::buffer(frame.data(), frame.size()), zmq::send_flags::dontwait)
                .has_value();
    } else {
      sent =
          impl_->socket
              ->send(zmq::buffer(frame.data(), frame.size()), zmq::send_flags::dontwait)
              .has_value();
    }
  } catch (const zmq::error_t &e) {
    log::debug(impl_->who, "cannot send to " + printable_id(identity) + ": " + e.what());
    sent = false;
  }
  impl_->watch->poke();
  return sent;
}

} // namespace flu::link
