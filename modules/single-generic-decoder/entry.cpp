// The single-generic-decoder module: one decoder type, Flumotion's.
#include "single_generic_decoder.hpp"

#include <flu/sdk/raw_av.hpp>

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("media-type", FLU_PROPERTY_STRING,
             "Whether the component decodes an audio or a video stream: audio or video",
             nullptr, FLU_PROPERTY_REQUIRED),
    property(
        "blacklist", FLU_PROPERTY_STRING,
        "Forbid the decoder from using an element (a factory name such as avdec_h264)",
        nullptr, FLU_PROPERTY_MULTIPLE),
    raw_av::width,
    raw_av::height,
    raw_av::framerate,
    raw_av::samplerate,
    raw_av::channels,
    raw_av::is_square,
    raw_av::add_borders,
};
constexpr flu_port_spec eaters[] = {
    port("default", FLU_PORT_REQUIRED, "An encoded or muxed stream")};
constexpr flu_port_spec feeders[] = {port("default", 0, "Raw audio or raw I420 video")};

const flu_component_type types[] = {component_type<flu::modules::SingleGenericDecoder>(
    "single-generic-decoder", "Decodes an encoded stream with only audio or video.",
    properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
