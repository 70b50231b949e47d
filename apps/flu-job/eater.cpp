#include "eater.hpp"
#include "steady_ms.hpp"

#include "message/codec.hpp"

#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <gst/app/gstappsrc.h>

#include <algorithm>
#include <chrono>

namespace flu::job {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {
constexpr std::size_t read_chunk = 64 * 1024;
constexpr int max_backoff_ms = 5000;
} // namespace

// One attempt after another to hold a feed connection open. Lives as long
// as the Eater, plus any handler still queued.
struct Eater::Connection : std::enable_shared_from_this<Connection> {
  Connection(asio::io_context &io, Eater &owner)
      : owner(&owner), resolver(io), socket(io), timer(io) {}

  Eater *owner; // null once the eater is gone
  tcp::resolver resolver;
  tcp::socket socket;
  asio::steady_timer timer;
  std::string host;
  uint16_t port = 0;
  std::string eater_id; // the eating component, as the manager granted it
  std::string token;
  std::string source; // the feed asked for: feed_id_, or a virtual feed's provider
  int backoff_ms = 250;
  bool streaming = false;
  bool fed = false; // data arrived since the pipeline started
  std::string header = std::string(message::envelope_header_size, '\0');
  std::string reply;
  std::vector<char> chunk = std::vector<char>(read_chunk);

  void start() {
    if (!owner)
      return;
    auto self = shared_from_this();
    resolver.async_resolve(
        host, std::to_string(port),
        [self](auto ec, const tcp::resolver::results_type &results) {
          if (!self->owner)
            return;
          if (ec)
            return self->retry("cannot resolve " + self->host + ": " + ec.message());
          asio::async_connect(self->socket, results,
                              [self](auto ec2, const auto &) { self->connected(ec2); });
        });
  }

  void connected(const boost::system::error_code &ec) {
    if (!owner)
      return;
    if (ec)
      return retry("cannot connect to " + host + ":" + std::to_string(port) + ": " +
                   ec.message());
    auto request = std::make_shared<std::string>(
        message::pack(message::FeedRequest{source, eater_id, token}));
    auto self = shared_from_this();
    asio::async_write(socket, asio::buffer(*request), [self, request](auto ec2, auto) {
      if (!self->owner)
        return;
      if (ec2)
        return self->retry("feed request failed: " + ec2.message());
      self->read_reply_header();
    });
  }

  void read_reply_header() {
    auto self = shared_from_this();
    asio::async_read(socket, asio::buffer(header), [self](auto ec, auto) {
      if (!self->owner)
        return;
      if (ec)
        return self->retry("no answer from feed server: " + ec.message());
      auto size = message::frame_size(self->header, 64 * 1024);
      if (auto *why = std::get_if<std::string>(&size))
        return self->retry("bad answer from feed server: " + *why);
      self->reply.assign(std::get<std::size_t>(size) - message::envelope_header_size,
                         '\0');
      asio::async_read(self->socket, asio::buffer(self->reply),
                       [self](auto ec2, auto) { self->got_reply(ec2); });
    });
  }

  void got_reply(const boost::system::error_code &ec) {
    if (!owner)
      return;
    if (ec)
      return retry("no answer from feed server: " + ec.message());
    try {
      const std::string frame = header + reply; // the envelope points into it
      auto parsed = message::parse_envelope(frame, 64 * 1024);
      const auto &env = std::get<message::Envelope>(parsed);
      if (env.type != static_cast<uint16_t>(message::Type::feed_reply))
        return retry("feed server answered with " +
                     std::string(message::type_name(env.type)));
      const auto answer = message::decode<message::FeedReply>(env.payload);
      if (!answer.ok)
        return retry("feed server refused " + source + ": " + answer.reason);
    } catch (const std::exception &e) {
      return retry(std::string("bad answer from feed server: ") + e.what());
    }
    owner->log_("eating " + owner->feed_id_ +
                (source != owner->feed_id_ ? " (" + source + ")" : std::string()) +
                " from " + host + ":" + std::to_string(port));
    backoff_ms = 250;
    streaming = true;
    read_more();
  }

  void read_more() {
    auto self = shared_from_this();
    socket.async_read_some(asio::buffer(chunk), [self](auto ec, std::size_t n) {
      if (!self->owner)
        return;
      if (ec)
        return self->retry("feed " + self->owner->feed_id_ + " lost: " + ec.message());
      if (self->owner->appsrc_) {
        GstBuffer *buffer = gst_buffer_new_memdup(self->chunk.data(), n);
        gst_app_src_push_buffer(GST_APP_SRC(self->owner->appsrc_), buffer);
        self->fed = true;
      }
      self->read_more();
    });
  }

  void retry(const std::string &why) {
    if (!owner)
      return;
    owner->log_(why + "; retrying in " + std::to_string(backoff_ms) + " ms");
    boost::system::error_code ignored;
    socket.close(ignored);
    // A GDP packet may have been cut in half: flush so that the depayloader
    // starts clean with the next connection. Sent to the appsrc itself, not
    // pushed from its pad: so it drops what it still queues of the old
    // connection, and its streaming thread stops and starts again with the
    // flush instead of meeting a flushing pad halfway through a push, which
    // pauses it for good.
    flush();
    streaming = false;
    timer.expires_after(std::chrono::milliseconds(backoff_ms));
    backoff_ms = std::min(backoff_ms * 2, max_backoff_ms);
    auto self = shared_from_this();
    timer.async_wait([self](auto ec) {
      if (!ec)
        self->start();
    });
  }

  void flush() {
    if (streaming && fed && owner && owner->appsrc_) {
      gst_element_send_event(owner->appsrc_, gst_event_new_flush_start());
      gst_element_send_event(owner->appsrc_, gst_event_new_flush_stop(FALSE));
      fed = false;
    }
  }

  void cancel() {
    owner = nullptr;
    boost::system::error_code ignored;
    resolver.cancel();
    socket.close(ignored);
    timer.cancel();
  }
};

Eater::Eater(asio::io_context &io, std::string eater, uint32_t index, std::string feed_id,
             Log log)
    : io_(io), eater_(std::move(eater)), index_(index), feed_id_(std::move(feed_id)),
      log_(std::move(log)) {}

Eater::~Eater() {
  if (connection_)
    connection_->cancel();
  if (appsrc_)
    gst_object_unref(appsrc_);
}

std::string Eater::endpoint(const std::string &eater, uint32_t index) {
  const std::string name = "flu-eater-" + eater + "-" + std::to_string(index);
  return "appsrc name=" + name +
         " is-live=true format=bytes do-timestamp=false caps=application/x-gdp ! "
         "gdpdepay name=" +
         name + "-depay";
}

void Eater::attach(GstElement *pipeline) {
  const std::string name = "flu-eater-" + eater_ + "-" + std::to_string(index_);
  appsrc_ = gst_bin_get_by_name(GST_BIN(pipeline), name.c_str());
  GstElement *depay = gst_bin_get_by_name(GST_BIN(pipeline), (name + "-depay").c_str());
  if (!appsrc_ || !depay)
    throw std::runtime_error("the pipeline lost eater endpoint " + name);
  GstPad *pad = gst_element_get_static_pad(depay, "src");
  gst_pad_add_probe(
      pad, GstPadProbeType(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST),
      [](GstPad *, GstPadProbeInfo *, gpointer data) {
        static_cast<std::atomic<int64_t> *>(data)->store(steady_ms());
        return GST_PAD_PROBE_OK;
      },
      &last_buffer_ms_, nullptr);
  gst_object_unref(pad);
  gst_object_unref(depay);
}

bool Eater::connected() const { return connection_ && connection_->streaming; }

std::string Eater::source() const { return connected() ? connection_->source : ""; }

void Eater::connect_to(const std::string &host, uint16_t port,
                       const std::string &eater_id, const std::string &token,
                       const std::string &source) {
  const std::string &asked = source.empty() ? feed_id_ : source;
  if (connection_) {
    if (connection_->host == host && connection_->port == port &&
        connection_->token == token && connection_->source == asked)
      return;
    // Another feeder from here on (a virtual feed failed over): what the
    // depayloader holds of the old one, maybe half a packet, goes.
    connection_->flush();
    connection_->cancel();
  }
  connection_ = std::make_shared<Connection>(io_, *this);
  connection_->host = host;
  connection_->port = port;
  connection_->eater_id = eater_id;
  connection_->token = token;
  connection_->source = asked;
  connection_->start();
}

} // namespace flu::job
