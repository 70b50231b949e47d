// pipeline-producer: Flumotion's generic producer, a gst-launch fragment
// whose output is the feed, for what no module covers yet. The fragment is
// the operator's: flu checks only that it leaves the feeder to flu. One
// written for GStreamer 0.10 (Flumotion's planets) is read in 1.x's names,
// with a message saying what it read as what (<flu/sdk/gst_launch_compat.hpp>).
#pragma once

#include <flu/sdk.hpp>

#include <string>

namespace flu::modules {

struct PipelineProducer {
  static std::string pipeline(const sdk::Host &config);
};

} // namespace flu::modules
