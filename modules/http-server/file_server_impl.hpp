// The inside of FileServer, shared by file_server.cpp (accept, porter
// sockets, stats) and file_connection.cpp (one request, one answer).
#pragma once

#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include "file_server.hpp"

#include <flu/sdk/access_log.hpp>
#include <flu/sdk/tcp_listener.hpp>

#include <boost/asio/steady_timer.hpp>

#include <string_view>
#include <thread>

namespace flu::http_server {

namespace asio = boost::asio;
using error_code = boost::system::error_code;

struct FileServer::Impl {
  Impl(ServerSettings s, ServerHooks h)
      : settings(std::move(s)), hooks(std::move(h)),
        access_log(settings.access_log, settings.access_log_max_bytes), acceptor(io),
        accepts(acceptor,
                [this](asio::ip::tcp::socket socket) { welcome(std::move(socket), {}); }),
        stats_timer(io) {
    if (!settings.origin.host.empty())
      origin =
          std::make_unique<OriginCache>(settings.origin, [this](const std::string &text) {
            log(FLU_LOG_WARNING, text);
          });
    else if (!settings.cache.dir.empty())
      cache =
          std::make_unique<FileCache>(settings.cache, [this](const std::string &text) {
            log(FLU_LOG_WARNING, text);
          });
  }
  // Connections that outlive the server in the io_context's queue (its
  // destructor frees them last) see this false and touch nothing.
  ~Impl() { *alive = false; }

  asio::io_context io{1};
  ServerSettings settings;
  ServerHooks hooks;
  flu::sdk::AccessLog access_log; // throws naming the file
  asio::ip::tcp::acceptor acceptor;
  flu::sdk::AcceptLoop accepts;
  asio::steady_timer stats_timer;
  std::thread thread;
  uint16_t bound_port = 0;
  ServerStats stats;
  std::shared_ptr<bool> alive = std::make_shared<bool>(true);
  std::unique_ptr<FileCache> cache;    // its thread ends before the rest
  std::unique_ptr<OriginCache> origin; // its threads too

  void log(flu_log_level level, const std::string &text) {
    if (hooks.log)
      hooks.log(level, text);
  }
  void welcome(asio::ip::tcp::socket socket, std::string_view initial);
  void report();
  void shutdown();
};

// One viewer's connection: one request, one answer, then closed.
void start_connection(FileServer::Impl &server, asio::ip::tcp::socket socket,
                      std::string_view initial);

} // namespace flu::http_server
