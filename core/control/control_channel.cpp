#include "control/control_channel.hpp"

#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace flu::control {

namespace {
constexpr auto kSendBudget = std::chrono::seconds(2);
}

struct ControlChannel::Impl : std::enable_shared_from_this<Impl> {
  Impl(boost::asio::io_context &io, int fd, FrameHandler f, ClosedHandler c)
      : sd(io, fd), on_frame(std::move(f)), on_closed(std::move(c)),
        buffer(message::default_max_frame_bytes) {}

  boost::asio::posix::stream_descriptor sd;
  FrameHandler on_frame;
  ClosedHandler on_closed;
  std::vector<char> buffer;
  bool closed = false;

  void wait() {
    sd.async_wait(boost::asio::posix::stream_descriptor::wait_read,
                  [self = shared_from_this()](const boost::system::error_code &ec) {
                    if (ec || self->closed)
                      return;
                    self->drain();
                  });
  }

  void drain() {
    for (;;) {
      int fd = -1;
      const ssize_t n = receive(fd);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        break;
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        shut(n == 0 ? "peer closed the channel" : std::strerror(errno));
        return;
      }
      auto parsed =
          message::parse_envelope(std::string_view(buffer.data(), n), buffer.size());
      if (auto *why = std::get_if<std::string>(&parsed)) {
        if (fd >= 0)
          ::close(fd);
        shut("bad frame on control channel: " + *why);
        return;
      }
      on_frame(std::get<message::Envelope>(parsed), fd);
      if (closed)
        return;
    }
    wait();
  }

  ssize_t receive(int &fd) {
    iovec iov{buffer.data(), buffer.size()};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    const ssize_t n =
        ::recvmsg(sd.native_handle(), &msg, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
    if (n <= 0)
      return n;
    for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
        std::memcpy(&fd, CMSG_DATA(c), sizeof(int));
    if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
      if (fd >= 0)
        ::close(fd);
      errno = EMSGSIZE;
      return -1;
    }
    return n;
  }

  void shut(const std::string &why) {
    if (closed)
      return;
    closed = true;
    boost::system::error_code ignored;
    sd.close(ignored);
    if (on_closed)
      on_closed(why);
  }
};

ControlChannel::ControlChannel(boost::asio::io_context &io, int socket_fd,
                               FrameHandler on_frame, ClosedHandler on_closed)
    : impl_(std::make_shared<Impl>(io, socket_fd, std::move(on_frame),
                                   std::move(on_closed))) {}

ControlChannel::~ControlChannel() {
  impl_->on_closed = nullptr;
  impl_->closed = true;
  boost::system::error_code ignored;
  impl_->sd.close(ignored);
}

void ControlChannel::start() { impl_->drain(); }

bool ControlChannel::send(const std::string &frame, int fd) {
  if (impl_->closed)
    return false;
  iovec iov{const_cast<char *>(frame.data()), frame.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (fd >= 0) {
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &fd, sizeof(int));
  }
  // Control frames are small and rare; a blocking send keeps their order.
  // A signal (a job's SIGCHLD, say) interrupting the wait is no reason to
  // drop the frame: only a peer that reads nothing for kSendBudget is.
  const auto deadline = std::chrono::steady_clock::now() + kSendBudget;
  for (;;) {
    if (::sendmsg(impl_->sd.native_handle(), &msg, MSG_NOSIGNAL) >= 0)
      return true;
    if (errno == EINTR)
      continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK)
      return false;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      errno = ETIMEDOUT;
      return false;
    }
    pollfd p{impl_->sd.native_handle(), POLLOUT, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) < 0 && errno != EINTR)
      return false;
  }
}

void ControlChannel::close() { impl_->shut("closed"); }

void ControlChannel::make_pair(int &worker_end, int &job_end) {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) != 0)
    throw std::runtime_error(std::string("socketpair: ") + std::strerror(errno));
  worker_end = fds[0];
  job_end = fds[1];
}

} // namespace flu::control
