// A deliberately plain HTTP client for the http-streamer tests: blocking
// sockets with timeouts, so that each test states exactly what a viewer does
// (reads, stalls, hangs up) and sees the bytes the server really sent.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <map>
#include <stdexcept>
#include <string>

namespace flu::modules::test {

class Connection {
public:
  // Connects to 127.0.0.1:port; a receive buffer of `rcvbuf` bytes (0: the
  // default) makes a stalled viewer stall early instead of after megabytes.
  // A read that waits longer than `read_timeout` throws.
  explicit Connection(int port, int rcvbuf = 0,
                      std::chrono::milliseconds read_timeout = std::chrono::seconds(5)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0)
      throw std::runtime_error("socket failed");
    if (rcvbuf > 0)
      setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    const auto ms = read_timeout.count();
    timeval tv{static_cast<time_t>(ms / 1000),
               static_cast<suseconds_t>(ms % 1000 * 1000)};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)
      throw std::runtime_error("cannot connect to port " + std::to_string(port));
  }
  ~Connection() {
    if (fd_ >= 0)
      close(fd_);
  }
  Connection(const Connection &) = delete;
  Connection &operator=(const Connection &) = delete;

  void send_all(const std::string &data) {
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
      if (n <= 0)
        throw std::runtime_error("send failed");
      done += static_cast<size_t>(n);
    }
  }

  // One read of up to `max` bytes: "" at end of stream or on a reset, and
  // throws on a timeout (the connection's read timeout without a byte).
  std::string read_some(size_t max = 65536) {
    std::string buffer(max, '\0');
    const ssize_t n = ::recv(fd_, buffer.data(), max, 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      throw std::runtime_error("no data within the read timeout");
    buffer.resize(n > 0 ? static_cast<size_t>(n) : 0);
    return buffer;
  }

  // Reads until `bytes` arrived, the stream ended or `time` passed.
  std::string read_for(size_t bytes, std::chrono::milliseconds time) {
    const auto end = std::chrono::steady_clock::now() + time;
    std::string out;
    while (out.size() < bytes && std::chrono::steady_clock::now() < end) {
      std::string part = read_some();
      if (part.empty())
        break;
      out += part;
    }
    return out;
  }

  int fd() const { return fd_; }

private:
  int fd_ = -1;
};

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers; // names in lower case
  std::string body;                           // what followed the head

  std::string header(const std::string &lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

// Splits "HTTP/1.1 200 OK\r\nName: value\r\n\r\nbody".
inline Response parse_response(const std::string &raw) {
  Response r;
  const auto end = raw.find("\r\n\r\n");
  if (raw.rfind("HTTP/1.", 0) != 0 || end == std::string::npos)
    return r;
  r.status = std::stoi(raw.substr(9, 3));
  size_t pos = raw.find("\r\n") + 2;
  while (pos < end) {
    const auto eol = raw.find("\r\n", pos);
    const std::string line = raw.substr(pos, eol - pos);
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char &c : name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    pos = eol + 2;
  }
  r.body = raw.substr(end + 4);
  return r;
}

// Sends `request` and reads the response: its head and `body_bytes` of body
// (or until the server closes, for error answers).
inline Response exchange(int port, const std::string &request, size_t body_bytes = 0,
                         std::chrono::milliseconds time = std::chrono::seconds(5)) {
  Connection c(port, 0, time);
  c.send_all(request);
  std::string raw;
  const auto end = std::chrono::steady_clock::now() + time;
  while (std::chrono::steady_clock::now() < end) {
    const auto head_end = raw.find("\r\n\r\n");
    if (head_end != std::string::npos && body_bytes > 0 &&
        raw.size() - head_end - 4 >= body_bytes)
      break;
    std::string part = c.read_some();
    if (part.empty())
      break;
    raw += part;
  }
  return parse_response(raw);
}

inline std::string get_request(const std::string &path,
                               const std::string &method = "GET") {
  return method + " " + path +
         " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: flu-test\r\n\r\n";
}

} // namespace flu::modules::test
