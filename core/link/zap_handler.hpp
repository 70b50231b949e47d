// The ZAP handler of a CURVE ROUTER (ZeroMQ RFC 27): it accepts every
// client key, since peers prove who they are later, with keycards, and the
// client key is fresh per connection anyway. It logs, at debug level, who
// knocked with which key. It answers on the io_context's thread, so a
// handshake waits for that thread; that is the thread that serves the
// ROUTER too.
#pragma once

#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}
namespace zmq {
class context_t;
class socket_t;
} // namespace zmq

namespace flu::link {

class ZmqWatch;

class ZapHandler {
public:
  // Binds inproc://zeromq.zap.01 in ctx: one handler per ZeroMQ context.
  ZapHandler(boost::asio::io_context &io, zmq::context_t &ctx, std::string who);
  ~ZapHandler();
  ZapHandler(const ZapHandler &) = delete;
  ZapHandler &operator=(const ZapHandler &) = delete;

private:
  void drain();

  std::string who_;
  std::unique_ptr<zmq::socket_t> socket_;
  std::unique_ptr<ZmqWatch> watch_;
};

} // namespace flu::link
