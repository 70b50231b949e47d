// One viewer's connection: it reads the request, answers it, then streams.
//
// Internal to the network layer (http_server.cpp and client.cpp): this is
// the one header of the module that includes Asio. A streaming client owns
// no media; it is a cursor into the shared StreamLog, plus a short preamble
// (its response head and the stream headers). Each write gathers whatever
// is pending, up to 64 buffers, into one writev of the shared chunks.
#pragma once

#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include "chunk.hpp"
#include "icy.hpp"
#include "request.hpp"
#include "stream_log.hpp"
#include "streamer_settings.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flu::http_streamer {

namespace asio = boost::asio;
using error_code = boost::system::error_code;
class Client;

enum class CloseReason {
  done = 1,
  peer = 2,
  error = 3,
  lagging = 4,
  inactive = 5,
  shutdown = 6,
  expired = 7,     // its keycard expired, or an operator disconnected it
  handed_over = 8, // its socket went to the next process (hot upgrade)
};

// What a client needs from the server that owns it.
class ClientOwner {
public:
  virtual void on_request(const std::shared_ptr<Client> &client,
                          const Request &request) = 0;
  virtual void on_rejected() = 0;
  virtual void on_caught_up(const std::shared_ptr<Client> &client) = 0;
  virtual void on_sent(size_t bytes) = 0;
  virtual void on_closed(Client &client, CloseReason reason) = 0;
  // A client asked to pause_at_keyframe() has stopped right before one.
  virtual void on_paused(const std::shared_ptr<Client> &client) = 0;
  virtual const StreamLog &log() const = 0;

protected:
  ~ClientOwner() = default;
};

class Client : public std::enable_shared_from_this<Client> {
public:
  using Clock = std::chrono::steady_clock;

  Client(asio::ip::tcp::socket socket, ClientOwner &owner,
         const StreamerSettings &settings);
  ~Client();

  // Reads the request head; then owner.on_request() decides. `initial`: the
  // bytes of it a porter already read (docs/delivery.md).
  void start(std::string_view initial = {});

  // Answers: an error or HEAD response (the connection then closes), or
  // the stream from chunk `seq` of the log, after `head` and `headers`.
  void respond(int status, std::string_view reason, std::string_view extra_headers = {});
  void respond_head_only(ChunkRef head);
  void start_stream(ChunkRef head, const std::vector<ChunkRef> &headers, uint64_t seq);

  // Hot upgrade. Old side: stop writing right before the next keyframe
  // chunk (ClientOwner::on_paused), then give the socket away: the client is
  // closed without a word to the viewer, and the caller owns the returned
  // descriptor (-1 on failure). New side: a viewer another process served,
  // adopted as it was, then either started afresh or resumed at `seq`
  // without a preamble (the viewer already had it).
  void pause_at_keyframe();
  bool paused() const { return paused_; }
  int release();
  void adopt(const std::string &address, Clock::time_point connected_at,
             uint64_t bytes_sent, unsigned http_version);
  void resume_stream(uint64_t seq);
  // The log chunk the client writes next (meaningful once paused).
  uint64_t cursor() const { return seq_; }

  void watch_hangup(); // notices a viewer that hangs up before the end
  void pump();         // writes what the log has for this client
  void finish();       // end of stream: close once everything is written
  void close(CloseReason reason);

  bool closed() const { return closed_; }
  bool streaming() const { return streaming_; }
  unsigned http_version() const { return version_; }
  // The peer's address ("192.0.2.7", "2001:db8::1"; IPv4 without the v6 mapping).
  const std::string &address() const { return address_; }
  Clock::time_point connected_at() const { return connected_at_; }
  uint64_t bytes_sent() const { return bytes_sent_; }
  // Bytes between the cursor and the end of the log; nullopt once the
  // cursor fell out of the log.
  std::optional<uint64_t> lag_bytes() const;
  // How long the client has had data pending without the socket taking any.
  Clock::duration stalled_for(Clock::time_point now) const;

  // Bookkeeping of the owner (index in its client list, idle flag, the
  // keycard the viewer was let in with).
  size_t owner_slot = static_cast<size_t>(-1);
  bool owner_idle = false;
  std::string keycard_id;
  // For the access log: what was asked, what was answered, since when.
  Request request;
  int status = 0;
  std::chrono::system_clock::time_point arrived = std::chrono::system_clock::now();
  // ICY metadata blocks interleaved with the stream (before start_stream).
  void set_icy(std::unique_ptr<IcyFramer> icy) { icy_ = std::move(icy); }
  bool icy() const { return icy_ != nullptr; }
  // The viewer's address from a trusted proxy's X-Forwarded-For.
  void set_address(std::string address) { address_ = std::move(address); }

private:
  struct RequestReader;

  void on_request_read(error_code ec);
  void write_and_close(ChunkRef response);
  void on_written(error_code ec, size_t bytes);
  void advance(size_t bytes);
  void linger();
  void drain(CloseReason at_eof);

  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  std::string address_;
  Clock::time_point connected_at_ = Clock::now();
  uint64_t bytes_sent_ = 0;
  bool watching_ = false; // drain() runs
  ClientOwner &owner_;
  const StreamerSettings &settings_;
  std::unique_ptr<RequestReader> reader_; // freed once the request is read
  unsigned version_ = 11;

  // Preamble (response head, stream headers), then the log from seq_.
  std::vector<ChunkRef> preamble_;
  size_t preamble_index_ = 0;
  uint64_t seq_ = 0;
  size_t offset_ = 0; // into the current preamble chunk or log chunk

  std::vector<asio::const_buffer> iov_;
  std::vector<ChunkRef> inflight_; // keeps the written chunks alive
  std::unique_ptr<IcyFramer> icy_;
  std::vector<asio::const_buffer> icy_iov_; // iov_ with the ICY blocks
  Clock::time_point last_progress_;
  bool writing_ = false;
  bool streaming_ = false;
  bool closing_after_write_ = false;
  bool finish_ = false;
  bool closed_ = false;
  bool pausing_ = false;
  bool paused_ = false;
};

} // namespace flu::http_streamer
