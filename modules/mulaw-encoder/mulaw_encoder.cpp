// mulaw-encoder: see mulaw_encoder.hpp.
#include "mulaw_encoder.hpp"

namespace flu::modules {

std::string MulawEncoder::pipeline(const sdk::Host &) {
  return "@eater:default@ ! queue ! audioconvert ! "
         "level name=flu-level interval=200000000 ! audioresample ! "
         "audio/x-raw,rate=8000,channels=1 ! mulawenc ! @feeder:default@";
}

MulawEncoder::MulawEncoder(const sdk::Host &config, GstElement *pipeline)
    : level_(config, pipeline, "flu-level", "default") {}

} // namespace flu::modules
