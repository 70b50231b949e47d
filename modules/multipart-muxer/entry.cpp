// The multipart-muxer module: one muxer type.
#include "multipart_muxer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_port_spec eaters[] = {
    port("default", FLU_PORT_REQUIRED | FLU_PORT_MULTIPLE, "Pictures (JPEG)")};
constexpr flu_port_spec feeders[] = {
    port("default", 0, "multipart/x-mixed-replace, one JPEG per part")};

const flu_component_type types[] = {component_type<flu::modules::MultipartMuxer>(
    "multipart-muxer",
    "Muxes a feed of pictures into multipart/x-mixed-replace (MJPEG over HTTP).", eaters,
    feeders)};
} // namespace

FLU_MODULE(types)
