// The h264-encoder module: one converter type.
#include "h264_encoder.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("bitrate", FLU_PROPERTY_INT, "Target bitrate in bit/s", "1000000"),
    property("keyframe-distance", FLU_PROPERTY_INT,
             "Maximum distance between keyframes, in frames", "50"),
    property("speed-preset", FLU_PROPERTY_STRING,
             "x264 speed preset: ultrafast, superfast, veryfast, faster, fast, medium, "
             "slow, slower, veryslow",
             "veryfast"),
    property("profile", FLU_PROPERTY_STRING,
             "H.264 profile: constrained-baseline, baseline, main or high", "main"),
    property("zero-latency", FLU_PROPERTY_BOOL,
             "No lookahead and no B-frames: frames leave as soon as they are encoded",
             "true"),
    property("threads", FLU_PROPERTY_INT, "Encoder threads (0: as many as cores)", "0"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw video")};
constexpr flu_port_spec feeders[] = {
    port("default", 0, "H.264 video (Annex B byte stream, parameter sets at keyframes)")};

const flu_component_type types[] = {component_type<flu::modules::H264Encoder>(
    "h264-encoder", "Encodes a raw video feed to H.264.", properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
