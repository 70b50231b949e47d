// pipeline-converter: see pipeline_converter.hpp.
#include "pipeline_converter.hpp"

#include <flu/sdk/gst_launch_compat.hpp>

#include <stdexcept>

namespace flu::modules {

std::string PipelineConverter::pipeline(const sdk::Host &config) {
  std::string fragment = config.string("pipeline");
  const auto first = fragment.find_first_not_of(" \t\r\n");
  if (first == std::string::npos)
    throw std::runtime_error("pipeline is empty; give a fragment such as "
                             "'videoflip method=clockwise'");
  fragment = fragment.substr(first, fragment.find_last_not_of(" \t\r\n") - first + 1);
  if (fragment.front() == '!' || fragment.back() == '!')
    throw std::runtime_error("pipeline '" + fragment +
                             "' starts or ends with '!'; the converter links its "
                             "input and output itself");
  if (fragment.find('@') != std::string::npos)
    throw std::runtime_error("pipeline '" + fragment +
                             "' names an eater or feeder (@...@); it has one input "
                             "and one output, linked by the converter");
  return "@eater:default@ ! queue ! " +
         sdk::gst_launch_fragment(config, "pipeline", fragment) + " ! " +
         sdk::LevelTap::pass_through() + " ! @feeder:default@";
}

PipelineConverter::PipelineConverter(const sdk::Host &host, GstElement *pipeline)
    : level_(host, pipeline, sdk::LevelTap::element, "default") {}

} // namespace flu::modules
