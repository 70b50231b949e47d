#include "link/zap_handler.hpp"

#include "link/zmq_watch.hpp"
#include "log/log.hpp"

#include <zmq.hpp>

#include <vector>

namespace flu::link {

ZapHandler::ZapHandler(boost::asio::io_context &io, zmq::context_t &ctx, std::string who)
    : who_(std::move(who)) {
  // A ROUTER rather than REP: a request we cannot use is dropped without
  // wedging a REP's send/receive lockstep.
  socket_ = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::router);
  socket_->set(zmq::sockopt::linger, 0);
  socket_->bind("inproc://zeromq.zap.01");
  watch_ = std::make_unique<ZmqWatch>(io, *socket_, [this] { drain(); });
}

ZapHandler::~ZapHandler() { watch_.reset(); }

void ZapHandler::drain() {
  while (socket_->get(zmq::sockopt::events) & ZMQ_POLLIN) {
    std::vector<zmq::message_t> parts;
    zmq::message_t part;
    do {
      if (!socket_->recv(part, zmq::recv_flags::dontwait))
        break;
      parts.push_back(std::move(part));
      part = zmq::message_t();
    } while (parts.back().more());

    // routing id, "", version, request id, domain, address, identity,
    // mechanism, credentials...
    if (parts.size() < 8 || parts[1].size() != 0 || parts[2].to_string() != "1.0") {
      log::warning(who_, "ZAP: dropped a malformed request of " +
                             std::to_string(parts.size()) + " parts");
      continue;
    }
    const std::string address = parts[5].to_string();
    const std::string mechanism = parts[7].to_string();
    std::string user_id;
    if (mechanism == "CURVE" && parts.size() >= 9 && parts[8].size() == 32) {
      char z85[41];
      zmq_z85_encode(z85, static_cast<const uint8_t *>(parts[8].data()), 32);
      user_id = z85;
    }
    log::debug(who_, "ZAP: " + mechanism + " handshake from " + address +
                         (user_id.empty() ? "" : " with client key " + user_id) +
                         ": accepted (the peer will prove itself with a keycard)");

    const std::string version = "1.0", status = "200", text = "OK";
    try {
      socket_->send(parts[0], zmq::send_flags::sndmore);
      socket_->send(zmq::message_t(), zmq::send_flags::sndmore);
      socket_->send(zmq::buffer(version), zmq::send_flags::sndmore);
      socket_->send(parts[3], zmq::send_flags::sndmore);
      socket_->send(zmq::buffer(status), zmq::send_flags::sndmore);
      socket_->send(zmq::buffer(text), zmq::send_flags::sndmore);
      socket_->send(zmq::buffer(user_id), zmq::send_flags::sndmore); // User-Id
      socket_->send(zmq::message_t(), zmq::send_flags::none);        // no metadata
    } catch (const zmq::error_t &e) {
      log::warning(who_, "ZAP: cannot answer " + address + ": " + e.what());
    }
  }
}

} // namespace flu::link
