// Simulated viewers (see viewer_pool.hpp).
#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include "viewer_pool.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <memory>
#include <vector>

namespace flu::stress {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using error_code = boost::system::error_code;

constexpr size_t kReadBudget = 1u
                               << 20; // per turn, so one fast viewer cannot starve others
constexpr size_t kMaxHead = 16384;
constexpr unsigned kPortsPerSource =
    20000; // loopback has ~28k ephemeral ports per source

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

struct Viewer {
  explicit Viewer(asio::io_context &io) : socket(io) {}
  tcp::socket socket;
  ViewerResult result;
  Clock::time_point started;
  std::string head;
  bool head_done = false;
  bool done = false;
};

class Pool {
public:
  Pool(const Target &target, const RunOptions &options)
      : target_(target), options_(options), ramp_timer_(io_), end_timer_(io_),
        request_("GET " + target.path + " HTTP/1.1\r\nHost: " + target.host_header +
                 "\r\nUser-Agent: flu-stress\r\nAccept: */*\r\n\r\n") {
    endpoint_ = tcp::endpoint(asio::ip::make_address(target.address), target.port);
  }

  Report run() {
    begin_ = Clock::now();
    viewers_.reserve(options_.viewers);
    end_timer_.expires_at(begin_ + options_.duration);
    end_timer_.async_wait([this](error_code ec) {
      if (!ec)
        finish_all();
    });
    ramp();
    io_.run();
    Report report;
    report.viewers = options_.viewers;
    report.seconds = std::chrono::duration<double>(options_.duration).count();
    for (const auto &v : viewers_)
      report.results.push_back(v->result);
    return report;
  }

private:
  void ramp() {
    // Start every viewer whose time has come, then wait for the next one.
    const auto now = Clock::now();
    while (viewers_.size() < options_.viewers && due(viewers_.size()) <= now)
      start_viewer(viewers_.size());
    if (viewers_.size() < options_.viewers && !ending_) {
      ramp_timer_.expires_at(due(viewers_.size()));
      ramp_timer_.async_wait([this](error_code ec) {
        if (!ec)
          ramp();
      });
    }
  }

  Clock::time_point due(size_t index) const {
    return begin_ + options_.ramp * index / options_.viewers;
  }

  void start_viewer(size_t index) {
    viewers_.push_back(std::make_unique<Viewer>(io_));
    Viewer &v = *viewers_.back();
    v.started = Clock::now();
    error_code ec;
    v.socket.open(endpoint_.protocol(), ec);
    if (!ec && endpoint_.address().is_v4() && options_.viewers > kPortsPerSource) {
      // More source addresses, more ephemeral ports: 127.0.0.2, .3, ...
      const auto source =
          asio::ip::make_address_v4(0x7f000002u + index / kPortsPerSource);
      v.socket.bind(tcp::endpoint(source, 0), ec);
    }
    if (ec) {
      drop(v);
      return;
    }
    v.socket.async_connect(endpoint_, [this, &v](error_code ec) {
      if (ec || v.done) {
        drop(v);
        return;
      }
      v.result.connected = true;
      error_code ignored;
      v.socket.non_blocking(true, ignored);
      asio::async_write(v.socket, asio::buffer(request_),
                        [this, &v](error_code ec, size_t) {
                          if (ec || v.done)
                            drop(v);
                          else
                            wait(v);
                        });
    });
  }

  void wait(Viewer &v) {
    v.socket.async_wait(tcp::socket::wait_read, [this, &v](error_code ec) {
      if (ec || v.done) {
        drop(v);
        return;
      }
      consume(v);
    });
  }

  void consume(Viewer &v) {
    size_t budget = kReadBudget;
    while (budget > 0) {
      error_code ec;
      const size_t n = v.socket.read_some(asio::buffer(buffer_), ec);
      if (ec == asio::error::would_block || ec == asio::error::try_again) {
        wait(v);
        return;
      }
      if (ec || n == 0) {
        drop(v);
        return;
      }
      if (v.result.ttfb_ms < 0)
        v.result.ttfb_ms = ms_between(v.started, Clock::now());
      take(v, n);
      budget -= std::min(budget, n);
    }
    asio::post(io_, [this, &v] {
      if (!v.done)
        consume(v);
    });
  }

  void take(Viewer &v, size_t n) {
    if (v.head_done) {
      v.result.body_bytes += n;
      return;
    }
    const size_t old = v.head.size();
    v.head.append(buffer_.data(), std::min(n, kMaxHead - old));
    const auto end = v.head.find("\r\n\r\n");
    if (end == std::string::npos) {
      if (v.head.size() >= kMaxHead)
        drop(v);
      return;
    }
    v.head_done = true;
    // "HTTP/1.1 200 OK"
    const auto space = v.head.find(' ');
    if (space != std::string::npos)
      v.result.status = std::atoi(v.head.c_str() + space + 1);
    v.result.body_bytes += n - (end + 4 - old);
    v.head.clear();
    v.head.shrink_to_fit();
  }

  void drop(Viewer &v) {
    if (v.done)
      return;
    v.done = true;
    v.result.dropped = !ending_;
    v.result.seconds = std::chrono::duration<double>(Clock::now() - v.started).count();
    error_code ignored;
    v.socket.close(ignored);
  }

  void finish_all() {
    ending_ = true;
    ramp_timer_.cancel();
    for (auto &v : viewers_)
      drop(*v);
    io_.stop();
  }

  const Target &target_;
  const RunOptions &options_;
  asio::io_context io_{1};
  asio::steady_timer ramp_timer_;
  asio::steady_timer end_timer_;
  tcp::endpoint endpoint_;
  const std::string request_;
  std::vector<std::unique_ptr<Viewer>> viewers_;
  std::array<char, 256 * 1024> buffer_{};
  Clock::time_point begin_;
  bool ending_ = false;
};

} // namespace

Report run_viewers(const Target &target, const RunOptions &options) {
  auto pool = std::make_unique<Pool>(target, options);
  return pool->run();
}

} // namespace flu::stress
