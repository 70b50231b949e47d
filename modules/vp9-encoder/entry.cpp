// The vp9-encoder module: one converter type.
#include "vp9_encoder.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("bitrate", FLU_PROPERTY_INT, "Target bitrate in bit/s", "600000"),
    property("keyframe-distance", FLU_PROPERTY_INT,
             "Maximum distance between keyframes, in frames", "50"),
    property("threads", FLU_PROPERTY_INT,
             "Encoder threads; VP9 splits rows and tiles between them", "2"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw video")};
constexpr flu_port_spec feeders[] = {port("default", 0, "VP9 video")};

const flu_component_type types[] = {component_type<flu::modules::Vp9Encoder>(
    "vp9-encoder", "Encodes a raw video feed to VP9.", properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
