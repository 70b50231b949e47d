// The ogg-muxer module: one muxer type.
#include "ogg_muxer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_port_spec eaters[] = {
    port("default", FLU_PORT_REQUIRED | FLU_PORT_MULTIPLE,
         "Encoded feeds: Theora video, Vorbis or Opus audio")};
constexpr flu_port_spec feeders[] = {port("default", 0, "Ogg stream")};

const flu_component_type types[] = {component_type<flu::modules::OggMuxer>(
    "ogg-muxer", "Muxes encoded feeds into a live Ogg stream.", eaters, feeders)};
} // namespace

FLU_MODULE(types)
