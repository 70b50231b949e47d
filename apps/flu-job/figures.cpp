// The job's own figures in the UI state (see figures.hpp).
#include "figures.hpp"
#include "steady_ms.hpp"

#include <cstdio>
#include <utility>

namespace flu::job {
namespace {

std::string one_decimal(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", value);
  return text;
}

} // namespace

Figures::Figures(boost::asio::io_context &io, UiState &ui, const JobFeeds &feeds,
                 Flush flush)
    : ui_(ui), feeds_(feeds), flush_(std::move(flush)), timer_(io) {}

void Figures::start() {
  ui_.set("start-time", std::to_string(process_.start_time_unix()));
  timer_.expires_after(ui_period);
  timer_.async_wait([this](auto ec) { on_tick(ec); });
}

void Figures::stop() {
  stopped_ = true;
  timer_.cancel();
}

void Figures::on_tick(const boost::system::error_code &ec) {
  if (ec || stopped_)
    return;
  if (ticks_++ % ui_stats_every == 0)
    measure();
  message::Values changes = ui_.take_changes();
  if (!changes.empty())
    flush_(std::move(changes));
  timer_.expires_after(ui_period);
  timer_.async_wait([this](auto e) { on_tick(e); });
}

void Figures::measure() {
  if (const auto cpu = process_.cpu_percent())
    ui_.set("cpu-percent", one_decimal(*cpu));
  if (const auto rss = process_.resident_bytes())
    ui_.set("memory-bytes", std::to_string(*rss));
  ui_.set("uptime-seconds", std::to_string(process_.uptime_seconds()));
  const int64_t now = steady_ms();
  const double seconds = static_cast<double>(now - measured_ms_) / 1000.0;
  for (const auto &feeder : feeds_.feeders()) {
    const std::string key = "feeder:" + feeder->name() + ":";
    const uint64_t bytes = feeder->bytes();
    uint64_t &last = feeder_bytes_[feeder->name()];
    if (measured_ms_ && seconds > 0)
      ui_.set(key + "bitrate",
              std::to_string(static_cast<uint64_t>((bytes - last) * 8 / seconds)));
    last = bytes;
    ui_.set(key + "clients", std::to_string(feeder->clients()));
  }
  for (const auto &eater : feeds_.eaters()) {
    const std::string key =
        "eater:" + eater->name() + ":" + std::to_string(eater->index()) + ":";
    ui_.set(key + "connected", eater->connected() ? "true" : "false");
    // Which feeder it streams from: a virtual feed's provider changes.
    if (eater->connected())
      ui_.set(key + "feed", eater->source());
    if (const int64_t last = eater->last_buffer_ms())
      ui_.set(key + "last-data-seconds", std::to_string((now - last) / 1000));
  }
  measured_ms_ = now;
}

} // namespace flu::job
