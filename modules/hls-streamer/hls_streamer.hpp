// The hls-streamer component (Flumotion's http-hlsstreamer): each eaten
// MPEG-TS feed (H.264 + AAC, from an mpegts-muxer) is one rendition, cut
// into keyframe-aligned segments kept in memory; a live media playlist per
// rendition and a master playlist over all of them are served over HTTP,
// on the component's own port or behind a porter.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/porter_client.hpp>

#include <memory>
#include <string>
#include <vector>

namespace flu::hls {

class Catalog;
class Segmenter;
class HlsServer;

class HlsStreamer {
public:
  static std::string pipeline(const flu::sdk::Host &config);

  HlsStreamer(const flu::sdk::Host &config, GstElement *pipeline);
  ~HlsStreamer();
  HlsStreamer(const HlsStreamer &) = delete;
  HlsStreamer &operator=(const HlsStreamer &) = delete;

  // `invoke master-playlist`: the master playlist ("" until every rendition
  // has min-window segments).
  std::string invoke(const std::string &method, const std::vector<std::string> &args);

private:
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<Segmenter> segmenter_;
  std::unique_ptr<HlsServer> server_;
  std::unique_ptr<flu::sdk::PorterClient> porter_;
};

} // namespace flu::hls
