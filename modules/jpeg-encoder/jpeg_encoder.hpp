// jpeg-encoder: encodes a raw video feed to a JPEG picture per frame, for
// MJPEG (multipart-muxer) that browsers show in an <img>, and for
// snapshots. Every picture stands alone: any frame is a starting point.
//
// framerate, when set, thins the feed first (videorate): a webcam-style
// MJPEG stream at 5 fps costs a fifth of the CPU and bandwidth.
//
// The quality changes while it runs ("set-quality N", "quality"; UI state
// "quality"): jpegenc takes it at the next picture. JPEG has no bitrate to
// aim at; quality is its knob.
#pragma once

#include <flu/sdk.hpp>

#include <string>
#include <vector>

namespace flu::modules {

class JpegEncoder {
public:
  static std::string pipeline(const sdk::Host &config);

  JpegEncoder(const sdk::Host &config, GstElement *pipeline);
  ~JpegEncoder();
  JpegEncoder(const JpegEncoder &) = delete;
  JpegEncoder &operator=(const JpegEncoder &) = delete;

  std::string invoke(const std::string &method, const std::vector<std::string> &args);

private:
  int quality() const;
  void publish() const;

  sdk::Host host_;
  GstElement *encoder_ = nullptr;
};

} // namespace flu::modules
