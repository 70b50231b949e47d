// Where a full streamer sends a viewer (redirect-on-overflow).
//
// Edges in the planet (component ids) are chosen by the load the manager
// replicates, read through flu_host::component_state (never waiting on the
// network): only an edge whose mood is happy, that published its `url`, is
// not draining and has room (`viewers` below `client-limit`, counting the
// viewers sent there since its last figure) is a candidate; the lowest
// viewers/client-limit wins, then the lowest CPU (whole percent), and ties
// take turns. An edge whose worker is lost turns lost in the manager after
// the peer timeout, and so leaves the choice.
//
// Edges outside the planet (URLs) are the fallback, when no planet edge
// has room: each is checked every `period` on the server's network thread
// (an HTTP HEAD must answer 200 within `period`: a full or draining
// http-streamer answers 503; an https:// edge: the TCP connection must be
// accepted); those that answered take turns. Internal to the network layer:
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
  // Another component's replicated state (component id, key); nullopt
  // when unknown. Never waits.
  using StateFn =
      std::function<std::optional<std::string>(const std::string &, const std::string &)>;
  EdgeChoice(boost::asio::io_context &io, EdgeList edges, StateFn state, Log log,
             std::chrono::milliseconds period = std::chrono::seconds(2));
  ~EdgeChoice();
  EdgeChoice(const EdgeChoice &) = delete;
  EdgeChoice &operator=(const EdgeChoice &) = delete;

  // Network thread. Checks each edge now and then every period.
  void start();
  void stop();
  // The least-loaded planet edge with room, else the next URL edge that
  // answered its last check; nullopt when there is none.
  std::optional<std::string> pick();

  struct State;

private:
  std::shared_ptr<State> state_;
};

} // namespace flu::http_streamer
