// pipeline-producer: Flumotion's generic producer, a gst-launch fragment
// whose output is the feed, for what no module covers yet. The fragment is
// the operator's: flu checks only that it leaves the feeder to flu.
#pragma once

#include <flu/sdk.hpp>

#include <string>

namespace flu::modules {

struct PipelineProducer {
  static std::string pipeline(const sdk::Host &config);
};

} // namespace flu::modules
