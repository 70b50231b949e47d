// The job's own figures in the component's UI state: its process (cpu,
// memory, uptime, start time), each feeder (bitrate, clients) and each
// eater (connected, seconds since its last data). The UI state goes out at
// most every half second, with the figures taken every fourth time (2 s):
// often enough for an operator, cheap enough for a thousand components.
#pragma once

#include "job_feeds.hpp"
#include "process_stats.hpp"
#include "ui_state.hpp"

#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>

namespace flu::job {

class Figures {
public:
  static constexpr std::chrono::milliseconds ui_period{500};
  static constexpr int ui_stats_every = 4;

  // Hands the UI state's changes on (never empty).
  using Flush = std::function<void(message::Values changes)>;

  Figures(boost::asio::io_context &io, UiState &ui, const JobFeeds &feeds, Flush flush);

  // The component starts: its start time goes in, and the ticks begin.
  void start();
  void stop();

  // Takes the figures now (the first tick does). Main thread.
  void measure();

private:
  void on_tick(const boost::system::error_code &ec);

  UiState &ui_;
  const JobFeeds &feeds_;
  Flush flush_;
  boost::asio::steady_timer timer_;
  ProcessStats process_;
  bool stopped_ = false;
  int ticks_ = 0;
  int64_t measured_ms_ = 0;
  std::map<std::string, uint64_t> feeder_bytes_;
};

} // namespace flu::job
