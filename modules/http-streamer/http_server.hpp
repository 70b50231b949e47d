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
#include "handover_state.hpp"
#include "stream_format.hpp"
#include "streamer_settings.hpp"
#include "streamer_stats.hpp"
#include <flu/sdk/viewer_auth.hpp>

#include <flu/module.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace flu::http_streamer {

using flu::sdk::AuthResult;
using flu::sdk::KeycardFields;

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
  // The server listens on this port now (from the constructor's thread, or
  // the network thread once a hot upgrade gave it its socket).
  std::function<void(uint16_t port)> listening;
  // Another component's replicated state, for redirect-on-overflow's
  // planet edges (edge_choice.hpp); unset: none known.
  std::function<std::optional<std::string>(const std::string &component_id,
                                           const std::string &key)>
      component_state;
};

// Where the old process of a hot upgrade sends what it hands over: items
// in order (send takes fd: -1 or a descriptor it closes), then done once
// ("" = everything went). Called on the network thread.
struct HandoverSink {
  std::function<void(const std::string &key, const std::string &data, int fd)> send;
  std::function<void(const std::string &error)> done;
};

class HttpServer {
public:
  static constexpr std::chrono::seconds stats_period{2};

  // Binds the port (throws std::runtime_error naming it when it is taken)
  // and starts the network thread. With `adopt`, it binds nothing and waits
  // for a running streamer's sockets (take_*), or for end_adoption().
  HttpServer(StreamerSettings settings, ServerHooks hooks, bool adopt = false);
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
  // Any thread: new viewers go to the edges (or get 503), HEAD says 503.
  void set_draining(bool draining);

  // From any thread: a viewer's socket a porter accepted, with the bytes of
  // its request the porter already read. The server owns fd from then on.
  void take_connection(int fd, std::string bytes);

  // From any thread. Disconnects the viewers let in with this keycard.
  void expire_keycard(const std::string &keycard_id);
  // From any thread: the title ICY viewers get next (icy.hpp).
  void set_title(std::string title);
  // The viewers now, and disconnecting those from one address (how many).
  // They wait for the network thread: not from it.
  std::vector<Viewer> viewers();
  size_t disconnect(const std::string &address);

  // Hot upgrade (server_handover.cpp, docs/hot-upgrade.md), from any
  // thread. Old side: hand the listening socket, every viewer (each paused
  // right before a keyframe) and the counters to `sink`. New side: what the
  // old one sent (descriptors are the server's from then on), then the end;
  // after a failed handover it binds its port itself, retrying while the
  // old process lets go of it.
  void hand_over(HandoverSink sink);
  void take_listener(int fd);
  void take_viewer(const ViewerState &viewer, int fd);
  void take_counters(const HandoverCounters &counters);
  void end_adoption(bool ok);

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace flu::http_streamer
