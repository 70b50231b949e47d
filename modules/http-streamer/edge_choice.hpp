// Where a full streamer sends a viewer (redirect-on-overflow): one of a
// list of edges, those that answer. Each edge's URL is checked every
// `period` on the server's network thread: an HTTP HEAD of that URL must
// answer 200 within `period` (an https:// edge: the TCP connection must be
// accepted). An edge that stops answering is out of the choice from its
// next check on, and back in once it answers again; the choice turns round
// the edges that answered their last check. Internal to the network layer:
// includes Asio.
#pragma once

#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include "edge_url.hpp"

#include <flu/module.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace flu::http_streamer {

class EdgeChoice {
public:
  using Log = std::function<void(flu_log_level, const std::string &)>;
  EdgeChoice(boost::asio::io_context &io, std::vector<EdgeUrl> edges, Log log,
             std::chrono::milliseconds period = std::chrono::seconds(2));
  ~EdgeChoice();
  EdgeChoice(const EdgeChoice &) = delete;
  EdgeChoice &operator=(const EdgeChoice &) = delete;

  // Network thread. Checks each edge now and then every period.
  void start();
  void stop();
  // The next edge that answered its last check; nullopt when none has.
  std::optional<std::string> pick();

  struct State;

private:
  std::shared_ptr<State> state_;
};

} // namespace flu::http_streamer
