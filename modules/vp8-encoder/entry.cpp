// The vp8-encoder module: one converter type.
#include "vp8_encoder.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("bitrate", FLU_PROPERTY_INT, "Target bitrate in bit/s", "400000"),
    property("keyframe-distance", FLU_PROPERTY_INT,
             "Maximum distance between keyframes, in frames", "30"),
    property("threads", FLU_PROPERTY_INT,
             "Encoder threads; more than 1 helps only with hard content", "1"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw video")};
constexpr flu_port_spec feeders[] = {port("default", 0, "VP8 video")};

const flu_component_type types[] = {component_type<flu::modules::Vp8Encoder>(
    "vp8-encoder", "Encodes a raw video feed to VP8.", properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
