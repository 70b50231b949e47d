// A ZeroMQ socket's wake-ups, delivered by Boost.Asio on the io_context's
// thread.
//
// ZMQ_FD only says "the socket's state may have changed", and recv, send and
// reading ZMQ_EVENTS all consume that signal. So the owner's drain() must
// read until ZMQ_EVENTS shows no POLLIN, and after a send made outside a
// drain the owner calls poke(), so that input which arrived meanwhile is not
// left waiting (shared/reference/stack.md §6). The descriptor belongs to
// ZeroMQ: it is released, never closed, and the socket must outlive the
// watch.
#pragma once

#include <functional>
#include <memory>

namespace boost::asio {
class io_context;
}
namespace zmq {
class socket_t;
}

namespace flu::link {

class ZmqWatch {
public:
  // The first drain runs soon (posted), as input may already be queued.
  // drain may destroy this watch.
  ZmqWatch(boost::asio::io_context &io, zmq::socket_t &socket,
           std::function<void()> drain);
  ~ZmqWatch();
  ZmqWatch(const ZmqWatch &) = delete;
  ZmqWatch &operator=(const ZmqWatch &) = delete;

  // Drain soon; several pokes before it runs make one drain.
  void poke();

private:
  struct State;
  std::shared_ptr<State> state_;
};

} // namespace flu::link
