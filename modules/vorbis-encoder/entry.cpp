// The vorbis-encoder module: one converter type.
#include "vorbis_encoder.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("bitrate", FLU_PROPERTY_INT,
             "Average bitrate in bit/s; -1 encodes at the given quality instead", "-1"),
    property("quality", FLU_PROPERTY_FLOAT,
             "Quality from -0.1 (smallest) to 1 (best), used when bitrate is -1", "0.3"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw audio")};
constexpr flu_port_spec feeders[] = {port("default", 0, "Vorbis audio")};

const flu_component_type types[] = {component_type<flu::modules::VorbisEncoder>(
    "vorbis-encoder", "Encodes a raw audio feed to Vorbis.", properties, eaters,
    feeders)};
} // namespace

FLU_MODULE(types)
