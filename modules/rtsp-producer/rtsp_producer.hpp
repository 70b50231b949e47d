// rtsp-producer: Flumotion's producer pulling an RTSP stream (rtspsrc over
// TCP or UDP), reconnecting with back-off while the server is away (see
// pull.hpp). Decoded, feeders `video` and `audio` carry raw media with the
// common A/V properties and a level meter; with `passthrough`, each carries
// its stream's encoded frames as the server sent them, depayloaded and
// parsed (the codec headers in the caps, key frames marked), which a muxer
// takes directly.
#pragma once

#include <flu/sdk/pull.hpp>

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <memory>
#include <string>

namespace flu::modules {

class RtspProducer {
public:
  static std::string pipeline(const sdk::Host &config);
  RtspProducer(const sdk::Host &host, GstElement *pipeline);

private:
  std::unique_ptr<sdk::LevelMeter> meter_;
  std::unique_ptr<sdk::Pull> pull_;
};

} // namespace flu::modules
