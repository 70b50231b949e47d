// multipart-muxer: see multipart_muxer.hpp.
#include "multipart_muxer.hpp"

namespace flu::modules {

std::string MultipartMuxer::pipeline(const sdk::Host &config) {
  return sdk::mux_inputs(config.feed_count("default")) +
         "multipartmux boundary=flu-part name=mux ! @feeder:default@";
}

MultipartMuxer::MultipartMuxer(const sdk::Host &config, GstElement *pipeline)
    : inputs_(pipeline, "mux", config.feed_count("default")) {}

} // namespace flu::modules
