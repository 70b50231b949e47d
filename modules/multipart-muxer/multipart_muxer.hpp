// multipart-muxer: Flumotion's multipart-muxer: JPEG pictures (jpeg-encoder)
// as multipart/x-mixed-replace, which a browser shows in an <img> and
// replaces picture by picture: a live picture without a video player.
//
// multipartmux writes each part as three buffers: the part header ("--flu-part",
// Content-Type, Content-Length), the picture, then CRLF. Only the part
// header lacks DELTA_UNIT, so a late joiner starts at a part. The boundary
// is in the caps; the http-streamer names it in its Content-Type.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/muxing.hpp>

#include <string>

namespace flu::modules {

class MultipartMuxer {
public:
  static std::string pipeline(const sdk::Host &config);
  MultipartMuxer(const sdk::Host &config, GstElement *pipeline);

private:
  sdk::MuxInputs inputs_;
};

} // namespace flu::modules
