// Live viewers on poll() (see viewers.hpp).
#include "viewers.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>
#include <stdexcept>

namespace flu::viewers {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

Viewers::Viewers(uint16_t port, const std::string &path, unsigned count,
                 const std::string &save_file)
    : buffer_(256 * 1024) {
  if (!save_file.empty()) {
    save_.open(save_file, std::ios::binary | std::ios::trunc);
    if (!save_)
      throw std::runtime_error("cannot write " + save_file);
  }
  const std::string request =
      "GET " + path +
      " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: flu-viewers\r\n"
      "Accept: */*\r\n\r\n";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  viewers_.resize(count);
  for (auto &v : viewers_) {
    v.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (v.fd < 0 ||
        ::connect(v.fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::send(v.fd, request.data(), request.size(), MSG_NOSIGNAL) !=
            static_cast<ssize_t>(request.size()))
      throw std::runtime_error(std::string("cannot connect a viewer: ") +
                               std::strerror(errno));
    ::fcntl(v.fd, F_SETFL, ::fcntl(v.fd, F_GETFL) | O_NONBLOCK);
  }
}

Viewers::~Viewers() {
  for (auto &v : viewers_)
    if (v.fd >= 0)
      ::close(v.fd);
}

void Viewers::run_for(int ms) {
  const int64_t end = now_ms() + ms;
  std::vector<pollfd> fds;
  std::vector<Viewer *> owners;
  for (int64_t now = now_ms(); now < end; now = now_ms()) {
    fds.clear();
    owners.clear();
    for (auto &v : viewers_)
      if (!v.disconnected) {
        fds.push_back({v.fd, POLLIN, 0});
        owners.push_back(&v);
      }
    if (fds.empty())
      return;
    const int n = ::poll(fds.data(), fds.size(), static_cast<int>(end - now));
    if (n <= 0)
      continue;
    const int64_t at = now_ms();
    for (size_t i = 0; i < fds.size(); ++i)
      if (fds[i].revents)
        read(*owners[i], at);
  }
}

void Viewers::read(Viewer &v, int64_t now) {
  for (;;) {
    const ssize_t n = ::recv(v.fd, buffer_.data(), buffer_.size(), 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return;
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      v.disconnected = true;
      return;
    }
    size_t body = static_cast<size_t>(n);
    const char *data = buffer_.data();
    if (!v.head_done) {
      const size_t old = v.head.size();
      v.head.append(data, static_cast<size_t>(n));
      const auto end = v.head.find("\r\n\r\n");
      if (end == std::string::npos)
        continue;
      v.head_done = true;
      const auto space = v.head.find(' ');
      v.status = space == std::string::npos ? 0 : std::atoi(v.head.c_str() + space + 1);
      const size_t skip = end + 4 - old;
      data += skip;
      body -= skip;
    }
    if (body == 0)
      continue;
    if (v.last_read_ms)
      v.longest_gap_ms = std::max(v.longest_gap_ms, now - v.last_read_ms);
    v.last_read_ms = now;
    v.bytes += body;
    if (&v == &viewers_.front() && save_.is_open())
      save_.write(data, static_cast<std::streamsize>(body));
  }
}

std::string Viewers::figures() const {
  size_t disconnected = 0;
  int64_t gap = 0;
  std::ostringstream bytes;
  for (const auto &v : viewers_) {
    disconnected += v.disconnected;
    gap = std::max(gap, v.longest_gap_ms);
    bytes << " " << v.bytes;
  }
  std::ostringstream out;
  out << "viewers " << viewers_.size() << "\nconnected " << viewers_.size() - disconnected
      << "\ndisconnected " << disconnected << "\nlongest-gap-ms " << gap << "\nbytes"
      << bytes.str() << "\n";
  return out.str();
}

} // namespace flu::viewers
