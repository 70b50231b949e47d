#include "feed_server.hpp"

#include "link/zmq_link.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"

#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <unistd.h>

namespace flu::worker {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr std::size_t max_request_bytes = 4096;
constexpr auto request_timeout = std::chrono::seconds(10);
const char *const who = "feed-server";

// One eater between connecting and being handed over (or refused).
struct Handshake : std::enable_shared_from_this<Handshake> {
  Handshake(tcp::socket s, FeedServer::Route &r)
      : socket(std::move(s)), timer(socket.get_executor()), route(r) {}
  tcp::socket socket;
  asio::steady_timer timer;
  FeedServer::Route &route;
  std::string header = std::string(message::envelope_header_size, '\0');
  std::string body;
  std::string reply;
  std::string peer;

  void start() {
    boost::system::error_code ec;
    peer = socket.remote_endpoint(ec).address().to_string();
    auto self = shared_from_this();
    timer.expires_after(request_timeout);
    timer.async_wait([self](auto ec2) {
      if (!ec2) {
        log::warning(who, "eater at " + self->peer + " sent no request in time");
        boost::system::error_code ignored;
        self->socket.close(ignored);
      }
    });
    asio::async_read(socket, asio::buffer(header), [self](auto ec2, auto) {
      if (ec2)
        return;
      auto size = message::frame_size(self->header, max_request_bytes);
      if (auto *why = std::get_if<std::string>(&size))
        return self->refuse("bad request: " + *why);
      self->body.assign(std::get<std::size_t>(size) - message::envelope_header_size,
                        '\0');
      asio::async_read(self->socket, asio::buffer(self->body), [self](auto ec3, auto) {
        if (!ec3)
          self->requested();
      });
    });
  }

  void requested() {
    message::FeedRequest request;
    try {
      const std::string frame = header + body; // the envelope points into it
      auto parsed = message::parse_envelope(frame, max_request_bytes);
      const auto &env = std::get<message::Envelope>(parsed);
      if (env.type != static_cast<uint16_t>(message::Type::feed_request))
        return refuse("expected a feed request");
      request = message::decode<message::FeedRequest>(env.payload);
    } catch (const std::exception &e) {
      return refuse(std::string("bad request: ") + e.what());
    }
    // Checked before the reply, so that a refused eater hears why; the
    // socket goes to the job only after the reply, so that no media byte
    // can overtake it.
    if (std::string why = route(request, -1); !why.empty()) {
      log::warning(who, "eater " + link::printable_id(request.eater) + " at " + peer +
                            " asked for " + link::printable_id(request.feed_id) + ": " +
                            why);
      return refuse(why);
    }
    reply = message::pack(message::FeedReply{true, ""});
    auto self = shared_from_this();
    asio::async_write(socket, asio::buffer(reply), [self, request](auto ec, auto) {
      self->timer.cancel();
      if (ec)
        return;
      const int fd = self->socket.release();
      const std::string why = self->route(request, fd);
      if (!why.empty()) {
        ::close(fd);
        log::warning(who, "eater " + request.eater + " at " + self->peer + " lost " +
                              request.feed_id + ": " + why);
      } else {
        log::info(who, "eater " + request.eater + " at " + self->peer + " connected to " +
                           request.feed_id);
      }
    });
  }

  void refuse(const std::string &why) {
    log::warning(who, "eater at " + peer + " refused: " + why);
    reply = message::pack(message::FeedReply{false, why});
    auto self = shared_from_this();
    asio::async_write(socket, asio::buffer(reply), [self](auto, auto) {
      self->timer.cancel();
      boost::system::error_code ignored;
      self->socket.close(ignored);
    });
  }
};

} // namespace

struct FeedServer::Impl : std::enable_shared_from_this<Impl> {
  Impl(asio::io_context &io, uint16_t port, Route r)
      : acceptor(io, tcp::endpoint(tcp::v4(), port)), route(std::move(r)) {}
  tcp::acceptor acceptor;
  Route route;

  void accept() {
    std::weak_ptr<Impl> weak = shared_from_this();
    acceptor.async_accept([weak](const boost::system::error_code &ec, tcp::socket s) {
      auto self = weak.lock();
      if (!self)
        return;
      if (!ec)
        std::make_shared<Handshake>(std::move(s), self->route)->start();
      if (ec != asio::error::operation_aborted)
        self->accept();
    });
  }
};

FeedServer::FeedServer(asio::io_context &io, uint16_t port, Route route)
    : impl_(std::make_shared<Impl>(io, port, std::move(route))) {
  impl_->accept();
}

FeedServer::~FeedServer() {
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
}

uint16_t FeedServer::port() const { return impl_->acceptor.local_endpoint().port(); }

} // namespace flu::worker
