// The on-demand server's network side (see file_server.hpp).
#include "file_server_impl.hpp"

#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>

#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace flu::http_server {

namespace {
constexpr auto kAcceptRetry = std::chrono::milliseconds(100);
constexpr auto kStatsPeriod = std::chrono::seconds(2);
} // namespace

void FileServer::Impl::listen() {
  const std::string where = "port " + std::to_string(settings.port);
  error_code ec;
  asio::ip::tcp::endpoint endpoint(asio::ip::tcp::v6(), settings.port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec)
    acceptor.set_option(asio::ip::v6_only(false), ec);
  if (ec) {
    if (acceptor.is_open())
      acceptor.close();
    endpoint = asio::ip::tcp::endpoint(asio::ip::tcp::v4(), settings.port);
    acceptor.open(endpoint.protocol(), ec);
    if (ec)
      throw std::runtime_error("cannot open a socket for " + where + ": " + ec.message());
  }
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  acceptor.bind(endpoint, ec);
  if (ec == asio::error::address_in_use)
    throw std::runtime_error(where + " is already in use; choose another 'port'");
  if (!ec)
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
  bound_port = acceptor.local_endpoint().port();
}

void FileServer::Impl::accept() {
  acceptor.async_accept([this](error_code ec, asio::ip::tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open())
      return;
    if (ec) {
      accept_retry.expires_after(kAcceptRetry);
      accept_retry.async_wait([this](error_code e) {
        if (!e)
          accept();
      });
      return;
    }
    welcome(std::move(socket), {});
    accept();
  });
}

void FileServer::Impl::welcome(asio::ip::tcp::socket socket, std::string_view initial) {
  error_code ignored;
  socket.set_option(asio::ip::tcp::no_delay(true), ignored);
  start_connection(*this, std::move(socket), initial);
}

void FileServer::Impl::report() {
  if (cache || origin) {
    stats.cached = true;
    stats.cache = cache ? cache->stats() : origin->stats();
  }
  if (hooks.stats)
    hooks.stats(stats);
  stats_timer.expires_after(kStatsPeriod);
  stats_timer.async_wait([this](error_code ec) {
    if (!ec)
      report();
  });
}

void FileServer::Impl::shutdown() {
  error_code ignored;
  acceptor.close(ignored);
  accept_retry.cancel();
  stats_timer.cancel();
  io.stop(); // the connections die with the io_context
}

FileServer::FileServer(ServerSettings settings, ServerHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(hooks))) {
  if (!impl_->settings.behind_porter) {
    impl_->listen();
    impl_->accept();
  }
  impl_->report();
  impl_->thread = std::thread([impl = impl_.get()] {
    pthread_setname_np(pthread_self(), "flu-files-net");
    try {
      impl->io.run();
    } catch (const std::exception &e) {
      if (impl->hooks.fail)
        impl->hooks.fail(std::string("the network thread stopped: ") + e.what());
    }
  });
}

FileServer::~FileServer() {
  asio::post(impl_->io, [impl = impl_.get()] { impl->shutdown(); });
  if (impl_->thread.joinable())
    impl_->thread.join();
}

uint16_t FileServer::port() const { return impl_->bound_port; }

void FileServer::take_connection(int fd, std::string bytes) {
  asio::post(impl_->io, [impl = impl_.get(), fd, bytes = std::move(bytes)] {
    sockaddr_storage local{};
    socklen_t length = sizeof local;
    if (getsockname(fd, reinterpret_cast<sockaddr *>(&local), &length) != 0 ||
        (local.ss_family != AF_INET && local.ss_family != AF_INET6)) {
      ::close(fd);
      return;
    }
    asio::ip::tcp::socket socket(impl->io);
    error_code ec;
    socket.assign(local.ss_family == AF_INET6 ? asio::ip::tcp::v6() : asio::ip::tcp::v4(),
                  fd, ec);
    if (ec) {
      ::close(fd);
      return;
    }
    impl->welcome(std::move(socket), bytes);
  });
}

} // namespace flu::http_server
