// The opus-encoder module: one converter type.
#include "opus_encoder.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("bitrate", FLU_PROPERTY_INT, "Target bitrate in bit/s", "64000"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw audio")};
constexpr flu_port_spec feeders[] = {port("default", 0, "Opus audio")};

const flu_component_type types[] = {component_type<flu::modules::OpusEncoder>(
    "opus-encoder", "Encodes a raw audio feed to Opus.", properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
