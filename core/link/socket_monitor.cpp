#include "link/socket_monitor.hpp"

#include "link/zmq_watch.hpp"
#include "log/log.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <zmq.hpp>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <deque>
#include <mutex>
#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace flu::link {
namespace {

std::string next_endpoint(const char *what) {
  static std::atomic<unsigned> next{0};
  return std::string("inproc://flu-") + what + "-" + std::to_string(next++);
}

// Starts monitoring `watched` and returns the connected reading end.
std::unique_ptr<zmq::socket_t> monitor_pair(zmq::context_t &ctx, zmq::socket_t &watched,
                                            int events) {
  const std::string endpoint = next_endpoint("monitor");
  if (zmq_socket_monitor(watched.handle(), endpoint.c_str(), events) != 0)
    throw zmq::error_t();
  auto pair = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::pair);
  pair->set(zmq::sockopt::linger, 0);
  pair->connect(endpoint);
  return pair;
}

std::optional<MonitorEvent> read_event(zmq::socket_t &pair) {
  zmq::message_t head, endpoint;
  if (!pair.recv(head, zmq::recv_flags::dontwait))
    return std::nullopt;
  // The endpoint part always follows (one multipart message).
  if (head.more())
    (void)pair.recv(endpoint);
  MonitorEvent e;
  if (head.size() >= 6) {
    std::memcpy(&e.event, head.data(), 2);
    std::memcpy(&e.value, static_cast<const char *>(head.data()) + 2, 4);
  }
  return e;
}

} // namespace

SocketMonitor::SocketMonitor(boost::asio::io_context &io, zmq::context_t &ctx,
                             zmq::socket_t &watched, int events,
                             std::function<void()> on_readable)
    : watched_(watched), pair_(monitor_pair(ctx, watched, events)) {
  watch_ = std::make_unique<ZmqWatch>(io, *pair_, std::move(on_readable));
}

SocketMonitor::~SocketMonitor() {
  watch_.reset();
  zmq_socket_monitor(watched_.handle(), nullptr, 0);
}

std::optional<MonitorEvent> SocketMonitor::read() { return read_event(*pair_); }

// Events from the thread, waiting for the io_context's thread.
struct AcceptMonitor::Outbox {
  Outbox(boost::asio::io_context &io, std::function<void(std::vector<MonitorEvent>)> f)
      : io(io), on_events(std::move(f)) {}

  boost::asio::io_context &io;
  std::function<void(std::vector<MonitorEvent>)> on_events;
  std::mutex mutex;
  std::vector<MonitorEvent> events;
  bool posted = false;
  bool closed = false; // touched on io's thread only

  void deliver(std::vector<MonitorEvent> batch, const std::shared_ptr<Outbox> &self) {
    std::lock_guard lock(mutex);
    events.insert(events.end(), std::make_move_iterator(batch.begin()),
                  std::make_move_iterator(batch.end()));
    if (posted)
      return;
    posted = true;
    boost::asio::post(io, [weak = std::weak_ptr<Outbox>(self)] {
      auto box = weak.lock();
      if (!box)
        return;
      std::vector<MonitorEvent> taken;
      {
        std::lock_guard lock(box->mutex);
        taken.swap(box->events);
        box->posted = false;
      }
      if (!box->closed)
        box->on_events(std::move(taken));
    });
  }
};

AcceptMonitor::AcceptMonitor(boost::asio::io_context &io, zmq::context_t &ctx,
                             zmq::socket_t &watched, int events,
                             std::function<void(std::vector<MonitorEvent>)> on_events)
    : watched_(watched), outbox_(std::make_shared<Outbox>(io, std::move(on_events))) {
  auto pair =
      monitor_pair(ctx, watched, events | ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED);
  // Both ends made here, so that stopping never waits for the thread to
  // have connected; the thread's end moves to it (thread start is the
  // memory barrier ZeroMQ asks for when a socket changes threads).
  const std::string stop_endpoint = next_endpoint("monitor-stop");
  stop_ = std::make_unique<zmq::socket_t>(ctx, zmq::socket_type::pair);
  stop_->set(zmq::sockopt::linger, 0);
  stop_->bind(stop_endpoint);
  zmq::socket_t stop_end(ctx, zmq::socket_type::pair);
  stop_end.set(zmq::sockopt::linger, 0);
  stop_end.connect(stop_endpoint);
  thread_ = std::thread(read_accepts, std::move(*pair), std::move(stop_end), outbox_);
}

AcceptMonitor::~AcceptMonitor() {
  outbox_->closed = true;
  zmq_socket_monitor(watched_.handle(), nullptr, 0);
  // The pipe to the thread's end exists since the constructor, so this
  // does not wait; it can only fail when the thread has ended already.
  try {
    (void)stop_->send(zmq::str_buffer("stop"), zmq::send_flags::dontwait);
  } catch (const zmq::error_t &e) {
    log::error("link",
               std::string("cannot stop the ROUTER's monitor thread: ") + e.what());
  }
  thread_.join();
}

// The thread: waits on the monitor and on `stop`, reads addresses.
void AcceptMonitor::read_accepts(zmq::socket_t pair, zmq::socket_t stop,
                                 std::shared_ptr<Outbox> outbox) {
  std::deque<MonitorEvent> queued;
  auto read_all = [&] {
    while (auto e = read_event(pair))
      queued.push_back(std::move(*e));
  };
  auto disconnect_queued = [&](uint32_t fd) {
    return std::any_of(queued.begin(), queued.end(), [fd](const MonitorEvent &e) {
      return e.event == ZMQ_EVENT_DISCONNECTED && e.value == fd;
    });
  };
  auto reaccepted_queued = [&](uint32_t fd) {
    auto closed = std::find_if(queued.begin(), queued.end(), [fd](const MonitorEvent &e) {
      return e.event == ZMQ_EVENT_DISCONNECTED && e.value == fd;
    });
    return std::any_of(closed, queued.end(), [fd](const MonitorEvent &e) {
      return e.event == ZMQ_EVENT_ACCEPTED && e.value == fd;
    });
  };
  try {
    zmq::pollitem_t items[] = {{pair.handle(), 0, ZMQ_POLLIN, 0},
                               {stop.handle(), 0, ZMQ_POLLIN, 0}};
    for (;;) {
      zmq::poll(items, 2, std::chrono::milliseconds(-1));
      if (items[1].revents & ZMQ_POLLIN)
        return;
      read_all();
      std::vector<MonitorEvent> batch;
      while (!queued.empty()) {
        MonitorEvent e = std::move(queued.front());
        queued.pop_front();
        if (e.event == ZMQ_EVENT_ACCEPTED) {
          read_all();
          if (!disconnect_queued(e.value)) {
            e.address = peer_address(static_cast<int>(e.value));
            read_all();
            if (reaccepted_queued(e.value))
              e.address.clear();
          }
        }
        batch.push_back(std::move(e));
      }
      outbox->deliver(std::move(batch), outbox);
    }
  } catch (const std::exception &e) {
    log::error("link", std::string("the ROUTER's monitor thread stopped: ") + e.what());
  }
}

std::string peer_address(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (::getpeername(fd, reinterpret_cast<sockaddr *>(&ss), &len) != 0)
    return {};
  char ip[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto *in = reinterpret_cast<const sockaddr_in *>(&ss);
    ::inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip);
    return std::string(ip) + ":" + std::to_string(ntohs(in->sin_port));
  }
  if (ss.ss_family == AF_INET6) {
    const auto *in6 = reinterpret_cast<const sockaddr_in6 *>(&ss);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof ip);
    return "[" + std::string(ip) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  return {};
}

} // namespace flu::link
