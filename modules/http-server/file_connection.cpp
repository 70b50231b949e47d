// One viewer's request to the on-demand server and its answer: a file, a
// part of it (Range), a directory listing, or an error.
#include "byte_range.hpp"
#include "file_path.hpp"
#include "file_server_impl.hpp"
#include "mime_types.hpp"

#include <flu/sdk/forwarded_for.hpp>
#include <flu/sdk/html.hpp>
#include <flu/sdk/http_head.hpp>

#include <boost/asio/write.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <limits>
#include <vector>

namespace flu::http_server {

namespace http = boost::beast::http;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using flu::sdk::html_escape;

namespace {

constexpr size_t kChunk = 64 * 1024;

std::string url_escape(const std::string &s) {
  static const char digits[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/')
      out += static_cast<char>(c);
    else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

class Connection : public std::enable_shared_from_this<Connection> {
public:
  Connection(FileServer::Impl &server, asio::ip::tcp::socket socket)
      : server_(server), alive_(server.alive), socket_(std::move(socket)),
        timer_(socket_.get_executor()), reader_(server.settings.max_request_bytes) {
    const uint64_t now = ++server_.stats.connections;
    server_.stats.peak = std::max(server_.stats.peak, now);
  }
  ~Connection() {
    if (fd_ >= 0)
      ::close(fd_);
    if (!*alive_)
      return;
    --server_.stats.connections;
    if (server_.access_log.enabled() && status_ != 0)
      server_.access_log.write(
          {address_, "", arrived_, request_line_, status_, bytes_, referer_, user_agent_,
           static_cast<uint64_t>(
               std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - connected_)
                   .count())});
  }

  void start(std::string_view initial) {
    peer_ = flu::sdk::peer_address(socket_);
    address_ = peer_;
    reader_.prime(initial);
    timer_.expires_after(server_.settings.request_timeout);
    timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (!ec && !self->have_request_) {
        error_code ignored;
        self->socket_.close(ignored);
      }
    });
    reader_.async_read(socket_, [self = shared_from_this()](error_code ec, size_t) {
      self->on_request(ec);
    });
  }

private:
  void on_request(error_code ec) {
    have_request_ = true;
    timer_.cancel();
    if (ec) {
      if (!flu::sdk::viewer_left(ec) && socket_.is_open())
        error(400, "Bad Request");
      return;
    }
    ++server_.stats.requests;
    const auto &req = reader_.get();
    address_ = flu::sdk::forwarded_address(peer_, reader_.header("X-Forwarded-For"),
                                           server_.settings.trusted_proxies);
    request_line_ = reader_.request_line();
    referer_ = reader_.header(http::field::referer);
    user_agent_ = reader_.header(http::field::user_agent);
    version_ = req.version() >= 11 ? 11 : 10;
    head_only_ = req.method() == http::verb::head;
    if (req.method() == http::verb::options && !server_.settings.cors_origin.empty())
      return preflight();
    if (!head_only_ && req.method() != http::verb::get)
      return error(405, "Method Not Allowed", "Allow: GET, HEAD\r\n");
    if (server_.stats.connections > server_.settings.client_limit)
      return error(503, "Service Unavailable", "Retry-After: 10\r\n");
    std::string_view target(req.target().data(), req.target().size());
    target = target.substr(0, target.find('?'));
    const std::string &mount = server_.settings.mount_point; // ends in '/'
    std::string_view relative;
    if (target.size() + 1 == mount.size() && mount.compare(0, target.size(), target) == 0)
      return redirect(std::string(target) + "/");
    if (target.compare(0, mount.size(), mount) != 0)
      return error(404, "Not Found");
    relative = target.substr(mount.size());
    if (!server_.hooks.authorize)
      return answer(target, relative);
    // The bouncer first: a viewer it refuses learns nothing of the files.
    const std::string path(target), rest(relative);
    const std::string full(req.target().data(), req.target().size());
    const auto question = full.find('?');
    // The answer comes on the component's thread, which also destroys the
    // server: `alive` tells whether the io_context is still there.
    server_.hooks.authorize(
        flu::sdk::viewer_keycard(
            reader_.header(http::field::authorization),
            question == std::string::npos ? "" : full.substr(question + 1), address_,
            path),
        [self = shared_from_this(), alive = alive_, io = &server_.io, path,
         rest](flu::sdk::AuthResult result) {
          if (*alive)
            asio::post(*io, [self, path, rest, result = std::move(result)] {
              self->authorized(result, path, rest);
            });
        });
  }

  void authorized(const flu::sdk::AuthResult &result, const std::string &target,
                  const std::string &relative) {
    if (!socket_.is_open())
      return;
    if (!result.authenticated) {
      server_.log(FLU_LOG_INFO, "the bouncer refused a viewer from " + address_ +
                                    (result.reason.empty() ? "" : ": " + result.reason));
      std::string realm = server_.settings.mount_point;
      for (char &c : realm)
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
          c = '_';
      return error(401, "Unauthorized",
                   "WWW-Authenticate: Basic realm=\"" + realm + "\"\r\n");
    }
    answer(target, relative);
  }

  // The file, listing or error for a request already checked.
  void answer(std::string_view target, std::string_view relative) {
    if (server_.origin)
      return from_origin(relative);
    const Resolved found = resolve(server_.settings.root, relative);
    switch (found.status) {
    case Resolved::Status::bad:
      return error(400, "Bad Request");
    case Resolved::Status::forbidden:
      return error(403, "Forbidden");
    case Resolved::Status::not_found:
      return error(404, "Not Found");
    case Resolved::Status::ok:
      break;
    }
    std::error_code fec;
    if (fs::is_directory(found.file, fec)) {
      if (!server_.settings.allow_browsing)
        return error(403, "Forbidden");
      if (target.empty() || target.back() != '/')
        return redirect(std::string(target) + "/");
      return listing(found.file, std::string(target));
    }
    serve_file(server_.cache ? server_.cache->file_for(found.file) : found.file,
               range_header());
  }

  // An on-demand edge: the file from the origin (or its cached copy).
  void from_origin(std::string_view relative) {
    switch (check_forwardable(relative)) {
    case Resolved::Status::bad:
      return error(400, "Bad Request");
    case Resolved::Status::forbidden:
      return error(403, "Forbidden");
    case Resolved::Status::not_found:
    case Resolved::Status::ok:
      break;
    }
    if (relative.empty() || relative.back() == '/')
      return error(403, "Forbidden"); // no listings of an origin
    server_.origin->get(std::string(relative), [self = shared_from_this(),
                                                io = &server_.io](OriginResult result) {
      asio::post(*io, [self, result = std::move(result)] { self->fetched(result); });
    });
  }

  void fetched(const OriginResult &result) {
    if (!socket_.is_open())
      return;
    switch (result.status) {
    case OriginResult::Status::not_found:
      return error(404, "Not Found");
    case OriginResult::Status::unavailable:
      server_.log(FLU_LOG_WARNING, "cannot serve from the origin: " + result.reason);
      return error(502, "Bad Gateway");
    case OriginResult::Status::ok:
      break;
    }
    if (result.download)
      return from_download(result.download, result.file);
    serve_file(result.file, range_header());
  }

  std::string_view range_header() const {
    const auto &req = reader_.get();
    const auto range = req.find(http::field::range);
    return range == req.end()
               ? std::string_view()
               : std::string_view(range->value().data(), range->value().size());
  }

  // A file still coming from the origin: sent as it grows (send_more waits
  // for its bytes). Without the origin's Content-Length there is no length
  // to promise in the head, so the viewer waits for the whole file.
  void from_download(const std::shared_ptr<Download> &download, const fs::path &name) {
    if (!download->length())
      return download->when_past(
          std::numeric_limits<uint64_t>::max(),
          [self = shared_from_this(), io = &server_.io, download, name] {
            asio::post(*io, [self, download, name] { self->downloaded(download, name); });
          });
    fd_ = ::dup(download->fd());
    if (fd_ < 0)
      return error(503, "Service Unavailable", "Retry-After: 10\r\n");
    download_ = download;
    send_head(*download->length(), name, range_header());
  }

  void downloaded(const std::shared_ptr<Download> &download, const fs::path &name) {
    if (!socket_.is_open())
      return;
    const Download::Progress p = download->progress();
    if (p.state != Download::State::done) {
      server_.log(FLU_LOG_WARNING, "cannot serve from the origin: the fetch broke off");
      return error(502, "Bad Gateway");
    }
    fd_ = ::dup(download->fd());
    if (fd_ < 0)
      return error(503, "Service Unavailable", "Retry-After: 10\r\n");
    send_head(p.written, name, range_header());
  }

  std::string status_line(int status, std::string_view reason) const {
    return std::string(version_ >= 11 ? "HTTP/1.1 " : "HTTP/1.0 ") +
           std::to_string(status) + " " + std::string(reason) +
           "\r\nServer: flu-http-server/" FLU_MODULE_VERSION "\r\nConnection: close\r\n" +
           cors();
  }

  // A player page on another site may read the files, their ranges included.
  std::string cors() const {
    const std::string &origin = server_.settings.cors_origin;
    return origin.empty() ? std::string()
                          : "Access-Control-Allow-Origin: " + origin +
                                "\r\nAccess-Control-Expose-Headers: Content-Length, "
                                "Content-Range, Accept-Ranges\r\n";
  }

  // CORS preflight: what a player on another site may ask (a Range header).
  void preflight() {
    status_ = 204;
    send_text(status_line(204, "No Content") +
              "Access-Control-Allow-Methods: GET, HEAD, OPTIONS\r\n"
              "Access-Control-Allow-Headers: Range\r\nAccess-Control-Max-Age: 86400\r\n"
              "Content-Length: 0\r\n\r\n");
  }

  void error(int status, std::string_view reason, std::string_view extra = {}) {
    status_ = status;
    if (status == 404)
      ++server_.stats.not_found;
    else
      ++server_.stats.refused;
    const std::string body = std::to_string(status) + " " + std::string(reason) + "\n";
    send_text(status_line(status, reason) + std::string(extra) +
              "Content-Type: text/plain\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\n\r\n" + body);
  }

  void redirect(const std::string &location) {
    status_ = 301;
    send_text(status_line(301, "Moved Permanently") +
              "Location: " + url_escape(location) + "\r\nContent-Length: 0\r\n\r\n");
  }

  void listing(const fs::path &dir, const std::string &target) {
    std::vector<std::pair<std::string, bool>> entries;
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(dir, ec))
      entries.emplace_back(entry.path().filename().string(), entry.is_directory(ec));
    std::sort(entries.begin(), entries.end());
    std::string body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" +
                       html_escape(target) + "</title></head><body><h1>" +
                       html_escape(target) + "</h1><ul>\n";
    for (const auto &[name, is_dir] : entries) {
      const std::string shown = name + (is_dir ? "/" : "");
      body += "<li><a href=\"" + html_escape(url_escape(shown)) + "\">" +
              html_escape(shown) + "</a></li>\n";
    }
    body += "</ul></body></html>\n";
    status_ = 200;
    send_text(status_line(200, "OK") + "Content-Type: text/html; charset=utf-8\r\n" +
              "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
              (head_only_ ? std::string() : body));
  }

  void serve_file(const fs::path &file, std::string_view range_header) {
    fd_ = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd_ < 0 || fstat(fd_, &st) != 0)
      return error(404, "Not Found");
    if (!S_ISREG(st.st_mode))
      return error(403, "Forbidden"); // a device or a pipe is no file to serve
    send_head(static_cast<uint64_t>(st.st_size), file, range_header);
  }

  // The head for `size` bytes of fd_ (named `file`, for its type), then
  // what the range asks for.
  void send_head(uint64_t size, const fs::path &file, std::string_view range_header) {
    const ByteRange range = parse_range(range_header, size);
    std::string head;
    if (range.kind == ByteRange::Kind::unsatisfiable) {
      return error(416, "Range Not Satisfiable",
                   "Content-Range: bytes */" + std::to_string(size) + "\r\n");
    }
    status_ = range.kind == ByteRange::Kind::partial ? 206 : 200;
    if (range.kind == ByteRange::Kind::partial) {
      offset_ = range.first;
      end_ = range.last + 1;
      head = status_line(206, "Partial Content") + "Content-Range: bytes " +
             std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
             std::to_string(size) + "\r\n";
    } else {
      offset_ = 0;
      end_ = size;
      head = status_line(200, "OK");
    }
    head += "Accept-Ranges: bytes\r\nContent-Type: " + mime_type(file) +
            "\r\nContent-Length: " + std::to_string(end_ - offset_) + "\r\n\r\n";
    if (head_only_)
      end_ = offset_;
    started_ = Clock::now();
    text_ = std::move(head);
    write_text([self = shared_from_this()] { self->send_more(); });
  }

  void send_text(std::string text) {
    text_ = std::move(text);
    write_text([self = shared_from_this()] { self->finish(); });
  }

  template <class Then> void write_text(Then then) {
    asio::async_write(socket_, asio::buffer(text_),
                      [self = shared_from_this(), then](error_code ec, size_t n) {
                        self->count(n);
                        if (!ec)
                          then();
                      });
  }

  void count(size_t n) {
    bytes_ += n;
    if (*alive_)
      server_.stats.bytes_sent += n;
  }

  // The file from offset_ to end_, chunk by chunk, no faster than the rate.
  void send_more() {
    if (offset_ >= end_)
      return finish();
    size_t want = static_cast<size_t>(std::min<uint64_t>(kChunk, end_ - offset_));
    if (download_) {
      const Download::Progress p = download_->progress();
      if (p.written <= offset_) {
        if (p.state != Download::State::fetching) {
          // The length promised in the head cannot be kept: the viewer
          // sees a cut transfer, not a file that looks whole.
          server_.log(FLU_LOG_WARNING,
                      "the origin broke off a file while it was sent to " + address_ +
                          "; closing the connection");
          error_code ignored;
          socket_.close(ignored);
          return;
        }
        download_->when_past(offset_, [self = shared_from_this(), io = &server_.io] {
          asio::post(*io, [self] { self->send_more(); });
        });
        return;
      }
      want = static_cast<size_t>(std::min<uint64_t>(want, p.written - offset_));
    }
    const uint64_t rate = server_.settings.rate_bytes_per_second;
    if (rate > 0) {
      const double seconds =
          std::chrono::duration<double>(Clock::now() - started_).count();
      const double allowed =
          static_cast<double>(server_.settings.max_level_bytes) + seconds * rate - sent_;
      if (allowed < 1) {
        const double wait = (std::min<double>(want, rate) - allowed) / rate;
        timer_.expires_after(std::chrono::microseconds(static_cast<int64_t>(wait * 1e6)));
        timer_.async_wait([self = shared_from_this()](error_code ec) {
          if (!ec)
            self->send_more();
        });
        return;
      }
      want = std::min<size_t>(want, static_cast<size_t>(allowed));
    }
    chunk_.resize(want);
    const ssize_t n = ::pread(fd_, chunk_.data(), want, static_cast<off_t>(offset_));
    if (n <= 0) {
      // The file shrank under us: the length we announced cannot be kept.
      server_.log(FLU_LOG_WARNING, "a file got shorter while it was sent");
      error_code ignored;
      socket_.close(ignored);
      return;
    }
    asio::async_write(socket_, asio::buffer(chunk_.data(), static_cast<size_t>(n)),
                      [self = shared_from_this()](error_code ec, size_t written) {
                        self->count(written);
                        self->offset_ += written;
                        self->sent_ += written;
                        if (!ec)
                          self->send_more();
                      });
  }

  void finish() {
    error_code ignored;
    socket_.shutdown(asio::socket_base::shutdown_send, ignored);
    socket_.close(ignored);
  }

  FileServer::Impl &server_;
  std::shared_ptr<bool> alive_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  flu::sdk::RequestHeadReader reader_;
  bool have_request_ = false;
  bool head_only_ = false;
  unsigned version_ = 11;
  int fd_ = -1;
  std::shared_ptr<Download> download_; // a file still coming from the origin
  uint64_t offset_ = 0, end_ = 0;
  double sent_ = 0;
  Clock::time_point started_;
  std::string text_;
  std::vector<char> chunk_;
  // For the access log.
  std::string peer_, address_, request_line_, referer_, user_agent_;
  int status_ = 0;
  uint64_t bytes_ = 0;
  std::chrono::system_clock::time_point arrived_ = std::chrono::system_clock::now();
  Clock::time_point connected_ = Clock::now();
};

} // namespace

void start_connection(FileServer::Impl &server, asio::ip::tcp::socket socket,
                      std::string_view initial) {
  std::make_shared<Connection>(server, std::move(socket))->start(initial);
}

} // namespace flu::http_server
