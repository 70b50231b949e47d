// The aac-encoder module: one converter type.
#include "aac_encoder.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("bitrate", FLU_PROPERTY_INT, "Target bitrate in bit/s", "128000"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw audio")};
constexpr flu_port_spec feeders[] = {port("default", 0, "AAC-LC audio in ADTS frames")};

const flu_component_type types[] = {component_type<flu::modules::AacEncoder>(
    "aac-encoder", "Encodes a raw audio feed to AAC.", properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
