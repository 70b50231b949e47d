// The mp3-encoder module: one converter type.
#include "mp3_encoder.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("bitrate", FLU_PROPERTY_INT,
             "Constant bitrate in bit/s: 8000 to 320000, an MP3 rate (128000, 192000...)",
             "128000"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw audio")};
constexpr flu_port_spec feeders[] = {port("default", 0, "MP3 audio, frame by frame")};

const flu_component_type types[] = {component_type<flu::modules::Mp3Encoder>(
    "mp3-encoder", "Encodes a raw audio feed to MP3.", properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
