// The theora-encoder module: one converter type.
#include "theora_encoder.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("bitrate", FLU_PROPERTY_INT, "Target bitrate in bit/s", "400000"),
    property("keyframe-distance", FLU_PROPERTY_INT,
             "Maximum distance between keyframes, in frames", "30"),
    property("speed-level", FLU_PROPERTY_INT,
             "Motion search effort, 0 (slow, best) to 3; 2 is fastest", "2"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw video")};
constexpr flu_port_spec feeders[] = {port("default", 0, "Theora video")};

const flu_component_type types[] = {component_type<flu::modules::TheoraEncoder>(
    "theora-encoder", "Encodes a raw video feed to Theora.", properties, eaters,
    feeders)};
} // namespace

FLU_MODULE(types)
