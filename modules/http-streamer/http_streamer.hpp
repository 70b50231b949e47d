// The http-streamer component: serves its eater's muxed stream (WebM, Ogg,
// multipart) to HTTP viewers, Flumotion's http-streamer re-done on Asio.
//
// The pipeline ends in an appsink. Its streaming thread turns each buffer
// into a shared Chunk (FormatTracker) and hands it to the HttpServer, whose
// own thread serves every viewer from one StreamLog. This class only reads
// the properties, connects the two, and announces the URL.
#pragma once

#include "streamer_stats.hpp"

#include <flu/sdk.hpp>

#include <memory>
#include <string>

namespace flu::http_streamer {

class HttpServer;

class HttpStreamer {
public:
  static std::string pipeline(const flu::sdk::Config &config);

  HttpStreamer(const flu::sdk::Config &config, GstElement *pipeline);
  ~HttpStreamer();
  HttpStreamer(const HttpStreamer &) = delete;
  HttpStreamer &operator=(const HttpStreamer &) = delete;

  StreamerStats stats() const;

  struct SinkLink; // what the appsink callbacks share with us

private:
  flu::sdk::Config config_;
  std::unique_ptr<HttpServer> server_;
  GstElement *appsink_ = nullptr;
  std::shared_ptr<SinkLink> link_;
};

} // namespace flu::http_streamer
