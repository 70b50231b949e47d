// The control channel between a worker and one of its jobs: a Unix
// SOCK_SEQPACKET socket, one envelope frame per packet, and optionally one
// file descriptor riding along (SCM_RIGHTS). It is how a feed socket the
// worker accepted reaches the feeder's job.
#pragma once

#include "message/envelope.hpp"

#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace flu::control {

class ControlChannel {
public:
  // fd is -1 when no descriptor came with the frame; the handler owns it.
  using FrameHandler = std::function<void(const message::Envelope &, int fd)>;
  using ClosedHandler = std::function<void(const std::string &why)>;

  // Takes ownership of socket_fd.
  ControlChannel(boost::asio::io_context &io, int socket_fd, FrameHandler on_frame,
                 ClosedHandler on_closed);
  ~ControlChannel();
  ControlChannel(const ControlChannel &) = delete;
  ControlChannel &operator=(const ControlChannel &) = delete;

  void start();
  // Sends one frame (and fd, not consumed); false, with errno set, when the
  // peer is gone or has read nothing for 2 s.
  bool send(const std::string &frame, int fd = -1);
  void close();

  // A connected pair for a worker and the job it is about to spawn.
  static void make_pair(int &worker_end, int &job_end);

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

} // namespace flu::control
