// One viewer's connection (see client.hpp).
#include "client.hpp"

#include <flu/sdk/http_head.hpp>
#include <flu/sdk/tcp_listener.hpp>

#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>

namespace flu::http_streamer {

namespace http = boost::beast::http;

namespace {
constexpr size_t kMaxIov = 64;              // Asio's own cap per writev
constexpr size_t kMaxBatchBytes = 1u << 20; // per write call
constexpr auto kLinger = std::chrono::seconds(2);
} // namespace

struct Client::RequestReader : flu::sdk::RequestHeadReader {
  using RequestHeadReader::RequestHeadReader;
};

Client::Client(asio::ip::tcp::socket socket, ClientOwner &owner,
               const StreamerSettings &settings)
    : socket_(std::move(socket)), timer_(socket_.get_executor()), owner_(owner),
      settings_(settings) {}

Client::~Client() = default;

void Client::start(std::string_view initial) {
  address_ = flu::sdk::peer_address(socket_);
  error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  socket_.non_blocking(true, ignored); // for the reads of drain()
  reader_ = std::make_unique<RequestReader>(settings_.max_request_bytes);
  reader_->prime(initial); // Beast parses what the buffer holds first
  timer_.expires_after(settings_.request_timeout);
  timer_.async_wait([self = shared_from_this()](error_code ec) {
    if (!ec && self->reader_)
      self->close(CloseReason::inactive); // no complete request in time
  });
  reader_->async_read(socket_, [self = shared_from_this()](error_code ec, size_t) {
    self->on_request_read(ec);
  });
}

void Client::on_request_read(error_code ec) {
  if (closed_)
    return;
  timer_.cancel();
  if (flu::sdk::viewer_left(ec)) {
    close(CloseReason::peer);
    return;
  }
  if (ec) {
    reader_.reset();
    respond(400, "Bad Request");
    return;
  }
  request = request_of(reader_->get());
  version_ = request.version;
  reader_.reset();
  owner_.on_request(shared_from_this(), request);
}

void Client::respond(int status, std::string_view reason,
                     std::string_view extra_headers) {
  owner_.on_rejected();
  this->status = status;
  std::string body = std::to_string(status) + " " + std::string(reason) + "\n";
  std::string text = std::string(version_ >= 11 ? "HTTP/1.1 " : "HTTP/1.0 ") +
                     std::to_string(status) + " " + std::string(reason) +
                     "\r\nServer: flu-http-streamer\r\nContent-Type: text/plain\r\n"
                     "Content-Length: " +
                     std::to_string(body.size()) + "\r\nConnection: close\r\n" +
                     std::string(extra_headers) + "\r\n" + body;
  write_and_close(Chunk::from_text(std::move(text)));
}

void Client::respond_head_only(ChunkRef head) {
  status = 200;
  write_and_close(std::move(head));
}

void Client::write_and_close(ChunkRef response) {
  closing_after_write_ = true;
  preamble_ = {std::move(response)};
  preamble_index_ = 0;
  offset_ = 0;
  seq_ = owner_.log().end_seq(); // nothing from the log
  pump();
}

void Client::start_stream(ChunkRef head, const std::vector<ChunkRef> &headers,
                          uint64_t seq) {
  streaming_ = true;
  status = 200;
  preamble_.clear();
  preamble_.reserve(headers.size() + 1);
  preamble_.push_back(std::move(head));
  preamble_.insert(preamble_.end(), headers.begin(), headers.end());
  preamble_index_ = 0;
  offset_ = 0;
  seq_ = seq;
  last_progress_ = Clock::now();
  pump();
}

void Client::pump() {
  if (closed_ || writing_)
    return;
  const StreamLog &log = owner_.log();
  iov_.clear();
  inflight_.clear();
  size_t bytes = 0;
  size_t offset = offset_;
  for (size_t i = preamble_index_; i < preamble_.size() && iov_.size() < kMaxIov; ++i) {
    const ChunkRef &c = preamble_[i];
    iov_.emplace_back(c->data() + offset, c->size() - offset);
    bytes += c->size() - offset;
    inflight_.push_back(c);
    offset = 0;
  }
  const bool preamble_done = preamble_index_ >= preamble_.size();
  if (!closing_after_write_) {
    if (seq_ < log.base_seq()) { // the log moved on without us
      close(CloseReason::lagging);
      return;
    }
    for (uint64_t s = seq_;
         s < log.end_seq() && iov_.size() < kMaxIov && bytes < kMaxBatchBytes; ++s) {
      const ChunkRef &c = log.at(s);
      if (pausing_ && c->keyframe() && (s > seq_ || (preamble_done && offset_ == 0)))
        break; // the clean boundary: the next process goes on from here
      const size_t skip = (preamble_done && s == seq_) ? offset_ : 0;
      iov_.emplace_back(c->data() + skip, c->size() - skip);
      bytes += c->size() - skip;
      inflight_.push_back(c);
    }
  }
  if (iov_.empty()) {
    if (pausing_ && !closing_after_write_ && seq_ < log.end_seq()) {
      if (!paused_) {
        paused_ = true;
        owner_.on_paused(shared_from_this());
      }
      return;
    }
    if (closing_after_write_) {
      linger();
    } else if (finish_) {
      close(CloseReason::done);
    } else if (streaming_) {
      last_progress_ = Clock::now(); // nothing pending is not a stall
      owner_.on_caught_up(shared_from_this());
    }
    return;
  }
  writing_ = true;
  auto *write = &iov_;
  if (icy_ && streaming_) {
    // The response head (preamble_[0], while unwritten) is not stream.
    icy_->frame(iov_, preamble_index_ == 0 && !preamble_.empty() ? 1 : 0, icy_iov_,
                inflight_);
    write = &icy_iov_;
  }
  socket_.async_write_some(*write, [self = shared_from_this()](error_code ec, size_t n) {
    self->on_written(ec, n);
  });
}

void Client::on_written(error_code ec, size_t bytes) {
  writing_ = false;
  if (closed_)
    return;
  if (ec) {
    close(ec == asio::error::broken_pipe || ec == asio::error::connection_reset
              ? CloseReason::peer
              : CloseReason::error);
    return;
  }
  owner_.on_sent(bytes);
  bytes_sent_ += bytes;
  if (bytes > 0)
    last_progress_ = Clock::now();
  advance(icy_ && streaming_ ? icy_->written(bytes) : bytes);
  pump();
}

void Client::advance(size_t bytes) {
  // Walk the cursor along the buffers just written, in the order pump()
  // gathered them: preamble chunks first, then log chunks. The sizes come
  // from iov_, as the log may already have forgotten the chunks.
  // Empty buffers are passed over here too, or a batch of them would be
  // written again and again.
  for (size_t i = 0; i < iov_.size(); ++i) {
    const size_t len = iov_[i].size();
    if (bytes < len) {
      offset_ += bytes;
      return;
    }
    bytes -= len;
    offset_ = 0;
    if (preamble_index_ < preamble_.size())
      ++preamble_index_;
    else
      ++seq_;
  }
}

std::optional<uint64_t> Client::lag_bytes() const {
  if (!streaming_)
    return 0;
  const StreamLog &log = owner_.log();
  if (preamble_index_ < preamble_.size())
    return log.lag_bytes(seq_, 0);
  return log.lag_bytes(seq_, offset_);
}

Client::Clock::duration Client::stalled_for(Clock::time_point now) const {
  if (!writing_)
    return Clock::duration::zero();
  return now - last_progress_;
}

void Client::linger() {
  // Half-close and wait briefly for the peer to close, so that unread
  // request bytes do not turn our close into a reset that eats the answer.
  error_code ignored;
  socket_.shutdown(asio::socket_base::shutdown_send, ignored);
  timer_.expires_after(kLinger);
  timer_.async_wait([self = shared_from_this()](error_code ec) {
    if (!ec)
      self->close(CloseReason::done);
  });
  if (!watching_) {
    watching_ = true;
    drain(CloseReason::done);
  }
}

void Client::drain(CloseReason at_eof) {
  // Read and discard until the peer closes. While streaming this is how a
  // viewer that hung up is noticed even when no data flows.
  socket_.async_wait(asio::socket_base::wait_read,
                     [self = shared_from_this(), at_eof](error_code ec) {
                       if (ec || self->closed_)
                         return;
                       static thread_local std::array<char, 4096> sink;
                       error_code rec;
                       const size_t n = self->socket_.read_some(asio::buffer(sink), rec);
                       if (rec == asio::error::would_block ||
                           rec == asio::error::try_again || (!rec && n > 0)) {
                         self->drain(at_eof);
                         return;
                       }
                       self->close(at_eof);
                     });
}

void Client::pause_at_keyframe() {
  if (pausing_ || !streaming_ || closing_after_write_)
    return;
  pausing_ = true;
  pump(); // already at a keyframe: pauses now; else when it gets there
}

int Client::release() {
  if (closed_)
    return -1;
  closed_ = true;
  timer_.cancel();
  // release() takes the socket out of the epoll set before handing it out:
  // a copy of the descriptor left registered would wake this process for a
  // socket it no longer tracks.
  error_code ec;
  const int fd = socket_.release(ec);
  preamble_.clear();
  inflight_.clear();
  owner_.on_closed(*this, CloseReason::handed_over);
  return ec ? -1 : fd;
}

void Client::adopt(const std::string &address, Clock::time_point connected_at,
                   uint64_t bytes_sent, unsigned http_version) {
  address_ = address;
  connected_at_ = connected_at;
  bytes_sent_ = bytes_sent;
  version_ = http_version >= 11 ? 11 : 10;
  error_code ignored;
  socket_.non_blocking(true, ignored); // for the reads of drain()
}

void Client::resume_stream(uint64_t seq) {
  streaming_ = true;
  status = 200;
  preamble_.clear();
  preamble_index_ = 0;
  offset_ = 0;
  seq_ = seq;
  last_progress_ = Clock::now();
  pump();
}

void Client::watch_hangup() {
  // One reader at a time: a viewer watched while its bouncer decides is
  // watched on once admitted.
  if (watching_)
    return;
  watching_ = true;
  drain(CloseReason::peer);
}

void Client::finish() {
  finish_ = true;
  pump();
}

void Client::close(CloseReason reason) {
  if (closed_)
    return;
  closed_ = true;
  error_code ignored;
  timer_.cancel();
  if (reason == CloseReason::lagging || reason == CloseReason::inactive ||
      reason == CloseReason::expired) {
    // Reset rather than leave megabytes queued in the kernel for a viewer
    // that does not read them.
    socket_.set_option(asio::socket_base::linger(true, 0), ignored);
  }
  socket_.close(ignored);
  preamble_.clear();
  owner_.on_closed(*this, reason);
}

} // namespace flu::http_streamer
