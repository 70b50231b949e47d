// The on-demand server's network side (see file_server.hpp).
#include "file_server_impl.hpp"

#include <flu/sdk/tcp_listener.hpp>

#include <boost/asio/post.hpp>

namespace flu::http_server {

namespace {
constexpr auto kStatsPeriod = std::chrono::seconds(2);
} // namespace

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
  accepts.cancel();
  stats_timer.cancel();
  io.stop(); // the connections die with the io_context
}

FileServer::FileServer(ServerSettings settings, ServerHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(settings), std::move(hooks))) {
  if (!impl_->settings.behind_porter) {
    flu::sdk::listen_tcp(impl_->acceptor, impl_->settings.port);
    impl_->bound_port = impl_->acceptor.local_endpoint().port();
    impl_->accepts.start();
  }
  impl_->report();
  impl_->thread = flu::sdk::network_thread(impl_->io, "flu-files-net", impl_->hooks.fail);
}

FileServer::~FileServer() {
  asio::post(impl_->io, [impl = impl_.get()] { impl->shutdown(); });
  if (impl_->thread.joinable())
    impl_->thread.join();
}

uint16_t FileServer::port() const { return impl_->bound_port; }

void FileServer::take_connection(int fd, std::string bytes) {
  asio::post(impl_->io, [impl = impl_.get(), fd, bytes = std::move(bytes)] {
    if (auto socket = flu::sdk::adopt_tcp_socket(impl->io, fd))
      impl->welcome(std::move(*socket), bytes);
  });
}

} // namespace flu::http_server
