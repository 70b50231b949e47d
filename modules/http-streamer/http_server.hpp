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

#include <flu/module.h>

#include <functional>
#include <memory>
#include <string>

namespace flu::http_streamer {

using LogFn = std::function<void(flu_log_level, const std::string &)>;
using FailFn = std::function<void(const std::string &)>; // the component turns sad

class HttpServer {
public:
  // Binds the port (throws std::runtime_error naming it when it is taken)
  // and starts the network thread.
  HttpServer(StreamerSettings settings, LogFn log, FailFn fail);
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

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace flu::http_streamer
