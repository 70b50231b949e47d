// matroska-muxer: muxes its feeds into a live Matroska stream, WebM's
// parent format, which takes what WebM does not: MJPEG video, MP3 and
// mu-law audio (VLC, ffplay, mpv play it; browsers mostly do not). Speex
// goes in Ogg instead: FFmpeg's players do not read it from Matroska.
//
// As webm-muxer: matroskamux runs with streamable=true (no cues, no seek
// back, the header in the caps' streamheader) and opens each cluster at a
// video keyframe, the only buffer without DELTA_UNIT: a late joiner gets
// the header, then starts at a cluster. Each feed is linked to a matroskamux
// pad once its caps are known (flu/sdk/muxing.hpp).
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/muxing.hpp>

#include <string>

namespace flu::modules {

class MatroskaMuxer {
public:
  static std::string pipeline(const sdk::Host &config);
  MatroskaMuxer(const sdk::Host &config, GstElement *pipeline);

private:
  sdk::MuxInputs inputs_;
};

} // namespace flu::modules
