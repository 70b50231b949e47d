// The streamer's side of a hot upgrade (docs/hot-upgrade.md).
//
// Old process: the listening socket goes first, so that from then on new
// viewers reach the new process; a viewer admitted meanwhile goes over
// before it was sent anything ("fresh"). Each streaming viewer writes on
// until right before the next keyframe chunk of the log, then its socket
// goes with its state and that chunk's timestamp. Once none is left (or the
// time is up: those that never paused are closed, and counted), the
// counters follow and the handover is done.
//
// New process: fed by the same muxer, it has the same chunks with the same
// timestamps. A viewer resumes at the keyframe chunk with its timestamp
// (the next keyframe if that one is not in this log), without a preamble,
// once this process's stream headers are known to be those the viewer had.
#include "server_impl.hpp"

#include <sys/socket.h>
#include <unistd.h>

namespace flu::http_streamer {

namespace {

// The old process's own bound; the worker's (10 s) is the last resort.
constexpr auto kHandoverBudget = std::chrono::seconds(5);
constexpr auto kHandoverTick = std::chrono::milliseconds(100);
// How long an adopted viewer waits for its resume point in this log.
constexpr auto kResumeBudget = std::chrono::seconds(5);
// How long the new process tries to bind the port the old one still holds.
constexpr auto kBindBudget = std::chrono::seconds(10);
constexpr auto kBindRetry = std::chrono::milliseconds(100);

asio::ip::tcp protocol_of(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
  return address.ss_family == AF_INET6 ? asio::ip::tcp::v6() : asio::ip::tcp::v4();
}

} // namespace

// ---- old side ----

void HttpServer::Impl::begin_handover(HandoverSink sink) {
  if (out || adopting) {
    sink.done(adopting ? "this streamer is itself waiting for a handover"
                       : "a handover is already under way");
    return;
  }
  out = std::move(sink);
  out_deadline = Clock::now() + kHandoverBudget;
  if (acceptor.is_open()) {
    accepts.cancel();
    error_code ec;
    const int fd = acceptor.release(ec); // cancels the pending accept
    if (ec || fd < 0) {
      finish_handover("cannot hand over the listening socket: " + ec.message());
      return;
    }
    out->send("listener", std::to_string(bound_port), fd);
  }
  log(FLU_LOG_INFO, "handing over " + std::to_string(clients.size()) + " viewers and " +
                        std::to_string(pending.size()) + " requests in progress");
  handover_step();
}

void HttpServer::Impl::handover_step() {
  if (!out)
    return;
  for (const auto &c : std::exchange(waiting, {}))
    if (!c->closed())
      hand_over(c, true);
  const auto current = clients;
  for (const auto &c : current) {
    if (!c->closed() && c->icy()) {
      // Its place between two ICY blocks stays in this process: a listener
      // resumed without it would read audio as metadata. Closed, counted.
      stats.handover_lost.fetch_add(1, std::memory_order_relaxed);
      c->close(CloseReason::shutdown);
    } else if (!c->closed() && c->streaming()) {
      c->pause_at_keyframe(); // may hand it over at once (on_paused)
    }
  }
  if (!out)
    return;
  const bool late = Clock::now() >= out_deadline;
  if (late) {
    // Those that never reached a keyframe (a viewer that stopped reading)
    // and requests still unanswered: closed, honestly counted.
    std::vector<std::shared_ptr<Client>> victims(clients.begin(), clients.end());
    for (const auto &c : victims) {
      stats.handover_lost.fetch_add(1, std::memory_order_relaxed);
      log(FLU_LOG_INFO, "closed the viewer from " + c->address() +
                            ": it did not reach a keyframe in time for the handover");
      c->close(CloseReason::shutdown);
    }
    const std::vector<Client *> unanswered(pending.begin(), pending.end());
    for (Client *c : unanswered)
      c->close(CloseReason::shutdown);
  }
  if (clients.empty() && (pending.empty() || late)) {
    finish_handover({});
    return;
  }
  handover_timer.expires_after(kHandoverTick);
  handover_timer.async_wait([this](error_code ec) {
    if (!ec)
      handover_step();
  });
}

void HttpServer::Impl::on_paused(const std::shared_ptr<Client> &client) {
  if (out)
    hand_over(client, false);
}

void HttpServer::Impl::hand_over(const std::shared_ptr<Client> &client, bool fresh) {
  if (!out)
    return;
  ViewerState v;
  v.address = client->address();
  v.connected_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       client->connected_at().time_since_epoch())
                       .count();
  v.bytes_sent = client->bytes_sent();
  v.keycard_id = client->keycard_id;
  v.http_version = client->http_version();
  v.fresh = fresh;
  if (!fresh) {
    v.resume_pts = stream_log.at(client->cursor())->pts();
    v.headers_hash = format_hash;
  }
  const int fd = client->release();
  if (fd < 0) {
    stats.handover_lost.fetch_add(1, std::memory_order_relaxed);
    log(FLU_LOG_WARNING, "could not hand over the viewer from " + v.address);
    return;
  }
  out->send("viewer", encode(v), fd);
  if (out && Clock::now() < out_deadline && clients.empty() && pending.empty())
    finish_handover({});
}

void HttpServer::Impl::finish_handover(const std::string &error) {
  if (!out)
    return;
  handover_timer.cancel();
  const StreamerStats s = stats.snapshot();
  HandoverCounters counters;
  counters.bytes_sent = s.bytes_sent;
  counters.peak_clients = s.peak_clients;
  counters.total_clients = s.total_clients;
  counters.dropped_clients = s.dropped_clients;
  counters.rejected_requests = s.rejected_requests;
  counters.refused_viewers = s.refused_viewers;
  counters.handover_lost = s.handover_lost;
  auto sink = std::move(*out);
  out.reset();
  sink.send("counters", encode(counters), -1);
  log(FLU_LOG_INFO, "handover done" + (error.empty() ? "" : ": " + error));
  sink.done(error);
}

// ---- new side ----

void HttpServer::Impl::take_listener(int fd) {
  if (acceptor.is_open()) {
    ::close(fd); // bound already (a handover that came too late)
    return;
  }
  error_code ec;
  acceptor.assign(protocol_of(fd), fd, ec);
  if (ec) {
    ::close(fd);
    log(FLU_LOG_WARNING, "cannot take the listening socket over: " + ec.message());
    return;
  }
  acceptor.non_blocking(true, ec);
  bound_port = acceptor.local_endpoint(ec).port();
  log(FLU_LOG_INFO,
      "took over the listening socket (port " + std::to_string(bound_port) + ")");
  listening();
  accept();
}

void HttpServer::Impl::take_viewer(const ViewerState &v, int fd) {
  asio::ip::tcp::socket socket(io);
  error_code ec;
  socket.assign(protocol_of(fd), fd, ec);
  if (ec) {
    ::close(fd);
    stats.handover_lost.fetch_add(1, std::memory_order_relaxed);
    log(FLU_LOG_WARNING,
        "cannot take over the viewer from " + v.address + ": " + ec.message());
    return;
  }
  auto client = std::make_shared<Client>(std::move(socket), *this, settings);
  client->adopt(v.address, Clock::time_point(std::chrono::nanoseconds(v.connected_ns)),
                v.bytes_sent, v.http_version);
  client->keycard_id = v.keycard_id;
  if (v.fresh) {
    admit(client); // as if it had just asked: it was sent nothing yet
    return;
  }
  enlist(client);
  resuming.push_back({client, v, Clock::now()});
  if (try_resume(resuming.back()))
    resuming.pop_back();
}

void HttpServer::Impl::take_counters(const HandoverCounters &c) {
  constexpr auto r = std::memory_order_relaxed;
  stats.bytes_sent.fetch_add(c.bytes_sent, r);
  sent_bytes_then += c.bytes_sent; // no spike in the sent bit rate
  if (c.peak_clients > stats.peak_clients.load(r))
    stats.peak_clients.store(c.peak_clients, r);
  stats.total_clients.fetch_add(c.total_clients, r);
  stats.dropped_clients.fetch_add(c.dropped_clients, r);
  stats.rejected_requests.fetch_add(c.rejected_requests, r);
  stats.refused_viewers.fetch_add(c.refused_viewers, r);
  stats.handover_lost.fetch_add(c.handover_lost, r);
}

void HttpServer::Impl::end_adoption(bool ok) {
  if (!adopting)
    return;
  adopting = false;
  if (!acceptor.is_open() && !settings.behind_porter) {
    log(FLU_LOG_INFO, ok ? "the old streamer handed over no listening socket; binding"
                         : "binding the port once the old streamer lets go of it");
    bind_deadline = Clock::now() + kBindBudget;
    bind_with_retry();
  }
  report_stats(Clock::now());
}

void HttpServer::Impl::bind_with_retry() {
  try {
    listen();
  } catch (const std::exception &e) {
    error_code ignored;
    acceptor.close(ignored);
    if (Clock::now() >= bind_deadline) {
      if (hooks.fail)
        hooks.fail(e.what());
      return;
    }
    bind_retry.expires_after(kBindRetry);
    bind_retry.async_wait([this](error_code ec) {
      if (!ec)
        bind_with_retry();
    });
    return;
  }
  listening();
  accept();
}

void HttpServer::Impl::resume_waiting(Clock::time_point now) {
  std::vector<Resuming> still;
  for (auto &r : std::exchange(resuming, {})) {
    if (try_resume(r))
      continue;
    if (now - r.since > kResumeBudget) {
      stats.handover_lost.fetch_add(1, std::memory_order_relaxed);
      log(FLU_LOG_INFO, "closed the viewer from " + r.client->address() +
                            ": its place in the stream never came here");
      r.client->close(CloseReason::error);
      continue;
    }
    still.push_back(std::move(r));
  }
  for (auto &r : still)
    resuming.push_back(std::move(r)); // try_resume may not add any meanwhile
}

bool HttpServer::Impl::try_resume(Resuming &r) {
  if (r.client->closed())
    return true;
  if (!format)
    return false; // no data yet in this process
  if (format_hash != r.state.headers_hash ||
      r.state.resume_pts == static_cast<uint64_t>(GST_CLOCK_TIME_NONE)) {
    stats.handover_lost.fetch_add(1, std::memory_order_relaxed);
    log(FLU_LOG_INFO, "closed the viewer from " + r.client->address() +
                          (format_hash != r.state.headers_hash
                               ? ": this process's stream headers differ from those it "
                                 "was sent"
                               : ": its stream has no timestamps to resume at"));
    r.client->close(CloseReason::error);
    return true;
  }
  // The earliest keyframe at or after the resume point, walking back from
  // the newest: only the GOPs since the pause are looked at.
  std::optional<uint64_t> found;
  for (uint64_t s = stream_log.end_seq(); s-- > stream_log.base_seq();) {
    const Chunk &c = *stream_log.at(s);
    if (!c.keyframe() || c.pts() == static_cast<uint64_t>(GST_CLOCK_TIME_NONE))
      continue;
    if (c.pts() < r.state.resume_pts)
      break;
    found = s;
  }
  if (!found)
    return false; // it has not come here yet
  if (stream_log.at(*found)->pts() != r.state.resume_pts)
    log(FLU_LOG_INFO, "the viewer from " + r.client->address() +
                          " goes on at the next keyframe: its own was not in this log");
  r.client->resume_stream(*found);
  return true;
}

// ---- the public face ----

void HttpServer::hand_over(HandoverSink sink) {
  auto shared = std::make_shared<HandoverSink>(std::move(sink));
  impl_->gate->post([impl = impl_.get(), shared] { impl->begin_handover(*shared); });
}

void HttpServer::take_listener(int fd) {
  impl_->gate->post([impl = impl_.get(), fd] { impl->take_listener(fd); });
}

void HttpServer::take_viewer(const ViewerState &viewer, int fd) {
  impl_->gate->post([impl = impl_.get(), viewer, fd] { impl->take_viewer(viewer, fd); });
}

void HttpServer::take_counters(const HandoverCounters &counters) {
  impl_->gate->post([impl = impl_.get(), counters] { impl->take_counters(counters); });
}

void HttpServer::end_adoption(bool ok) {
  impl_->gate->post([impl = impl_.get(), ok] { impl->end_adoption(ok); });
}

} // namespace flu::http_streamer
