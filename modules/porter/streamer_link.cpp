// The porter's streamers' side (see porter_server.hpp): the Unix socket,
// logins, registrations, and the links that carry viewers' sockets.
#include "porter_impl.hpp"

#include <flu/sdk/porter_protocol.hpp>

#include <boost/asio/post.hpp>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace flu::porter {

namespace {

constexpr auto kLoginTimeout = std::chrono::seconds(10);

// Constant time for equal lengths: how long a refusal takes says nothing
// about how much of a guess was right.
bool same_secret(const std::string &a, const std::string &b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i)
    diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  return diff == 0 && !b.empty();
}

sockaddr_un unix_address(const std::string &path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.empty() || path.size() >= sizeof address.sun_path)
    throw std::runtime_error("socket-path '" + path + "' must be 1 to " +
                             std::to_string(sizeof address.sun_path - 1) + " bytes long");
  std::memcpy(address.sun_path, path.data(), path.size());
  return address;
}

// A socket file left by a porter that died can go; one a live porter
// answers on cannot.
void clear_stale_socket(const std::string &path, const sockaddr_un &address) {
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0)
    return;
  if (!S_ISSOCK(st.st_mode))
    throw std::runtime_error("socket-path " + path + " exists and is not a socket");
  const int probe = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  const bool alive =
      probe >= 0 &&
      connect(probe, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0;
  if (probe >= 0)
    close(probe);
  if (alive)
    throw std::runtime_error("another porter listens on socket-path " + path);
  unlink(path.c_str());
}

} // namespace

void PorterServer::Impl::listen_unix() {
  const std::string &path = settings.socket_path;
  const sockaddr_un address = unix_address(path);
  clear_stale_socket(path, address);
  const int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0)
    throw std::runtime_error(std::string("cannot make the porter's socket: ") +
                             strerror(errno));
  if (bind(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0 ||
      chmod(path.c_str(), settings.socket_mode) != 0 || ::listen(fd, 64) != 0) {
    const int err = errno;
    close(fd);
    throw std::runtime_error("cannot listen on socket-path " + path + ": " +
                             strerror(err));
  }
  unix_listener.assign(fd);
}

void PorterServer::Impl::accept_streamers() {
  unix_listener.async_wait(
      asio::posix::stream_descriptor::wait_read, [this](error_code ec) {
        if (ec || !unix_listener.is_open())
          return;
        for (;;) {
          const int fd = accept4(unix_listener.native_handle(), nullptr, nullptr,
                                 SOCK_CLOEXEC | SOCK_NONBLOCK);
          if (fd < 0)
            break;
          if (streamers.size() >= settings.max_streamers) {
            close(fd);
            log(FLU_LOG_WARNING, "refused a streamer: already " +
                                     std::to_string(streamers.size()) + " on the socket");
            continue;
          }
          auto s = std::make_shared<StreamerLink>(io, fd);
          s->id = next_id++;
          streamers.emplace(s->id, s);
          s->login_timer.expires_after(kLoginTimeout);
          s->login_timer.async_wait(
              [this, weak = std::weak_ptr<StreamerLink>(s)](error_code e) {
                if (auto s = weak.lock(); !e && s && !s->logged_in)
                  drop(s, "it did not log in in time");
              });
          read_streamer(s);
        }
        accept_streamers();
      });
}

void PorterServer::Impl::read_streamer(const std::shared_ptr<StreamerLink> &s) {
  s->socket.async_wait(
      asio::posix::stream_descriptor::wait_read, [this, s](error_code ec) {
        if (ec || s->closed)
          return;
        std::string packet(sdk::porter::kMaxPacket + 1, '\0');
        for (;;) {
          // Whatever descriptors a streamer sends us are closed by the kernel
          // with the message: no SCM_RIGHTS buffer is offered.
          const ssize_t n =
              recv(s->socket.native_handle(), packet.data(), packet.size(), MSG_DONTWAIT);
          if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
          if (n <= 0) {
            drop(s, n == 0 ? "it went away" : std::string("read: ") + strerror(errno));
            return;
          }
          on_message(s, packet.substr(0, static_cast<size_t>(n)));
          if (s->closed)
            return;
        }
        read_streamer(s);
      });
}

void PorterServer::Impl::on_message(const std::shared_ptr<StreamerLink> &s,
                                    const std::string &packet) {
  const auto m = sdk::porter::decode(packet);
  if (!m) {
    reply(*s, "ERROR", {"malformed message"});
    drop(s, "it sent a malformed message");
    return;
  }
  if (m->verb == "LOGIN") {
    if (s->logging_in) {
      reply(*s, "ERROR", {"already logging in"});
      drop(s, "it logged in again before its keycard was decided");
      return;
    }
    if (!settings.bouncer.empty() && hooks.authorize) {
      // A keycard: the planet's bouncer decides (answer on another thread).
      s->logging_in = true;
      const std::string who = m->fields[0];
      hooks.authorize({{"kind", "password"},
                       {"username", m->fields[0]},
                       {"password", m->fields[1]},
                       {"address", "porter-socket"}},
                      [this, weak = std::weak_ptr<StreamerLink>(s),
                       who](bool ok, const std::string &id, const std::string &why) {
                        // The host answers on the job's main thread, as it
                        // expires keycards: posted in that order, a login
                        // is always in place before its keycard can expire.
                        asio::post(io, [this, weak, who, ok, id, why] {
                          if (auto s = weak.lock(); s && !s->closed)
                            logged_in(s, who, ok, id, why);
                        });
                      });
      return;
    }
    const bool ok =
        !settings.require_password || (same_secret(m->fields[0], settings.username) &
                                       same_secret(m->fields[1], settings.password));
    logged_in(s, m->fields[0], ok, {}, "wrong username or password");
    return;
  }
  if (!s->logged_in) {
    reply(*s, "ERROR", {"log in first"});
    drop(s, "it asked for " + m->verb + " before logging in");
    return;
  }
  const std::string &path = m->fields.empty() ? std::string() : m->fields[0];
  if (m->verb == "REGISTER" || m->verb == "PREFIX") {
    if (m->verb == "REGISTER")
      routing.add_path(path, s->id);
    else
      routing.add_prefix(path, s->id);
    reply(*s, "OK", {});
    log(FLU_LOG_INFO, "streamer " + std::to_string(s->id) + " takes " +
                          (m->verb == "PREFIX" ? "everything under " : "") + path);
  } else if (m->verb == "UNREGISTER") {
    if (routing.remove(path, s->id))
      reply(*s, "OK", {});
    else
      reply(*s, "ERROR", {"not registered: " + path});
  } else {
    reply(*s, "ERROR", {"a porter does not take " + m->verb});
    drop(s, "it sent " + m->verb);
  }
}

void PorterServer::Impl::logged_in(const std::shared_ptr<StreamerLink> &s,
                                   const std::string &who, bool ok,
                                   const std::string &keycard, const std::string &why) {
  s->logging_in = false;
  if (!ok) {
    // The streamer hears no more than "wrong": whether the user exists is
    // the bouncer's to know.
    reply(*s, "ERROR", {"wrong username or password"});
    drop(s, "refused '" + who + "': " + why);
    return;
  }
  s->logged_in = true;
  s->who = who;
  s->keycard = keycard;
  s->login_timer.cancel();
  reply(*s, "OK", {});
  log(FLU_LOG_INFO,
      "streamer " + std::to_string(s->id) + " ('" + s->who + "') logged in" +
          (settings.bouncer.empty() ? "" : " (keycard from " + settings.bouncer + ")"));
}

// Flumotion's porter trusted a login for as long as the link lasted; here
// a bouncer's expiry (its keycard's duration, or `flu-command expire`) ends
// it. The streamer hears why, its paths are free at once, and its
// PorterClient logs in again a second later under a new keycard: the
// bouncer decides anew. Viewers already handed over stay with it: the
// porter no longer holds their sockets.
void PorterServer::Impl::expire_keycard(const std::string &id) {
  if (id.empty())
    return;
  std::vector<std::shared_ptr<StreamerLink>> ended;
  for (const auto &[sid, s] : streamers)
    if (s->logged_in && s->keycard == id)
      ended.push_back(s);
  for (const auto &s : ended) {
    const std::string paths = routing.held_by(s->id);
    reply(*s, "ERROR", {"your keycard " + id + " expired; log in again"});
    if (hooks.login_ended)
      hooks.login_ended("Streamer " + std::to_string(s->id) + " ('" + s->who +
                        "') lost its login: its keycard " + id + " from " +
                        settings.bouncer + " expired" +
                        (paths.empty() ? "" : "; " + paths + " freed"));
    drop(s, "its keycard " + id + " expired");
  }
}

void PorterServer::Impl::reply(StreamerLink &s, const std::string &verb,
                               const std::vector<std::string> &fields) {
  const std::string packet = sdk::porter::encode(verb, fields);
  // A streamer that does not read its answers loses them; it will time out.
  [[maybe_unused]] const ssize_t n = send(s.socket.native_handle(), packet.data(),
                                          packet.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

void PorterServer::Impl::drop(const std::shared_ptr<StreamerLink> &s,
                              const std::string &why) {
  if (std::exchange(s->closed, true))
    return;
  routing.remove_all(s->id);
  s->login_timer.cancel();
  error_code ignored;
  s->socket.close(ignored);
  streamers.erase(s->id);
  log(s->logged_in ? FLU_LOG_INFO : FLU_LOG_WARNING,
      "streamer " + std::to_string(s->id) + " is gone (" + why + "); its paths are free");
}

} // namespace flu::porter
