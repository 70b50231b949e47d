// The speex-encoder module: one converter type, Flumotion's speex-encoder.
#include "speex_encoder.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("bitrate", FLU_PROPERTY_INT,
             "The bit rate to encode at, in bit/s (0: Speex picks it from its quality)",
             "0"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw audio")};
constexpr flu_port_spec feeders[] = {port("default", 0, "Speex audio")};

const flu_component_type types[] = {component_type<flu::modules::SpeexEncoder>(
    "speex-encoder", "Encodes a raw audio feed to Speex.", properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
