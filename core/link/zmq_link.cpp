#include "link/zmq_link.hpp"

#include "log/log.hpp"

#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>

#include <zmq.hpp>

#include <vector>

namespace flu::link {
namespace {

zmq::context_t &context() {
  static zmq::context_t ctx(1);
  return ctx;
}

} // namespace

std::string printable_id(const std::string &identity) {
  std::string out;
  for (unsigned char c : identity.substr(0, 64))
    out += (c >= 0x20 && c < 0x7f) ? char(c) : '?';
  return out.empty() ? "(anonymous)" : out;
}

struct ZmqLink::Impl : std::enable_shared_from_this<Impl> {
  Impl(boost::asio::io_context &io, std::string who, std::size_t max, FrameHandler f)
      : io(io), who(std::move(who)), max_frame(max), on_frame(std::move(f)) {}

  ~Impl() {
    if (sd) {
      sd->cancel();
      sd->release(); // the descriptor belongs to ZeroMQ
    }
  }

  boost::asio::io_context &io;
  std::string who;
  std::size_t max_frame;
  FrameHandler on_frame;
  std::unique_ptr<zmq::socket_t> socket;
  std::unique_ptr<boost::asio::posix::stream_descriptor> sd;
  bool router = false;
  bool drain_posted = false;

  void open(zmq::socket_type type) {
    socket = std::make_unique<zmq::socket_t>(context(), type);
    socket->set(zmq::sockopt::linger, 0);
    // Past twice our own limit ZeroMQ itself cuts the peer off, so that no
    // frame can make us allocate without bound; between the two we log it.
    socket->set(zmq::sockopt::maxmsgsize, static_cast<int64_t>(2 * max_frame));
    if (type == zmq::socket_type::router) {
      router = true;
      socket->set(zmq::sockopt::router_mandatory, 1);
    }
  }

  void arm() {
    sd = std::make_unique<boost::asio::posix::stream_descriptor>(
        io, socket->get(zmq::sockopt::fd));
    drain();
  }

  void wait() {
    std::weak_ptr<Impl> weak = shared_from_this();
    sd->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                   [weak](const boost::system::error_code &ec) {
                     if (auto self = weak.lock(); self && !ec)
                       self->drain();
                   });
  }

  void post_drain() {
    if (drain_posted)
      return;
    drain_posted = true;
    std::weak_ptr<Impl> weak = shared_from_this();
    boost::asio::post(io, [weak] {
      if (auto self = weak.lock()) {
        self->drain_posted = false;
        self->drain();
      }
    });
  }

  void drain() {
    if (!socket)
      return;
    while (socket->get(zmq::sockopt::events) & ZMQ_POLLIN) {
      std::vector<zmq::message_t> parts;
      zmq::message_t part;
      do {
        if (!socket->recv(part, zmq::recv_flags::dontwait))
          break;
        parts.push_back(std::move(part));
        part = zmq::message_t();
      } while (parts.back().more());
      handle(parts);
    }
    wait();
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
};

ZmqLink::ZmqLink(boost::asio::io_context &io, std::string who,
                 std::size_t max_frame_bytes, FrameHandler on_frame)
    : impl_(std::make_shared<Impl>(io, std::move(who), max_frame_bytes,
                                   std::move(on_frame))) {}

ZmqLink::~ZmqLink() = default;

std::string ZmqLink::bind_router(const std::string &endpoint, const ServerSecurity &) {
  impl_->open(zmq::socket_type::router);
  impl_->socket->bind(endpoint);
  impl_->arm();
  return impl_->socket->get(zmq::sockopt::last_endpoint);
}

void ZmqLink::connect_dealer(const std::string &endpoint, const ClientSecurity &) {
  impl_->open(zmq::socket_type::dealer);
  // Queue little while the manager is away; state is re-announced anyway.
  impl_->socket->set(zmq::sockopt::sndhwm, 1000);
  impl_->socket->set(zmq::sockopt::reconnect_ivl, 100);
  impl_->socket->set(zmq::sockopt::reconnect_ivl_max, 5000);
  impl_->socket->connect(endpoint);
  impl_->arm();
}

void ZmqLink::reconnect() {}

void ZmqLink::on_handshake_failed(std::function<void(const std::string &)>) {}

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
  impl_->post_drain();
  return sent;
}

} // namespace flu::link
