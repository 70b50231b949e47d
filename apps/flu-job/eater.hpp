// One feed an eater takes: the job's end of a feed connection.
//
// The eater connects to the feeder's worker, asks for the feed by id, and
// pushes the GDP bytes that follow into an appsrc; gdpdepay behind it brings
// back the buffers with their caps and timestamps. A lost connection is
// retried with back-off, and the time of the last buffer tells the job
// whether the component is hungry.
#pragma once

#include <gst/gst.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace flu::job {

class Eater {
public:
  using Log = std::function<void(const std::string &)>;
  Eater(boost::asio::io_context &io, std::string eater, uint32_t index,
        std::string feed_id, Log log);
  ~Eater();

  // The gst-launch text that stands for @eater:NAME:INDEX@.
  static std::string endpoint(const std::string &eater, uint32_t index);

  void attach(GstElement *pipeline); // once the pipeline is built
  // The feeder's worker, and what proves to it that the manager let this
  // component (eater_id) take the feed. `source` is the feed asked for when
  // it is not feed_id() (a virtual feed's provider); a new one replaces the
  // connection, flushing what the old one left in the pipeline.
  void connect_to(const std::string &host, uint16_t port, const std::string &eater_id,
                  const std::string &token, const std::string &source = {});

  const std::string &feed_id() const { return feed_id_; }
  const std::string &name() const { return eater_; }
  uint32_t index() const { return index_; }
  // Whether a feed connection is up and streaming (main thread).
  bool connected() const;
  // The feed it streams from while connected(): feed_id(), or the real
  // feed of the virtual feed's provider the manager chose; "" otherwise.
  std::string source() const;
  // Milliseconds on the steady clock of the last buffer, 0 if none yet.
  int64_t last_buffer_ms() const { return last_buffer_ms_.load(); }

private:
  struct Connection;
  boost::asio::io_context &io_;
  std::string eater_;
  uint32_t index_;
  std::string feed_id_;
  Log log_;
  GstElement *appsrc_ = nullptr;
  std::atomic<int64_t> last_buffer_ms_{0};
  std::shared_ptr<Connection> connection_;
};

} // namespace flu::job
