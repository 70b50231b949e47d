// The porter's viewers' side (see porter_server.hpp): accept, read the
// request head within limits, hand the socket to the path's streamer.
#include "porter_impl.hpp"
#include "request_head.hpp"

#include <flu/sdk/porter_protocol.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <future>
#include <stdexcept>

namespace flu::porter {

namespace {
constexpr auto kStatsPeriod = std::chrono::seconds(2);
constexpr auto kLinger = std::chrono::seconds(2);
constexpr size_t kReadChunk = 2048;
} // namespace

void PorterServer::Impl::listen_tcp() {
  flu::sdk::listen_tcp_on(acceptor, settings.interface, settings.port);
  error_code ignored;
  acceptor.non_blocking(true, ignored); // for the batched accepts
  bound_port = acceptor.local_endpoint().port();
}

void PorterServer::Impl::welcome(asio::ip::tcp::socket socket) {
  std::string text = flu::sdk::peer_address(socket);
  if (text.empty())
    return; // gone already
  // One address past its cap gets nothing more: closed at once, unanswered.
  if (auto it = per_address.find(text);
      it != per_address.end() && it->second >= settings.max_pending_per_address) {
    ++stats.refused;
    return;
  }
  // Full: the oldest waiting viewer goes, so that a flood of silent
  // connections from many addresses cannot shut out a viewer who asks at once.
  if (viewers.size() >= settings.max_pending) {
    ++stats.refused;
    forget(*viewers.begin()->second);
  }
  ++per_address[text];
  auto v = std::make_shared<Viewer>(std::move(socket));
  v->address = std::move(text);
  v->seq = next_seq++;
  viewers.emplace(v->seq, v);
  v->timer.expires_after(settings.request_timeout);
  v->timer.async_wait([this, weak = std::weak_ptr<Viewer>(v)](error_code e) {
    auto v = weak.lock();
    if (e || !v || v->finished)
      return;
    ++stats.bad_requests;
    forget(*v); // silent or too slow: no answer is owed
  });
  read_head(v);
}

void PorterServer::Impl::read_head(const std::shared_ptr<Viewer> &v) {
  const size_t have = v->bytes.size();
  const size_t room = std::min(kReadChunk, settings.max_request_bytes - have);
  v->bytes.resize(have + room);
  v->socket.async_read_some(
      asio::buffer(v->bytes.data() + have, room),
      [this, v, have](error_code ec, size_t n) {
        v->bytes.resize(have + n);
        if (v->finished)
          return;
        if (ec) {
          forget(*v); // hung up, or reset
          return;
        }
        // Beast runs again only once a line may have ended.
        if (std::memchr(v->bytes.data() + have, '\n', n) == nullptr &&
            v->bytes.size() < settings.max_request_bytes) {
          read_head(v);
          return;
        }
        const RequestHead head = read_request_head(v->bytes, settings.max_request_bytes);
        switch (head.state) {
        case RequestHead::State::incomplete:
          read_head(v);
          return;
        case RequestHead::State::bad:
          ++stats.bad_requests;
          answer(v, 400, "Bad Request");
          return;
        case RequestHead::State::complete:
          route(v, head.path, head.query);
          return;
        }
      });
}

// A balancer path: the viewer goes to the least-loaded streamer of the
// stream (302, with its query), or gets 503 when none has room.
bool PorterServer::Impl::balance(const std::shared_ptr<Viewer> &v,
                                 const std::string &path, const std::string &query) {
  const auto it = balancers.find(path);
  if (it == balancers.end())
    return false;
  const auto url = it->second->pick();
  if (!url) {
    ++stats.unavailable;
    answer(v, 503, "Service Unavailable", "Retry-After: 10\r\n");
    return true;
  }
  std::string location = *url;
  if (!query.empty())
    location += (location.find('?') == std::string::npos ? "?" : "&") + query;
  // Nothing the viewer sent may break the header: a query is one line.
  if (location.find_first_of("\r\n") != std::string::npos) {
    ++stats.bad_requests;
    answer(v, 400, "Bad Request");
    return true;
  }
  ++stats.redirected;
  answer(v, 302, "Found", "Location: " + location + "\r\n");
  return true;
}

void PorterServer::Impl::route(const std::shared_ptr<Viewer> &v, const std::string &path,
                               const std::string &query) {
  if (balance(v, path, query))
    return;
  const auto ids = routing.candidates(path);
  if (ids.empty()) {
    ++stats.not_found;
    answer(v, 404, "Not Found");
    return;
  }
  for (const StreamerId id : ids) {
    auto it = streamers.find(id);
    if (it == streamers.end())
      continue;
    auto link = it->second; // pass() may drop it
    if (pass(*link, *v)) {
      ++stats.handed_over;
      forget(*v); // our copy of the descriptor; the streamer holds its own
      return;
    }
  }
  ++stats.unavailable;
  answer(v, 503, "Service Unavailable");
}

bool PorterServer::Impl::pass(StreamerLink &link, Viewer &v) {
  const std::string packet = sdk::porter::encode("CONNECTION", {v.address, v.bytes});
  const int fd = v.socket.native_handle();
  iovec iov{const_cast<char *>(packet.data()), packet.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr *c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &fd, sizeof(int));
  if (sendmsg(link.socket.native_handle(), &msg, MSG_DONTWAIT | MSG_NOSIGNAL) >= 0)
    return true;
  const int err = errno;
  if (err == EAGAIN || err == EWOULDBLOCK || err == ENOBUFS) {
    // A streamer that does not read its socket: its queue is full. The
    // others of the path (if any) take the viewer.
    log(FLU_LOG_DEBUG, "streamer " + std::to_string(link.id) + " is not taking viewers");
    return false;
  }
  drop(streamers.at(link.id), std::string("cannot pass it a viewer: ") + strerror(err));
  return false;
}

void PorterServer::Impl::answer(const std::shared_ptr<Viewer> &v, int status,
                                const char *reason, const std::string &extra_headers) {
  const std::string body = std::to_string(status) + " " + reason + "\n";
  v->answer = "HTTP/1.0 " + std::to_string(status) + " " + reason + "\r\n" +
              extra_headers +
              "Server: flu-porter\r\nContent-Type: text/plain\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  v->timer.expires_after(kLinger);
  v->timer.async_wait([this, v](error_code e) {
    if (!e && !v->finished)
      forget(*v);
  });
  asio::async_write(v->socket, asio::buffer(v->answer), [this, v](error_code ec, size_t) {
    if (v->finished)
      return;
    if (ec) {
      forget(*v);
      return;
    }
    // Half-close and wait for the viewer's end (or the linger timer), so
    // that unread bytes of theirs do not turn the answer into a reset.
    error_code ignored;
    v->socket.shutdown(asio::socket_base::shutdown_send, ignored);
    auto sink = std::make_shared<std::array<char, 512>>();
    auto drain = std::make_shared<std::function<void()>>();
    *drain = [this, v, sink, drain] {
      v->socket.async_read_some(asio::buffer(*sink),
                                [this, v, drain](error_code e, size_t) {
                                  if (v->finished)
                                    return;
                                  if (e) {
                                    forget(*v);
                                    return;
                                  }
                                  (*drain)();
                                });
    };
    (*drain)();
  });
}

void PorterServer::Impl::forget(Viewer &v) {
  if (std::exchange(v.finished, true))
    return;
  v.timer.cancel();
  error_code ignored;
  v.socket.close(ignored);
  if (auto it = per_address.find(v.address); it != per_address.end() && --it->second == 0)
    per_address.erase(it);
  const uint64_t seq = v.seq; // erase() may free v: not a reference into it
  viewers.erase(seq);
}

void PorterServer::Impl::report() {
  stats.pending = viewers.size();
  stats.streamers = 0;
  for (const auto &[id, s] : streamers)
    stats.streamers += s->logged_in ? 1 : 0;
  stats.routes = routing.size();
  for (auto &[path, balancer] : balancers)
    balancer->refresh(); // the first question makes the host follow them
  if (hooks.stats)
    hooks.stats(stats);
  stats_timer.expires_after(kStatsPeriod);
  stats_timer.async_wait([this](error_code ec) {
    if (!ec)
      report();
  });
}

void PorterServer::Impl::shutdown() {
  error_code ignored;
  acceptor.close(ignored);
  accepts.cancel();
  stats_timer.cancel();
  unix_listener.close(ignored);
  while (!viewers.empty())
    forget(*viewers.begin()->second);
  for (auto &[id, s] : std::map(streamers))
    drop(s, "the porter stops");
  io.stop();
}

PorterServer::PorterServer(PorterSettings settings, PorterHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(hooks))) {
  impl_->listen_tcp();
  impl_->listen_unix();
  impl_->accepts.start();
  impl_->accept_streamers();
  impl_->report();
  impl_->thread =
      flu::sdk::network_thread(impl_->io, "flu-porter-net", impl_->hooks.fail);
}

PorterServer::~PorterServer() {
  asio::post(impl_->io, [impl = impl_.get()] { impl->shutdown(); });
  if (impl_->thread.joinable())
    impl_->thread.join();
  ::unlink(impl_->settings.socket_path.c_str());
}

uint16_t PorterServer::port() const { return impl_->bound_port; }

void PorterServer::expire_keycard(const std::string &id) {
  asio::post(impl_->io, [impl = impl_.get(), id] { impl->expire_keycard(id); });
}

std::string PorterServer::routes() {
  auto task = std::make_shared<std::packaged_task<std::string()>>(
      [impl = impl_.get()] { return impl->routing.describe(); });
  auto result = task->get_future();
  asio::post(impl_->io, [task] { (*task)(); });
  if (result.wait_for(std::chrono::seconds(5)) != std::future_status::ready)
    throw std::runtime_error("the porter's network thread did not answer");
  return result.get();
}

} // namespace flu::porter
