// flu::sdk::PorterClient: a component's side of the porter (Flumotion's
// porterclient): it logs in on the porter's socket, registers its paths
// and prefixes, and receives the viewers' sockets the porter accepted for
// them. A lost porter (restarted, not yet there) is retried every second,
// forever: the component keeps running and takes its paths back once the
// porter is back.
//
// One thread of its own, blocking in poll(); on_connection runs there, so
// it must only post the socket to the component's own network thread.
// Protocol: <flu/sdk/porter_protocol.hpp>.
#pragma once

#include <flu/module.h>
#include <flu/sdk/porter_protocol.hpp>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace flu::sdk {

struct PorterClientSettings {
  std::string socket_path;
  std::string username;
  std::string password;
  std::vector<std::string> paths;    // exact request paths
  std::vector<std::string> prefixes; // every path under these
};

class PorterClient {
public:
  // fd: a connected TCP socket the callee owns from then on; bytes: what the
  // porter already read of the request; peer: the viewer's address.
  using ConnectionFn = std::function<void(int fd, std::string bytes, std::string peer)>;
  using LogFn = std::function<void(flu_log_level, const std::string &)>;
  // Whether the paths are registered now; on false, why not.
  using StatusFn = std::function<void(bool registered, const std::string &why)>;

  PorterClient(PorterClientSettings settings, ConnectionFn on_connection, LogFn log,
               StatusFn status = {})
      : settings_(std::move(settings)), on_connection_(std::move(on_connection)),
        log_(std::move(log)), status_(std::move(status)) {
    if (settings_.socket_path.size() >= sizeof(sockaddr_un::sun_path))
      throw std::runtime_error("porter socket path " + settings_.socket_path +
                               " is too long for a Unix socket");
    for (const auto &p : settings_.paths)
      check_path(p);
    for (const auto &p : settings_.prefixes)
      check_path(p);
    if (pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0)
      throw std::runtime_error(std::string("porter client: pipe: ") +
                               std::strerror(errno));
    thread_ = std::thread([this] { run(); });
  }

  ~PorterClient() {
    stop_ = true;
    const char c = 0;
    [[maybe_unused]] auto ignored = write(wake_[1], &c, 1);
    thread_.join();
    close(wake_[0]);
    close(wake_[1]);
  }

  PorterClient(const PorterClient &) = delete;
  PorterClient &operator=(const PorterClient &) = delete;

private:
  static void check_path(const std::string &p) {
    if (!porter::valid_path(p))
      throw std::runtime_error("'" + p +
                               "' cannot be registered with the porter: a path "
                               "starts with / and has no spaces");
  }

  void log(flu_log_level level, const std::string &text) {
    if (log_)
      log_(level, text);
  }
  void status(bool registered, const std::string &why) {
    if (status_)
      status_(registered, why);
  }

  // Waits until fd is readable (true), or the client stops or `ms` pass (false).
  bool wait_readable(int fd, int ms) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_[0], POLLIN, 0}};
    while (!stop_) {
      const int n = poll(fds, 2, ms); // a negative fd is skipped
      if (n < 0 && errno == EINTR)
        continue;
      if (fd < 0) // only sleeping
        return false;
      return n > 0 && (fds[0].revents != 0) && !stop_;
    }
    return false;
  }

  // One packet, with the descriptor it carried (or -1); "" and no fd when
  // the porter went away.
  static std::string receive(int fd, int &passed) {
    passed = -1;
    std::string buffer(porter::kMaxPacket + 1, '\0');
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)];
    iovec iov{buffer.data(), buffer.size()};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
    for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
        continue;
      const size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
      for (size_t i = 0; i < count; ++i) {
        int got;
        std::memcpy(&got, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
        if (passed < 0)
          passed = got;
        else
          close(got); // one descriptor per message; more is the porter's bug
      }
    }
    if (n <= 0) {
      if (passed >= 0)
        close(passed);
      passed = -1;
      return {};
    }
    buffer.resize(static_cast<size_t>(n));
    return buffer;
  }

  // Sends a request and waits for its OK; throws with the porter's reason.
  void ask(int fd, const std::string &verb, const std::vector<std::string> &fields) {
    const std::string packet = porter::encode(verb, fields);
    if (send(fd, packet.data(), packet.size(), MSG_NOSIGNAL) < 0)
      throw std::runtime_error(std::string("cannot talk to the porter: ") +
                               std::strerror(errno));
    if (!wait_readable(fd, 10000))
      throw std::runtime_error(stop_ ? "stopping" : "the porter did not answer " + verb);
    int passed = -1;
    const std::string answer = receive(fd, passed);
    if (passed >= 0)
      close(passed);
    const auto m = porter::decode(answer);
    if (!m)
      throw std::runtime_error(answer.empty() ? "the porter closed the connection"
                                              : "the porter's answer makes no sense");
    if (m->verb == "ERROR")
      throw std::runtime_error("the porter refused " + verb + ": " + m->fields[0]);
    if (m->verb != "OK")
      throw std::runtime_error("the porter answered " + m->verb + " to " + verb);
  }

  void session(int fd) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::memcpy(address.sun_path, settings_.socket_path.data(),
                settings_.socket_path.size());
    if (connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
      throw std::runtime_error("cannot reach the porter at " + settings_.socket_path +
                               ": " + std::strerror(errno));
    ask(fd, "LOGIN", {settings_.username, settings_.password});
    for (const auto &p : settings_.paths)
      ask(fd, "REGISTER", {p});
    for (const auto &p : settings_.prefixes)
      ask(fd, "PREFIX", {p});
    log(FLU_LOG_INFO, "registered with the porter at " + settings_.socket_path);
    status(true, {});
    last_error_.clear();
    while (wait_readable(fd, -1)) {
      int passed = -1;
      const std::string packet = receive(fd, passed);
      if (packet.empty())
        throw std::runtime_error("the porter went away");
      const auto m = porter::decode(packet);
      // The porter ends a login (its keycard expired): we log in again.
      if (m && m->verb == "ERROR" && passed < 0)
        throw std::runtime_error("the porter ended our login: " + m->fields[0]);
      if (!m || m->verb != "CONNECTION" || passed < 0) {
        if (passed >= 0)
          close(passed);
        log(FLU_LOG_WARNING, "ignored a message from the porter that makes no sense");
        continue;
      }
      on_connection_(passed, m->fields[1], m->fields[0]);
    }
  }

  void run() {
    while (!stop_) {
      const int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
      try {
        if (fd < 0)
          throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
        session(fd);
      } catch (const std::exception &e) {
        if (!stop_ && e.what() != last_error_) {
          // Said once per kind of failure, not every second.
          log(FLU_LOG_WARNING, std::string(e.what()) + "; retrying every second");
          last_error_ = e.what();
        }
        if (!stop_)
          status(false, e.what());
      }
      if (fd >= 0)
        close(fd);
      wait_readable(-1, 1000);
    }
  }

  PorterClientSettings settings_;
  ConnectionFn on_connection_;
  LogFn log_;
  StatusFn status_;
  std::atomic<bool> stop_{false};
  std::string last_error_; // the client thread's
  int wake_[2] = {-1, -1};
  std::thread thread_;
};

} // namespace flu::sdk
