// The HTTP endpoint Prometheus scrapes (flu-manager --metrics-bind): Beast
// on the owner's io_context, every read and write asynchronous and bounded
// by a time limit, so a slow or silent scraper never holds the loop that
// renders the metrics. A request Beast cannot parse gets 400, a missing or
// wrong bearer token 401 (scrape_request.hpp). Asio and Beast stay in the
// .cpp: this header is all a user includes.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace flu::scrape {

struct ScrapeOptions {
  std::string bind;                          // "ADDR:PORT" (parse_bind)
  std::string token;                         // empty: no token asked
  std::size_t max_connections = 32;          // more are closed at once
  std::chrono::milliseconds timeout{10'000}; // to send a request, to take an answer
};

class ScrapeServer {
public:
  // The text of one scrape, made on the io_context's thread.
  using Render = std::function<std::string()>;
  // Listens at once; throws std::runtime_error naming the address when it
  // cannot.
  ScrapeServer(boost::asio::io_context &io, ScrapeOptions options, Render render);
  ~ScrapeServer();
  ScrapeServer(const ScrapeServer &) = delete;
  ScrapeServer &operator=(const ScrapeServer &) = delete;
  // Where it listens, "ADDR:PORT" (the port the kernel chose for port 0).
  std::string address() const;

private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

struct BindAddress {
  std::string host; // an IP address
  uint16_t port = 0;
};
// "127.0.0.1:9100", "[::1]:9100", "0.0.0.0:0"; throws std::invalid_argument
// saying what is wrong with it.
BindAddress parse_bind(const std::string &text);

// The token in FILE (its first line, surrounding blanks trimmed). Throws
// std::runtime_error naming the file when it cannot be read, is empty, or
// can be read by others than its owner (like the manager's secret key).
std::string read_token_file(const std::filesystem::path &file);

} // namespace flu::scrape
