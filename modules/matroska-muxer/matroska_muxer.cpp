// matroska-muxer: see matroska_muxer.hpp.
#include "matroska_muxer.hpp"

namespace flu::modules {

std::string MatroskaMuxer::pipeline(const sdk::Host &config) {
  return sdk::mux_inputs(config.feed_count("default")) +
         "matroskamux streamable=true name=mux ! @feeder:default@";
}

MatroskaMuxer::MatroskaMuxer(const sdk::Host &config, GstElement *pipeline)
    : inputs_(pipeline, "mux", config.feed_count("default")) {}

} // namespace flu::modules
