// loop-producer: Flumotion's looper. Any file GStreamer decodes, played over
// and over as a live raw feed: audio on `audio`, video on `video`, the
// common A/V properties applied (<flu/sdk/raw_av.hpp>). A feeder the file
// has no stream for carries silence or black, so a planet's flow does not
// depend on what the file holds.
#pragma once

#include "file_loop.hpp"

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <memory>
#include <string>

namespace flu::modules {

class LoopProducer {
public:
  static std::string pipeline(const sdk::Host &config);
  LoopProducer(const sdk::Host &host, GstElement *pipeline);

private:
  std::unique_ptr<sdk::LevelMeter> meter_;
  std::unique_ptr<FileLoop> loop_;
};

} // namespace flu::modules
