// mpegts-muxer: see mpegts_muxer.hpp.
#include "mpegts_muxer.hpp"

namespace flu::modules {

std::string MpegtsMuxer::pipeline(const sdk::Host &config) {
  return sdk::mux_inputs(config.feed_count("default")) +
         "mpegtsmux alignment=7 name=mux ! @feeder:default@";
}

MpegtsMuxer::MpegtsMuxer(const sdk::Host &config, GstElement *pipeline)
    : inputs_(pipeline, "mux", config.feed_count("default")) {}

} // namespace flu::modules
