// The http-streamer component: serves its eater's muxed stream (WebM, Ogg,
// multipart) to HTTP viewers, Flumotion's http-streamer re-done on Asio.
//
// The pipeline ends in an appsink. Its streaming thread turns each buffer
// into a shared Chunk (FormatTracker) and hands it to the HttpServer, whose
// own thread serves every viewer from one StreamLog. This class only reads
// the properties, connects the two, announces the URL, and carries the
// host's services to the server: the bouncer (<flu/sdk/viewer_auth.hpp>), the UI
// state, an admin's calls.
#pragma once

#include "streamer_stats.hpp"

#include <flu/sdk.hpp>
#include <flu/sdk/porter_client.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace flu::http_streamer {

class HttpServer;

class HttpStreamer {
public:
  static std::string pipeline(const flu::sdk::Host &config);

  HttpStreamer(const flu::sdk::Host &config, GstElement *pipeline);
  ~HttpStreamer();
  HttpStreamer(const HttpStreamer &) = delete;
  HttpStreamer &operator=(const HttpStreamer &) = delete;

  StreamerStats stats() const;

  // An admin's calls: "viewers" (one line each: address, seconds connected,
  // bytes sent, keycard) and "disconnect ADDRESS".
  std::string invoke(const std::string &method, const std::vector<std::string> &args);
  // The bouncer expired a viewer's keycard: that viewer goes now.
  void keycard_expired(const std::string &keycard_id);

  // Hot upgrade (docs/hot-upgrade.md): the old side hands over its listening
  // socket, viewers and counters; the new side, started with the handover
  // pending, binds nothing and takes them.
  void handover_out();
  void handover_in(const std::string &key, std::string_view data, int fd);
  void handover_end(const std::string &error);

  struct SinkLink; // what the appsink callbacks share with us

private:
  flu::sdk::Host config_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<flu::sdk::PorterClient> porter_; // type slave: viewers come from it
  GstElement *appsink_ = nullptr;
  std::shared_ptr<SinkLink> link_;
};

} // namespace flu::http_streamer
