// The streamer's network side: one listening socket, one Asio io_context on
// its own thread (epoll), the clients, and the shared StreamLog.
//
// The appsink's streaming thread hands over formats and chunks with the
// thread-safe push_*() calls; they land in an inbox that the network
// thread drains in batches, so a burst of small muxer buffers (a WebM
// block header and its frame) reaches each client as one writev. Asio and
// Beast stay behind the pimpl: this header is cheap to include.
#pragma once

#include "chunk.hpp"
#include "stream_format.hpp"
#include "streamer_settings.hpp"
#include "streamer_stats.hpp"
#include "viewer_auth.hpp"

#include <flu/module.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace flu::http_streamer {

using LogFn = std::function<void(flu_log_level, const std::string &)>;
using FailFn = std::function<void(const std::string &)>; // the component turns sad

// Asks the bouncer about a viewer: called on the network thread; the answer
// may come on any thread, once.
using AuthorizeFn =
    std::function<void(const KeycardFields &, std::function<void(AuthResult)>)>;
// The counters, every stats_period, on the network thread.
using StatsFn = std::function<void(const StreamerStats &)>;

struct Viewer {
  std::string address;
  uint64_t connected_seconds = 0;
  uint64_t bytes_sent = 0;
  std::string keycard_id; // when a bouncer let it in
};

struct ServerHooks {
  LogFn log;
  FailFn fail;
  AuthorizeFn authorize; // required when settings.bouncer is set
  StatsFn stats;
};

class HttpServer {
public:
  static constexpr std::chrono::seconds stats_period{2};

  // Binds the port (throws std::runtime_error naming it when it is taken)
  // and starts the network thread.
  HttpServer(StreamerSettings settings, ServerHooks hooks);
  // Closes every client and joins the network thread.
  ~HttpServer();
  HttpServer(const HttpServer &) = delete;
  HttpServer &operator=(const HttpServer &) = delete;

  uint16_t port() const; // the bound port (useful when settings.port was 0)

  // From any thread, in stream order.
  void push_format(StreamFormat format);
  void push_chunk(ChunkRef chunk);
  void push_eos();

  StreamerStats stats() const;

  // From any thread. Disconnects the viewers let in with this keycard.
  void expire_keycard(const std::string &keycard_id);
  // The viewers now, and disconnecting those from one address (how many).
  // They wait for the network thread: not from it.
  std::vector<Viewer> viewers();
  size_t disconnect(const std::string &address);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace flu::http_streamer
