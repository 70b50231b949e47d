// mpegts-muxer: muxes its feeds (H.264 video; AAC, MP3 or Opus audio) into
// a live MPEG transport stream, what set-top boxes, VLC and HLS segmenters
// take.
//
// mpegtsmux puts the PAT and PMT in its caps' streamheader (a streamer sends
// them to every late joiner first) and repeats them in the stream. Its
// buffers are seven 188-byte packets (alignment=7, one UDP datagram's worth)
// and carry no keyframe flag: the http-streamer finds the keyframes in the
// packets themselves (stream_format.hpp). Each feed is linked to a mpegtsmux
// pad once its caps are known (flu/sdk/muxing.hpp).
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/muxing.hpp>

#include <string>

namespace flu::modules {

class MpegtsMuxer {
public:
  static std::string pipeline(const sdk::Host &config);
  MpegtsMuxer(const sdk::Host &config, GstElement *pipeline);

private:
  sdk::MuxInputs inputs_;
};

} // namespace flu::modules
