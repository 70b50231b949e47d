// webm-muxer: see webm_muxer.hpp.
#include "webm_muxer.hpp"

namespace flu::modules {

std::string WebmMuxer::pipeline(const sdk::Host &config) {
  return sdk::mux_inputs(config.feed_count("default")) +
         "webmmux name=mux streamable=true ! @feeder:default@";
}

WebmMuxer::WebmMuxer(const sdk::Host &config, GstElement *pipeline)
    : inputs_(pipeline, "mux", config.feed_count("default")) {}

} // namespace flu::modules
