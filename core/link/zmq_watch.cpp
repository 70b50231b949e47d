#include "link/zmq_watch.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>

#include <zmq.hpp>

#include <utility>

namespace flu::link {

struct ZmqWatch::State : std::enable_shared_from_this<State> {
  State(boost::asio::io_context &io, int fd, std::function<void()> drain)
      : io(io), sd(io, fd), drain(std::move(drain)) {}

  boost::asio::io_context &io;
  boost::asio::posix::stream_descriptor sd;
  std::function<void()> drain;
  bool closed = false;
  bool waiting = false; // one async_wait at a time, or wake-ups multiply
  bool poke_posted = false;

  void wake() {
    const auto keep = shared_from_this(); // drain may destroy the watch
    drain();
    if (!closed)
      arm();
  }

  void arm() {
    if (waiting)
      return;
    waiting = true;
    std::weak_ptr<State> weak = shared_from_this();
    sd.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                  [weak](const boost::system::error_code &ec) {
                    auto self = weak.lock();
                    if (!self)
                      return;
                    self->waiting = false;
                    if (!ec && !self->closed)
                      self->wake();
                  });
  }

  void poke() {
    if (poke_posted || closed)
      return;
    poke_posted = true;
    std::weak_ptr<State> weak = shared_from_this();
    boost::asio::post(io, [weak] {
      auto self = weak.lock();
      if (!self)
        return;
      self->poke_posted = false;
      if (!self->closed)
        self->wake();
    });
  }
};

ZmqWatch::ZmqWatch(boost::asio::io_context &io, zmq::socket_t &socket,
                   std::function<void()> drain)
    : state_(
          std::make_shared<State>(io, socket.get(zmq::sockopt::fd), std::move(drain))) {
  state_->poke();
}

ZmqWatch::~ZmqWatch() {
  state_->closed = true;
  boost::system::error_code ignored;
  state_->sd.cancel(ignored);
  state_->sd.release(); // the descriptor belongs to ZeroMQ
}

void ZmqWatch::poke() { state_->poke(); }

} // namespace flu::link
