// pipeline-producer: see pipeline_producer.hpp.
#include "pipeline_producer.hpp"

#include <flu/sdk/gst_launch_compat.hpp>

#include <stdexcept>

namespace flu::modules {

std::string PipelineProducer::pipeline(const sdk::Host &config) {
  std::string fragment = config.string("pipeline");
  while (!fragment.empty() && (fragment.back() == ' ' || fragment.back() == '!' ||
                               fragment.back() == '\n' || fragment.back() == '\t'))
    fragment.pop_back();
  if (fragment.find_first_not_of(" \t\n!") == std::string::npos)
    throw std::runtime_error("pipeline is empty: give a gst-launch fragment such as "
                             "'videotestsrc is-live=true'");
  if (fragment.find('@') != std::string::npos)
    throw std::runtime_error("pipeline '" + fragment +
                             "' may not name eaters or feeders (@...@): flu adds the "
                             "feeder after it");
  return sdk::gst_launch_fragment(config, "pipeline", fragment) + " ! " +
         sdk::LevelTap::pass_through() + " ! @feeder:default@";
}

PipelineProducer::PipelineProducer(const sdk::Host &host, GstElement *pipeline)
    : level_(host, pipeline, sdk::LevelTap::element, "default") {}

} // namespace flu::modules
