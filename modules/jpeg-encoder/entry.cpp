// The jpeg-encoder module: one converter type, Flumotion's jpeg-encoder.
#include "jpeg_encoder.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("quality", FLU_PROPERTY_INT,
             "The quality of the JPEG encoding, from 0 to 100 %", "85"),
    property("framerate", FLU_PROPERTY_FRACTION,
             "The frame rate at which to encode (default: the feed's)"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw video")};
constexpr flu_port_spec feeders[] = {port("default", 0, "JPEG pictures")};

const flu_component_type types[] = {component_type<flu::modules::JpegEncoder>(
    "jpeg-encoder", "Encodes a raw video feed to JPEG pictures.", properties, eaters,
    feeders)};
} // namespace

FLU_MODULE(types)
