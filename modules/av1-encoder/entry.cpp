// The av1-encoder module: one converter type.
#include "av1_encoder.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("bitrate", FLU_PROPERTY_INT, "Target bitrate in bit/s", "500000"),
    property("keyframe-distance", FLU_PROPERTY_INT,
             "Maximum distance between keyframes, in frames", "50"),
    property("speed", FLU_PROPERTY_INT,
             "libaom's cpu-used in realtime mode: 6 (better) to 10 (fastest)", "10"),
    property("threads", FLU_PROPERTY_INT, "Encoder threads", "2"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw video")};
constexpr flu_port_spec feeders[] = {port("default", 0, "AV1 video (OBU stream)")};

const flu_component_type types[] = {component_type<flu::modules::Av1Encoder>(
    "av1-encoder", "Encodes a raw video feed to AV1.", properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
