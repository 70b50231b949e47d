// ogg-muxer: see ogg_muxer.hpp.
#include "ogg_muxer.hpp"

namespace flu::modules {

std::string OggMuxer::pipeline(const sdk::Host &config) {
  return sdk::mux_inputs(config.feed_count("default")) +
         "oggmux name=mux ! @feeder:default@";
}

OggMuxer::OggMuxer(const sdk::Host &config, GstElement *pipeline)
    : inputs_(pipeline, "mux", config.feed_count("default")) {}

} // namespace flu::modules
