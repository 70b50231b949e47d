// The on-demand edge's cache of an origin server (see origin_cache.hpp).
#include "origin_cache.hpp"

#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>

namespace flu::http_server {

namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {
constexpr int kFetchThreads = 4;
} // namespace

OriginCache::OriginCache(OriginSettings settings,
                         std::function<void(const std::string &)> warn)
    : settings_(std::move(settings)), warn_(std::move(warn)) {
  std::error_code ec;
  fs::create_directories(settings_.cache.dir, ec);
  if (ec || !fs::is_directory(settings_.cache.dir))
    throw std::runtime_error("cannot use cache-dir " + settings_.cache.dir.string() +
                             ": " + (ec ? ec.message() : "not a directory"));
  for (int i = 0; i < kFetchThreads; ++i)
    threads_.emplace_back([this] { run(); });
}

OriginCache::~OriginCache() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto &t : threads_)
    t.join();
}

CacheStats OriginCache::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

namespace {
fs::path copy_for(const OriginSettings &s, const std::string &target) {
  return cached_name(s.cache.dir,
                     "http://" + s.host + ":" + std::to_string(s.port) + s.path + target,
                     fs::path(target).extension().string());
}
} // namespace

void OriginCache::get(const std::string &target, Done done) {
  const fs::path copy = copy_for(settings_, target);
  std::shared_ptr<Download> coming;
  {
    std::lock_guard lock(mutex_);
    if (const auto it = active_.find(target); it != active_.end()) {
      ++stats_.misses; // not from a copy, but no fetch of its own either
      coming = it->second;
    }
  }
  if (coming) {
    done({OriginResult::Status::ok, copy, {}, std::move(coming)});
    return;
  }
  std::error_code ec;
  const auto fetched = fs::last_write_time(copy, ec);
  if (!ec && fs::file_time_type::clock::now() - fetched < settings_.ttl) {
    touch_cached(copy);
    {
      std::lock_guard lock(mutex_);
      ++stats_.hits;
    }
    done({OriginResult::Status::ok, copy, {}, nullptr});
    return;
  }
  {
    std::lock_guard lock(mutex_);
    ++stats_.misses;
    auto &waiting = waiting_[target];
    waiting.push_back(std::move(done));
    if (waiting.size() > 1)
      return; // a fetch of it is queued or waits for the origin's head
    queue_.push_back(target);
  }
  wake_.notify_one();
}

void OriginCache::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_)
      return;
    const std::string target = queue_.front();
    queue_.pop_front();
    lock.unlock();
    const fs::path copy = copy_for(settings_, target);
    std::shared_ptr<Download> download;
    // The head came: whoever waits reads the file as it comes, and so does
    // whoever asks from now on until the fetch ends.
    const auto started = [&](std::shared_ptr<Download> d) {
      download = d;
      std::vector<Done> waiting;
      {
        std::lock_guard guard(mutex_);
        active_[target] = d;
        waiting = std::move(waiting_[target]);
        waiting_.erase(target);
      }
      for (auto &done : waiting)
        done({OriginResult::Status::ok, copy, {}, d});
    };
    OriginResult result = fetch(target, copy, started);
    finished(target, copy, std::move(result), download);
    lock.lock();
  }
}

void OriginCache::finished(const std::string &target, const fs::path &copy,
                           OriginResult result,
                           const std::shared_ptr<Download> &download) {
  std::vector<Done> waiting;
  if (download) {
    // Those who ask from now on get the whole copy, or (the fetch broke
    // off) a fetch of their own; then the readers learn how it ended.
    {
      std::lock_guard lock(mutex_);
      active_.erase(target);
    }
    const bool whole = result.status == OriginResult::Status::ok;
    if (!whole)
      warn_("fetching " + target + " from the origin broke off (" + result.reason +
            "); its viewers were cut off and nothing of it was cached");
    download->end(whole ? Download::State::done : Download::State::failed);
  } else {
    std::error_code ec;
    if (result.status == OriginResult::Status::unavailable && fs::exists(copy, ec)) {
      warn_("cannot fetch " + target + " again from the origin (" + result.reason +
            "); serving the copy in " + settings_.cache.dir.string());
      result = {OriginResult::Status::ok, copy, {}, nullptr};
    }
  }
  const CacheStats left = clean_cache_dir(settings_.cache.dir, settings_.cache);
  {
    std::lock_guard lock(mutex_);
    stats_.bytes = left.bytes;
    stats_.evicted += left.evicted;
    // Without a head nobody was told yet. (With one, a new entry here is
    // a new request that queued a fetch of its own.)
    if (!download) {
      waiting = std::move(waiting_[target]);
      waiting_.erase(target);
    }
  }
  for (auto &done : waiting)
    done(result);
}

namespace {
void write_all(int fd, const char *data, size_t size, const fs::path &file) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      throw std::runtime_error("cannot write " + file.string() + ": " +
                               std::strerror(n < 0 ? errno : EIO));
    data += n;
    size -= static_cast<size_t>(n);
  }
}
} // namespace

// Into a temporary name first, readable while it grows: a viewer that finds
// the copy finds it whole, and a fetch that breaks leaves the previous copy
// as it was.
OriginResult OriginCache::fetch(const std::string &target, const fs::path &copy,
                                const Started &started) {
  const std::string url = "http://" + settings_.host + ":" +
                          std::to_string(settings_.port) + settings_.path + target;
  const fs::path partial =
      copy.parent_path() /
      (".partial-" + std::to_string(::getpid()) + "-" + copy.filename().string());
  std::error_code ignored;
  int out = -1;
  try {
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    beast::tcp_stream stream(io);
    stream.expires_after(settings_.connect_timeout);
    stream.connect(resolver.resolve(settings_.host, std::to_string(settings_.port)));
    http::request<http::empty_body> request{http::verb::get, settings_.path + target, 11};
    request.set(http::field::host, settings_.host);
    request.set(http::field::user_agent, "flu-http-server/" FLU_MODULE_VERSION);
    request.set(http::field::connection, "close");
    stream.expires_after(settings_.idle_timeout);
    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response_parser<http::buffer_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    stream.expires_after(settings_.idle_timeout);
    http::read_header(stream, buffer, parser);
    const unsigned status = parser.get().result_int();
    if (status == 404 || status == 410)
      return {OriginResult::Status::not_found, {}, {}, nullptr};
    if (status != 200)
      return {OriginResult::Status::unavailable,
              {},
              url + " answered " + std::to_string(status),
              nullptr};
    out = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    const int in = out < 0 ? -1 : ::open(partial.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0)
      throw std::runtime_error("cannot write " + partial.string() + ": " +
                               std::strerror(errno));
    const auto length = parser.content_length();
    const auto download = std::make_shared<Download>(
        in, length ? std::optional<uint64_t>(*length) : std::nullopt);
    started(download);
    std::vector<char> chunk(64 * 1024);
    while (!parser.is_done()) {
      if (stopping_)
        throw std::runtime_error("the server is stopping");
      auto &body = parser.get().body();
      body.data = chunk.data();
      body.size = chunk.size();
      stream.expires_after(settings_.idle_timeout); // between bytes, not in all
      beast::error_code ec;
      http::read_some(stream, buffer, parser, ec);
      if (ec == http::error::need_buffer)
        ec = {};
      if (ec)
        throw beast::system_error(ec);
      const size_t n = chunk.size() - parser.get().body().size;
      write_all(out, chunk.data(), n, partial);
      if (n > 0)
        download->wrote(n);
    }
    ::close(std::exchange(out, -1));
    fs::rename(partial, copy);
    return {OriginResult::Status::ok, copy, {}, nullptr};
  } catch (const std::exception &e) {
    if (out >= 0)
      ::close(out);
    fs::remove(partial, ignored);
    return {OriginResult::Status::unavailable, {}, url + ": " + e.what(), nullptr};
  }
}

} // namespace flu::http_server
