// The worker's one feed port. An eater connects, names the feed it wants
// (FeedRequest), and if a job here feeds it, the socket is handed to that
// job; from then on the media flows job to job, past the worker.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace flu::worker {

class FeedServer {
public:
  // Returns an empty string and takes the socket (fd) when the feed is
  // served here; otherwise the reason for refusing.
  using Route = std::function<std::string(const std::string &feed_id, int fd)>;

  FeedServer(boost::asio::io_context &io, uint16_t port, Route route);
  ~FeedServer();
  uint16_t port() const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

} // namespace flu::worker
