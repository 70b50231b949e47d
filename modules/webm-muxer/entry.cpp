// The webm-muxer module: one muxer type.
#include "webm_muxer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_port_spec eaters[] = {
    port("default", FLU_PORT_REQUIRED | FLU_PORT_MULTIPLE,
         "Encoded feeds: VP8 or VP9 video, Opus or Vorbis audio")};
constexpr flu_port_spec feeders[] = {port("default", 0, "WebM stream")};

const flu_component_type types[] = {component_type<flu::modules::WebmMuxer>(
    "webm-muxer", "Muxes encoded feeds into a live WebM stream.", eaters, feeders)};
} // namespace

FLU_MODULE(types)
