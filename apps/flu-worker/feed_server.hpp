// The worker's one feed port. An eater connects, names the feed it wants
// (FeedRequest), and if a job here feeds it, the socket is handed to that
// job; from then on the media flows job to job, past the worker.
#pragma once

#include "message/messages.hpp"

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
  // Returns an empty string when the feed is served here and the manager
  // granted it to that eater with that token, otherwise the reason for
  // refusing. Called with fd -1 to check only, then with the socket, which
  // it takes when it returns "".
  using Route = std::function<std::string(const message::FeedRequest &request, int fd)>;

  FeedServer(boost::asio::io_context &io, uint16_t port, Route route);
  ~FeedServer();
  uint16_t port() const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

} // namespace flu::worker
