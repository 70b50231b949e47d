// The on-demand edge's cache of an origin server (see origin_cache.hpp).
#include "origin_cache.hpp"

#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <unistd.h>

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
  std::error_code ec;
  const auto fetched = fs::last_write_time(copy, ec);
  if (!ec && fs::file_time_type::clock::now() - fetched < settings_.ttl) {
    touch_cached(copy);
    {
      std::lock_guard lock(mutex_);
      ++stats_.hits;
    }
    done({OriginResult::Status::ok, copy, {}});
    return;
  }
  {
    std::lock_guard lock(mutex_);
    ++stats_.misses;
    auto &waiting = waiting_[target];
    waiting.push_back(std::move(done));
    if (waiting.size() > 1)
      return; // a fetch of it is under way or queued
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
    OriginResult result = fetch(target, copy);
    std::error_code ec;
    if (result.status == OriginResult::Status::unavailable && fs::exists(copy, ec)) {
      warn_("cannot fetch " + target + " again from the origin (" + result.reason +
            "); serving the copy in " + settings_.cache.dir.string());
      result = {OriginResult::Status::ok, copy, {}};
    }
    const CacheStats left = clean_cache_dir(settings_.cache.dir, settings_.cache);
    lock.lock();
    stats_.bytes = left.bytes;
    stats_.evicted += left.evicted;
    auto waiting = std::move(waiting_[target]);
    waiting_.erase(target);
    lock.unlock();
    for (auto &done : waiting)
      done(result);
    lock.lock();
  }
}

// Into a temporary name first: a reader never opens half a file, and a
// fetch that breaks leaves the previous copy as it was.
OriginResult OriginCache::fetch(const std::string &target, const fs::path &copy) {
  const std::string url = "http://" + settings_.host + ":" +
                          std::to_string(settings_.port) + settings_.path + target;
  const fs::path partial =
      copy.parent_path() /
      (".partial-" + std::to_string(::getpid()) + "-" + copy.filename().string());
  std::error_code ignored;
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
    http::response_parser<http::file_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    stream.expires_after(settings_.idle_timeout);
    http::read_header(stream, buffer, parser);
    const unsigned status = parser.get().result_int();
    if (status == 404 || status == 410)
      return {OriginResult::Status::not_found, {}, {}};
    if (status != 200)
      return {OriginResult::Status::unavailable,
              {},
              url + " answered " + std::to_string(status)};
    beast::error_code ec;
    parser.get().body().open(partial.c_str(), beast::file_mode::write, ec);
    if (ec)
      return {OriginResult::Status::unavailable,
              {},
              "cannot write " + partial.string() + ": " + ec.message()};
    while (!parser.is_done()) {
      stream.expires_after(settings_.idle_timeout); // between bytes, not in all
      http::read_some(stream, buffer, parser);
    }
    parser.get().body().close();
    fs::rename(partial, copy);
    return {OriginResult::Status::ok, copy, {}};
  } catch (const std::exception &e) {
    fs::remove(partial, ignored);
    return {OriginResult::Status::unavailable, {}, url + ": " + e.what()};
  }
}

} // namespace flu::http_server
