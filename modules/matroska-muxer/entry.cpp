// The matroska-muxer module: one muxer type.
#include "matroska_muxer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED | FLU_PORT_MULTIPLE,
                                         "Encoded feeds: VP8, VP9, AV1, Theora or MJPEG "
                                         "video; Opus, Vorbis, MP3, mu-law audio")};
constexpr flu_port_spec feeders[] = {port("default", 0, "Matroska stream")};

const flu_component_type types[] = {component_type<flu::modules::MatroskaMuxer>(
    "matroska-muxer", "Muxes encoded feeds into a live Matroska stream.", eaters,
    feeders)};
} // namespace

FLU_MODULE(types)
