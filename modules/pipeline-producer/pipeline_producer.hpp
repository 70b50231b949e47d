// pipeline-producer: Flumotion's generic producer, a gst-launch fragment
// whose output is the feed, for what no module covers yet. The fragment is
// the operator's: flu checks only that it leaves the feeder to flu. One
// written for GStreamer 0.10 (Flumotion's planets) is read in 1.x's names,
// with a message saying what it read as what (<flu/sdk/gst_launch_compat.hpp>).
// What the fragment makes is metered (level:default:peak/rms) when its caps
// say it is raw audio; flu cannot know that before it runs.
#pragma once

#include <flu/sdk.hpp>
#include <flu/sdk/level_meter.hpp>

#include <string>

namespace flu::modules {

class PipelineProducer {
public:
  static std::string pipeline(const sdk::Host &config);
  PipelineProducer(const sdk::Host &host, GstElement *pipeline);

private:
  sdk::LevelTap level_;
};

} // namespace flu::modules
