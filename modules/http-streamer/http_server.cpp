// The streamer's network side (see http_server.hpp): accept, admit, fan out.
#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include "server_impl.hpp"

#include <flu/sdk/html.hpp>
#include <flu/sdk/tcp_listener.hpp>

#include <pthread.h>

#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace flu::http_streamer {

namespace {

ChunkRef response_head(const std::string &content_type, unsigned version,
                       const std::string &cors_origin) {
  return Chunk::from_text(
      std::string(version >= 11 ? "HTTP/1.1" : "HTTP/1.0") +
      " 200 OK\r\nServer: flu-http-streamer/" FLU_MODULE_VERSION "\r\nContent-Type: " +
      content_type + "\r\nCache-Control: no-cache\r\nPragma: no-cache\r\n" +
      (cors_origin.empty() ? std::string()
                           : "Access-Control-Allow-Origin: " + cors_origin + "\r\n") +
      "Connection: close\r\n\r\n");
}

} // namespace

// Flumotion's component-html5 plug: a page whose <video> (or <audio>)
// plays this stream, so that an operator can send a viewer one link.
ChunkRef HttpServer::Impl::player_page(unsigned version, bool head_only) const {
  const std::string type = format ? format->content_type : "video/webm";
  const std::string tag = type.rfind("audio/", 0) == 0 ? "audio" : "video";
  const std::string src = flu::sdk::html_escape(settings.mount_point);
  const std::string body =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\"><title>" +
      src + "</title></head>\n<body style=\"margin:0;background:#000\">\n<" + tag +
      " id=\"player\" src=\"" + src + "\" type=\"" + flu::sdk::html_escape(type) +
      "\" controls autoplay muted playsinline style=\"width:100%;max-height:100vh\"></" +
      tag + ">\n</body></html>\n";
  return Chunk::from_text(
      std::string(version >= 11 ? "HTTP/1.1" : "HTTP/1.0") +
      " 200 OK\r\nServer: flu-http-streamer/" FLU_MODULE_VERSION
      "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " +
      std::to_string(body.size()) +
      "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n" +
      (head_only ? std::string() : body));
}

void HttpServer::Impl::listen() {
  flu::sdk::listen_tcp(acceptor, settings.port);
  error_code ignored;
  acceptor.non_blocking(true, ignored); // for the batched accepts
  bound_port = acceptor.local_endpoint().port();
}

void HttpServer::Impl::listening() {
  if (hooks.listening)
    hooks.listening(bound_port);
}

void HttpServer::Impl::accept() { accepts.start(); }

void HttpServer::Impl::welcome(asio::ip::tcp::socket socket, std::string_view initial) {
  auto client = std::make_shared<Client>(std::move(socket), *this, settings);
  pending.insert(client.get()); // a hot upgrade waits for it to be admitted
  client->start(initial);
}

void HttpServer::Impl::welcome_from_porter(int fd, std::string bytes) {
  if (auto socket = flu::sdk::adopt_tcp_socket(io, fd))
    welcome(std::move(*socket), bytes);
}

void HttpServer::Impl::push(InboxItem item) {
  bool post = false;
  {
    std::lock_guard lock(inbox_mutex);
    inbox.push_back(std::move(item));
    post = !std::exchange(drain_posted, true);
  }
  if (post)
    asio::post(io, [this] { drain(); });
}

void HttpServer::Impl::drain() {
  std::vector<InboxItem> items;
  {
    std::lock_guard lock(inbox_mutex);
    items.swap(inbox);
    drain_posted = false;
  }
  for (InboxItem &item : items) {
    switch (item.kind) {
    case InboxItem::Kind::format:
      on_format(std::move(item.format));
      break;
    case InboxItem::Kind::chunk:
      on_chunk(std::move(item.chunk));
      break;
    case InboxItem::Kind::eos:
      on_eos();
      break;
    }
  }
  arm_flush();
}

void HttpServer::Impl::on_format(StreamFormat f) {
  eos = false;
  if (format && format->same_as(f))
    return; // an upstream reconnect that sent the same headers again
  if (format && stream_log.end_seq() > 0) {
    // New headers mid-stream (upstream restarted): the viewers that already
    // stream get them in band, as multifdsink did; older keyframes are no
    // start point for new viewers any more.
    log(FLU_LOG_INFO, "the stream headers changed; sending them to current viewers");
    for (const ChunkRef &h : f.headers)
      stream_log.append(h);
    stream_log.forget_keyframe();
  }
  format = std::move(f);
  format_hash = headers_hash(format->content_type, format->headers);
  head_10 = response_head(format->content_type, 10, settings.cors_origin);
  head_11 = response_head(format->content_type, 11, settings.cors_origin);
  for (const auto &c : std::exchange(waiting, {}))
    if (!c->closed())
      try_start(c);
  resume_waiting(Clock::now());
}

void HttpServer::Impl::on_chunk(ChunkRef chunk) {
  eos = false;
  stats.stream_bytes.fetch_add(chunk->size(), std::memory_order_relaxed);
  const bool keyframe = chunk->keyframe();
  const uint64_t seq = stream_log.append(std::move(chunk));
  if (keyframe && format && !waiting.empty()) {
    for (const auto &c : std::exchange(waiting, {}))
      if (!c->closed())
        start(c, seq);
  }
  if (keyframe && !resuming.empty())
    resume_waiting(Clock::now());
}

void HttpServer::Impl::on_eos() {
  eos = true;
  log(FLU_LOG_INFO, "end of stream; closing viewers once they have everything");
  for (const auto &c : std::exchange(waiting, {}))
    if (!c->closed())
      c->respond(503, "Service Unavailable");
  const auto current = clients;
  for (const auto &c : current)
    if (!c->closed())
      c->finish();
}

void HttpServer::Impl::arm_flush() {
  if (flush_armed || idle.empty())
    return;
  flush_armed = true;
  flush_timer.expires_after(kBatchWindow);
  flush_timer.async_wait([this](error_code ec) {
    flush_armed = false;
    if (!ec)
      flush();
  });
}

void HttpServer::Impl::flush() {
  auto ready = std::exchange(idle, {});
  for (const auto &c : ready) {
    c->owner_idle = false;
    if (!c->closed())
      c->pump();
  }
}

void HttpServer::Impl::on_caught_up(const std::shared_ptr<Client> &client) {
  if (eos) {
    client->finish();
    return;
  }
  if (!client->owner_idle) {
    client->owner_idle = true;
    idle.push_back(client);
  }
}

void HttpServer::Impl::on_request(const std::shared_ptr<Client> &client,
                                  const Request &request) {
  client->owner_slot = kNotAdmitted;
  if (!request.forwarded_for.empty()) {
    const std::string real = forwarded_address(client->address(), request.forwarded_for,
                                               settings.trusted_proxies);
    if (real != client->address())
      client->set_address(real);
  }
  if (settings.player_page && request.path == settings.player_path() &&
      (request.method == "GET" || request.method == "HEAD")) {
    client->respond_head_only(player_page(request.version, request.method == "HEAD"));
    return;
  }
  if (request.path != settings.mount_point) {
    client->respond(404, "Not Found");
    return;
  }
  const bool head = request.method == "HEAD";
  if (!head && request.method != "GET") {
    client->respond(405, "Method Not Allowed", "Allow: GET, HEAD\r\n");
    return;
  }
  if (settings.bouncer.empty()) {
    serve(client, request);
    return;
  }
  // Held until the bouncer decides; a viewer that hangs up meanwhile is
  // noticed (and forgotten when the answer comes).
  client->watch_hangup();
  std::weak_ptr<Client> weak = client;
  hooks.authorize(flu::sdk::viewer_keycard(request.authorization, request.query,
                                           client->address(), request.path),
                  [gate = gate, this, weak, request](AuthResult result) {
                    // Handlers run on the network thread, which ends
                    // before this Impl does.
                    gate->post([this, weak, request, result = std::move(result)] {
                      if (auto c = weak.lock())
                        authorized(c, request, result);
                    });
                  });
}

void HttpServer::Impl::authorized(const std::shared_ptr<Client> &client,
                                  const Request &request, const AuthResult &result) {
  if (client->closed())
    return; // the viewer left while the bouncer decided
  if (!result.authenticated) {
    stats.refused_viewers.fetch_add(1, std::memory_order_relaxed);
    log(FLU_LOG_INFO, "the bouncer refused a viewer from " + client->address() +
                          (result.reason.empty() ? "" : ": " + result.reason));
    std::string realm = settings.mount_point;
    for (char &c : realm)
      if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
        c = '_';
    client->respond(401, "Unauthorized",
                    "WWW-Authenticate: Basic realm=\"" + realm + "\"\r\n");
    return;
  }
  client->keycard_id = result.keycard_id;
  serve(client, request);
}

void HttpServer::Impl::serve(const std::shared_ptr<Client> &client,
                             const Request &request) {
  const bool head = request.method == "HEAD";
  if (head) {
    // HEAD does not wait for a stream that has not started: its answer
    // would carry nothing a player needs. A full or draining streamer says
    // 503 too: another streamer's edge check (edge_choice.hpp) then sends
    // nobody here.
    if (format && !full() && !draining.load(std::memory_order_relaxed))
      client->respond_head_only(request.version >= 11 ? head_11 : head_10);
    else
      client->respond(503, "Service Unavailable", "Retry-After: 5\r\n");
    return;
  }
  if (eos) {
    client->respond(503, "Service Unavailable");
    return;
  }
  if (full() || draining.load(std::memory_order_relaxed)) {
    overflow(client, request);
    return;
  }
  admit(client);
}

// Past client-limit or bandwidth-limit with one more viewer.
bool HttpServer::Impl::full() const {
  const uint64_t count = clients.size();
  const uint64_t rate = stats.stream_bitrate_bps.load(std::memory_order_relaxed);
  return (settings.client_limit > 0 &&
          count >= static_cast<uint64_t>(settings.client_limit)) ||
         (settings.bandwidth_limit_bps > 0 && rate > 0 &&
          (count + 1) * rate >= settings.bandwidth_limit_bps);
}

// A full streamer sends the viewer on (Flumotion's redirect-on-overflow),
// with its query (a token for the next bouncer) and a mark that makes the
// next streamer answer 503 rather than redirect again: no loop, however
// the streamers point at each other.
void HttpServer::Impl::overflow(const std::shared_ptr<Client> &client,
                                const Request &request) {
  constexpr std::string_view mark = "flu-overflow=1";
  const bool redirected_before =
      ("&" + request.query + "&").find("&" + std::string(mark) + "&") !=
      std::string::npos;
  const auto edge = edges && !redirected_before ? edges->pick() : std::nullopt;
  if (!edge) { // no edge, none answers, or sent here by one
    client->respond(503, "Service Unavailable", "Retry-After: 10\r\n");
    return;
  }
  std::string location = *edge;
  location += location.find('?') == std::string::npos ? '?' : '&';
  if (!request.query.empty())
    location += request.query + "&";
  location += mark;
  log(FLU_LOG_DEBUG, "full: sent a viewer from " + client->address() + " to " + location);
  client->respond(302, "Found", "Location: " + location + "\r\n");
}

void HttpServer::Impl::admit(const std::shared_ptr<Client> &client) {
  pending.erase(client.get());
  enlist(client);
  try_start(client);
}

void HttpServer::Impl::enlist(const std::shared_ptr<Client> &client) {
  client->owner_slot = clients.size();
  clients.push_back(client);
  const uint64_t now = clients.size();
  stats.current_clients.store(now, std::memory_order_relaxed);
  if (now > stats.peak_clients.load(std::memory_order_relaxed))
    stats.peak_clients.store(now, std::memory_order_relaxed);
  client->watch_hangup();
}

void HttpServer::Impl::try_start(const std::shared_ptr<Client> &client) {
  if (out) {
    // Handing over: the next process starts it, with its own burst.
    hand_over(client, true);
    return;
  }
  if (format && settings.burst_on_connect) {
    if (auto seq = stream_log.burst_start(settings.burst_max_bytes)) {
      start(client, *seq);
      return;
    }
  }
  waiting.push_back(client); // for the format, then the next keyframe
}

void HttpServer::Impl::start(const std::shared_ptr<Client> &client, uint64_t seq) {
  stats.total_clients.fetch_add(1, std::memory_order_relaxed);
  ChunkRef head = client->http_version() >= 11 ? head_11 : head_10;
  if (client->request.icy_metadata && format->content_type.rfind("audio/", 0) == 0) {
    head = Chunk::from_text(icy_response_head(
        std::string(reinterpret_cast<const char *>(head->data()), head->size()),
        kIcyMetaint));
    client->set_icy(std::make_unique<IcyFramer>(kIcyMetaint, icy_title));
  }
  client->start_stream(std::move(head), format->headers, seq);
}

void HttpServer::Impl::on_closed(Client &client, CloseReason reason) {
  pending.erase(&client);
  if (access_log->enabled() && reason != CloseReason::handed_over) {
    const Request &r = client.request;
    access_log->write(
        {client.address(), "", client.arrived,
         r.method.empty()
             ? std::string()
             : r.method + " " + r.target + (r.version >= 11 ? " HTTP/1.1" : " HTTP/1.0"),
         client.status, client.bytes_sent(), r.referer, r.user_agent,
         static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                   Clock::now() - client.connected_at())
                                   .count())});
  }
  if (client.owner_slot == kNotAdmitted || client.owner_slot >= clients.size() ||
      clients[client.owner_slot].get() != &client)
    return;
  const size_t slot = client.owner_slot;
  client.owner_slot = kNotAdmitted;
  if (slot + 1 != clients.size()) {
    clients[slot] = std::move(clients.back());
    clients[slot]->owner_slot = slot;
  }
  clients.pop_back();
  stats.current_clients.store(clients.size(), std::memory_order_relaxed);
  if (reason == CloseReason::lagging || reason == CloseReason::inactive) {
    stats.dropped_clients.fetch_add(1, std::memory_order_relaxed);
    log(FLU_LOG_INFO,
        reason == CloseReason::lagging
            ? "dropped a viewer that fell too far behind (max-client-lag-bytes)"
            : "dropped a viewer that took no data for too long (timeout)");
  }
}

void HttpServer::Impl::sweep() {
  const auto now = Clock::now();
  std::vector<std::pair<std::shared_ptr<Client>, CloseReason>> victims;
  for (const auto &c : clients) {
    if (!c->streaming())
      continue;
    const auto lag = c->lag_bytes();
    if (!lag || *lag > settings.max_client_lag_bytes)
      victims.emplace_back(c, CloseReason::lagging);
    else if (settings.timeout.count() > 0 && c->stalled_for(now) > settings.timeout)
      victims.emplace_back(c, CloseReason::inactive);
  }
  for (auto &[c, reason] : victims)
    c->close(reason);

  const auto elapsed = now - rate_time;
  if (elapsed >= std::chrono::seconds(1)) {
    const uint64_t total = stream_log.total_bytes();
    const double seconds = std::chrono::duration<double>(elapsed).count();
    stats.stream_bitrate_bps.store(
        static_cast<uint64_t>((total - rate_bytes) * 8 / seconds),
        std::memory_order_relaxed);
    rate_bytes = total;
    rate_time = now;
  }
  if (now - stats_time >= HttpServer::stats_period)
    report_stats(now);
  if (!resuming.empty())
    resume_waiting(now);
  sweep_timer.expires_after(kSweepPeriod);
  sweep_timer.async_wait([this](error_code ec) {
    if (!ec)
      sweep();
  });
}

void HttpServer::Impl::report_stats(Clock::time_point now) {
  const uint64_t sent = stats.bytes_sent.load(std::memory_order_relaxed);
  const double seconds = std::chrono::duration<double>(now - stats_time).count();
  stats.sent_bitrate_bps.store(
      static_cast<uint64_t>((sent - sent_bytes_then) * 8 / seconds),
      std::memory_order_relaxed);
  sent_bytes_then = sent;
  stats_time = now;
  // While it waits for a running streamer's viewers its counters are not
  // the component's yet: admins would see them reset.
  if (hooks.stats && !adopting)
    hooks.stats(stats.snapshot());
}

void HttpServer::Impl::close_where(const std::function<bool(const Client &)> &which) {
  std::vector<std::shared_ptr<Client>> victims;
  for (const auto &c : clients)
    if (which(*c))
      victims.push_back(c);
  for (const auto &c : victims)
    c->close(CloseReason::expired);
}

void HttpServer::Impl::shutdown() {
  error_code ignored;
  acceptor.close(ignored);
  accepts.cancel();
  flush_timer.cancel();
  sweep_timer.cancel();
  handover_timer.cancel();
  bind_retry.cancel();
  if (edges)
    edges->stop();
  resuming.clear(); // they are among the clients
  const auto current = clients;
  for (const auto &c : current)
    c->close(CloseReason::shutdown);
  waiting.clear();
  idle.clear();
  io.stop();
}

HttpServer::HttpServer(StreamerSettings settings, ServerHooks hooks, bool adopt)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(hooks))) {
  if (!impl_->settings.bouncer.empty() && !impl_->hooks.authorize)
    throw std::logic_error("a bouncer is set but nothing asks it");
  impl_->adopting = adopt;
  if (impl_->settings.behind_porter) {
    // The porter owns the port; viewers arrive through take_connection().
  } else if (!adopt) {
    impl_->listen();
    impl_->listening();
    impl_->accept();
  }
  impl_->sweep();
  if (impl_->edges)
    impl_->edges->start();
  impl_->thread = std::thread([impl = impl_.get()] {
    pthread_setname_np(pthread_self(), "flu-http-net"); // visible in top -H, /proc
    try {
      impl->io.run();
    } catch (const std::exception &e) {
      if (impl->hooks.fail)
        impl->hooks.fail(std::string("the network thread stopped: ") + e.what());
    }
  });
}

HttpServer::~HttpServer() {
  {
    // Late answers from other threads go nowhere from now on.
    std::lock_guard lock(impl_->gate->mutex);
    impl_->gate->io = nullptr;
  }
  asio::post(impl_->io, [impl = impl_.get()] { impl->shutdown(); });
  if (impl_->thread.joinable())
    impl_->thread.join();
}

uint16_t HttpServer::port() const { return impl_->bound_port; }

void HttpServer::push_format(StreamFormat format) {
  impl_->push({InboxItem::Kind::format, std::move(format), nullptr});
}

void HttpServer::push_chunk(ChunkRef chunk) {
  impl_->push({InboxItem::Kind::chunk, {}, std::move(chunk)});
}

void HttpServer::push_eos() { impl_->push({InboxItem::Kind::eos, {}, nullptr}); }

StreamerStats HttpServer::stats() const { return impl_->stats.snapshot(); }

void HttpServer::take_connection(int fd, std::string bytes) {
  Gate &gate = *impl_->gate;
  std::lock_guard lock(gate.mutex);
  if (!gate.io) {
    ::close(fd); // the server is going away
    return;
  }
  asio::post(*gate.io, [impl = impl_.get(), fd, bytes = std::move(bytes)]() mutable {
    impl->welcome_from_porter(fd, std::move(bytes));
  });
}

void HttpServer::set_title(std::string title) { impl_->icy_title->set(std::move(title)); }

void HttpServer::expire_keycard(const std::string &keycard_id) {
  if (keycard_id.empty())
    return;
  impl_->gate->post([impl = impl_.get(), keycard_id] {
    impl->close_where([&](const Client &c) { return c.keycard_id == keycard_id; });
    impl->log(FLU_LOG_INFO, "keycard " + keycard_id + " expired; its viewer is gone");
  });
}

namespace {

// Runs f on the network thread and waits for its answer.
template <class R, class F> R on_network_thread(Gate &gate, F f) {
  auto task = std::make_shared<std::packaged_task<R()>>(std::move(f));
  auto result = task->get_future();
  gate.post([task] { (*task)(); });
  if (result.wait_for(std::chrono::seconds(5)) != std::future_status::ready)
    throw std::runtime_error("the network thread did not answer");
  return result.get();
}

} // namespace

std::vector<Viewer> HttpServer::viewers() {
  return on_network_thread<std::vector<Viewer>>(*impl_->gate, [impl = impl_.get()] {
    const auto now = Clock::now();
    std::vector<Viewer> out;
    for (const auto &c : impl->clients)
      out.push_back(
          {c->address(),
           static_cast<uint64_t>(
               std::chrono::duration_cast<std::chrono::seconds>(now - c->connected_at())
                   .count()),
           c->bytes_sent(), c->keycard_id});
    return out;
  });
}

size_t HttpServer::disconnect(const std::string &address) {
  return on_network_thread<size_t>(*impl_->gate, [impl = impl_.get(), address] {
    size_t n = 0;
    impl->close_where([&](const Client &c) { return c.address() == address && ++n; });
    return n;
  });
}

void HttpServer::set_draining(bool draining) {
  impl_->draining.store(draining, std::memory_order_relaxed);
}

} // namespace flu::http_streamer
