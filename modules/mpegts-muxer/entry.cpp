// The mpegts-muxer module: one muxer type.
#include "mpegts_muxer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_port_spec eaters[] = {
    port("default", FLU_PORT_REQUIRED | FLU_PORT_MULTIPLE,
         "Encoded feeds: H.264 video (byte stream), AAC (ADTS), MP3 or Opus audio")};
constexpr flu_port_spec feeders[] = {port("default", 0, "MPEG transport stream")};

const flu_component_type types[] = {component_type<flu::modules::MpegtsMuxer>(
    "mpegts-muxer", "Muxes encoded feeds into a live MPEG transport stream.", eaters,
    feeders)};
} // namespace

FLU_MODULE(types)
