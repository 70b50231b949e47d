// The inside of PorterServer, shared by porter_server.cpp (the viewers'
// side) and streamer_link.cpp (the streamers' side). Includes Asio.
#pragma once

#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include "porter_server.hpp"
#include "routes.hpp"

#include <flu/sdk/least_loaded.hpp>
#include <flu/sdk/tcp_listener.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace flu::porter {

namespace asio = boost::asio;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;

// Connections taken at once from the backlog: thousands arriving together
// are not admitted one per turn of the event loop.
constexpr int kAcceptBatch = 256;

// A viewer's connection until its head is read and its socket handed over
// (or refused).
struct Viewer : std::enable_shared_from_this<Viewer> {
  Viewer(asio::ip::tcp::socket s) : socket(std::move(s)), timer(socket.get_executor()) {}
  asio::ip::tcp::socket socket;
  asio::steady_timer timer;
  uint64_t seq = 0; // order of arrival: the oldest goes first when full
  std::string address;
  std::string bytes; // read so far
  std::string answer;
  bool finished = false; // handed over, refused or gone
};

// A streamer's connection on the Unix socket.
struct StreamerLink : std::enable_shared_from_this<StreamerLink> {
  StreamerLink(asio::io_context &io, int fd) : socket(io, fd), login_timer(io) {}
  StreamerId id = 0;
  asio::posix::stream_descriptor socket;
  asio::steady_timer login_timer;
  std::string who;     // the username it logged in with
  std::string keycard; // the bouncer's id of its keycard ("": none)
  bool logged_in = false;
  bool logging_in = false; // its keycard is with the bouncer
  bool closed = false;
};

struct PorterServer::Impl {
  Impl(PorterSettings s, PorterHooks h)
      : settings(std::move(s)), hooks(std::move(h)), acceptor(io),
        accepts(
            acceptor,
            [this](asio::ip::tcp::socket socket) { welcome(std::move(socket)); },
            [this](const error_code &ec) {
              // Out of descriptors: the connections wait in the backlog.
              log(FLU_LOG_WARNING, "cannot accept a viewer: " + ec.message());
            },
            kAcceptBatch),
        unix_listener(io), stats_timer(io) {
    for (const auto &[path, ids] : settings.balancers)
      balancers.emplace(
          path, std::make_unique<flu::sdk::LeastLoaded>(
                    ids, hooks.component_state, [this, path](const std::string &line) {
                      log(FLU_LOG_INFO, "balancer " + path + ": " + line);
                    }));
  }

  asio::io_context io{1};
  PorterSettings settings;
  PorterHooks hooks;
  asio::ip::tcp::acceptor acceptor;
  flu::sdk::AcceptLoop accepts;
  asio::posix::stream_descriptor unix_listener;
  asio::steady_timer stats_timer;
  std::thread thread;
  uint16_t bound_port = 0;

  std::map<uint64_t, std::shared_ptr<Viewer>> viewers; // by seq; not handed over
  uint64_t next_seq = 1;
  std::unordered_map<std::string, size_t> per_address;
  std::map<StreamerId, std::shared_ptr<StreamerLink>> streamers;
  StreamerId next_id = 1;
  Routes routing;
  PorterStats stats;
  // Balancer paths (settings.balancers), by path.
  std::map<std::string, std::unique_ptr<flu::sdk::LeastLoaded>> balancers;

  void log(flu_log_level level, const std::string &text) {
    if (hooks.log)
      hooks.log(level, text);
  }

  // Viewers (porter_server.cpp).
  void listen_tcp();
  void welcome(asio::ip::tcp::socket socket);
  void read_head(const std::shared_ptr<Viewer> &v);
  void route(const std::shared_ptr<Viewer> &v, const std::string &path,
             const std::string &query);
  bool balance(const std::shared_ptr<Viewer> &v, const std::string &path,
               const std::string &query);
  bool pass(StreamerLink &link, Viewer &v);
  void answer(const std::shared_ptr<Viewer> &v, int status, const char *reason,
              const std::string &extra_headers = {});
  void forget(Viewer &v);
  void report();
  void shutdown();

  // Streamers (streamer_link.cpp).
  void listen_unix();
  void accept_streamers();
  void read_streamer(const std::shared_ptr<StreamerLink> &s);
  void on_message(const std::shared_ptr<StreamerLink> &s, const std::string &packet);
  void logged_in(const std::shared_ptr<StreamerLink> &s, const std::string &who, bool ok,
                 const std::string &keycard, const std::string &why);
  void expire_keycard(const std::string &id);
  void reply(StreamerLink &s, const std::string &verb,
             const std::vector<std::string> &fields);
  void drop(const std::shared_ptr<StreamerLink> &s, const std::string &why);
};

} // namespace flu::porter
