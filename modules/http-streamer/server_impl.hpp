// The inside of HttpServer, shared by its files: http_server.cpp (accept,
// admit, fan out) and server_handover.cpp (hot upgrade). Internal to the
// network layer, like client.hpp: it includes Asio.
#pragma once

#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include "client.hpp"
#include "edge_choice.hpp"
#include "handover_state.hpp"
#include "http_server.hpp"
#include "stream_log.hpp"

#include <flu/sdk/access_log.hpp>
#include <flu/sdk/tcp_listener.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

namespace flu::http_streamer {

using Clock = std::chrono::steady_clock;
// How long new data waits before idle viewers are woken: enough to gather a
// frame's buffers (a WebM block head and its frame) into one write. Longer
// windows were measured not to save CPU: at 5000 viewers three quarters of
// the network thread's time is the kernel's TCP work, per byte.
constexpr auto kBatchWindow = std::chrono::milliseconds(4);
constexpr auto kSweepPeriod = std::chrono::milliseconds(250);
// One completion per accept would admit one viewer per turn of the event
// loop, however many wait in the backlog: a few dozen a second once
// thousands stream. Each takes up to this many more that are waiting.
constexpr int kAcceptBatch = 256;
constexpr size_t kNotAdmitted = static_cast<size_t>(-1);

struct InboxItem {
  enum class Kind { format, chunk, eos } kind;
  StreamFormat format;
  ChunkRef chunk;
};

// Where answers from other threads (the bouncer's, keycard expiries) enter
// the network thread; closed before the server goes.
struct Gate {
  std::mutex mutex;
  asio::io_context *io = nullptr;

  template <class F> void post(F &&f) {
    std::lock_guard lock(mutex);
    if (io)
      asio::post(*io, std::forward<F>(f));
  }
};

struct HttpServer::Impl final : ClientOwner {
  Impl(StreamerSettings s, ServerHooks h)
      : settings(std::move(s)), hooks(std::move(h)),
        access_log(std::make_unique<flu::sdk::AccessLog>(settings.access_log,
                                                         settings.access_log_max_bytes)),
        acceptor(io),
        accepts(
            acceptor,
            [this](asio::ip::tcp::socket socket) { welcome(std::move(socket)); },
            [this](const error_code &ec) {
              // Out of file descriptors (or memory): the loop waits instead
              // of spinning, the pending connections stay in the backlog.
              log(FLU_LOG_WARNING, "cannot accept a viewer: " + ec.message());
            },
            kAcceptBatch),
        flush_timer(io), sweep_timer(io), stream_log(settings.max_client_lag_bytes),
        handover_timer(io), bind_retry(io) {
    gate->io = &io;
    if (!settings.redirect_on_overflow.empty() || !settings.redirect_components.empty()) {
      EdgeList list;
      for (const auto &url : settings.redirect_on_overflow)
        list.urls.push_back(EdgeUrl::parse(url));
      list.components = settings.redirect_components;
      edges = std::make_unique<EdgeChoice>(
          io, std::move(list), hooks.component_state,
          [this](flu_log_level l, const std::string &t) { log(l, t); });
    }
  }

  // Declared first, destroyed last: handlers still holding clients die with it.
  asio::io_context io{1};
  StreamerSettings settings;
  ServerHooks hooks;
  std::unique_ptr<flu::sdk::AccessLog> access_log; // throws naming the file
  std::shared_ptr<Gate> gate = std::make_shared<Gate>();
  asio::ip::tcp::acceptor acceptor;
  flu::sdk::AcceptLoop accepts;
  asio::steady_timer flush_timer;
  asio::steady_timer sweep_timer;
  std::thread thread;
  std::unique_ptr<EdgeChoice> edges; // redirect-on-overflow's, if any

  StreamLog stream_log;
  std::optional<StreamFormat> format;
  ChunkRef head_10, head_11;
  // ICY: the title admins set, shared with every ICY viewer's framer.
  std::shared_ptr<IcyTitle> icy_title = std::make_shared<IcyTitle>();
  bool eos = false;
  // An operator drains the streamer: new viewers go elsewhere (as when
  // full), HEAD answers 503; current viewers stay.
  std::atomic<bool> draining{false};

  std::vector<std::shared_ptr<Client>> clients; // admitted GET clients
  std::vector<std::shared_ptr<Client>> waiting; // for a format or a keyframe
  std::vector<std::shared_ptr<Client>> idle;    // caught up with the log
  bool flush_armed = false;

  std::mutex inbox_mutex;
  std::vector<InboxItem> inbox;
  bool drain_posted = false;

  AtomicStreamerStats stats;
  uint16_t bound_port = 0;
  uint64_t rate_bytes = 0;
  Clock::time_point rate_time = Clock::now();
  uint64_t sent_bytes_then = 0;
  Clock::time_point stats_time = Clock::now();

  void log(flu_log_level level, const std::string &text) {
    if (hooks.log)
      hooks.log(level, text);
  }

  void listen();
  ChunkRef player_page(unsigned version, bool head_only) const;
  void accept();
  void welcome(asio::ip::tcp::socket socket, std::string_view initial = {});
  void welcome_from_porter(int fd, std::string bytes);
  void push(InboxItem item);
  void drain();
  void on_format(StreamFormat f);
  void on_chunk(ChunkRef chunk);
  void on_eos();
  void arm_flush();
  void flush();
  void sweep();
  void serve(const std::shared_ptr<Client> &client, const Request &request);
  void overflow(const std::shared_ptr<Client> &client, const Request &request);
  bool full() const;
  void authorized(const std::shared_ptr<Client> &client, const Request &request,
                  const AuthResult &result);
  void report_stats(Clock::time_point now);
  void close_where(const std::function<bool(const Client &)> &which);
  void admit(const std::shared_ptr<Client> &client);
  // Counts a client among the served ones and watches for its hang-up.
  void enlist(const std::shared_ptr<Client> &client);
  void try_start(const std::shared_ptr<Client> &client);
  void start(const std::shared_ptr<Client> &client, uint64_t seq);
  void shutdown();

  // Hot upgrade (server_handover.cpp).
  struct Resuming {
    std::shared_ptr<Client> client;
    ViewerState state;
    Clock::time_point since;
  };
  std::unordered_set<Client *> pending; // accepted, neither admitted nor closed
  std::optional<HandoverSink> out;      // old side, while handing over
  Clock::time_point out_deadline;
  asio::steady_timer handover_timer;
  bool adopting = false; // new side, until the handover ends
  std::vector<Resuming> resuming;
  uint64_t format_hash = 0;
  asio::steady_timer bind_retry;
  Clock::time_point bind_deadline;

  void begin_handover(HandoverSink sink);
  void handover_step();
  void hand_over(const std::shared_ptr<Client> &client, bool fresh);
  void finish_handover(const std::string &error);
  void take_listener(int fd);
  void take_viewer(const ViewerState &viewer, int fd);
  void take_counters(const HandoverCounters &counters);
  void end_adoption(bool ok);
  void resume_waiting(Clock::time_point now);
  bool try_resume(Resuming &r);
  void bind_with_retry();
  void listening();

  // ClientOwner
  void on_paused(const std::shared_ptr<Client> &client) override;
  void on_request(const std::shared_ptr<Client> &client, const Request &request) override;
  void on_rejected() override {
    stats.rejected_requests.fetch_add(1, std::memory_order_relaxed);
  }
  void on_caught_up(const std::shared_ptr<Client> &client) override;
  void on_sent(size_t bytes) override {
    stats.bytes_sent.fetch_add(bytes, std::memory_order_relaxed);
  }
  void on_closed(Client &client, CloseReason reason) override;
  const StreamLog &log() const override { return stream_log; }
};

} // namespace flu::http_streamer
