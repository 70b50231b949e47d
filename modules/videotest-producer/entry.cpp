// The videotest-producer module: one producer type.
#include "videotest_producer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("width", FLU_PROPERTY_INT, "Picture width in pixels", "320"),
    property("height", FLU_PROPERTY_INT, "Picture height in pixels", "240"),
    property("framerate", FLU_PROPERTY_FRACTION, "Frames per second", "30/1"),
    property("pattern", FLU_PROPERTY_STRING,
             "Test pattern: a videotestsrc name (smpte, snow, ball...) or its "
             "number as in Flumotion (0 = smpte)",
             "smpte"),
    property("overlay-timestamps", FLU_PROPERTY_BOOL,
             "Draw the running time on the picture", "false"),
    property("format", FLU_PROPERTY_STRING,
             "Raw format: Flumotion's video/x-raw-yuv (I420) or video/x-raw-rgb (RGB), "
             "or a GStreamer format name (I420, YUY2, RGB, BGRx...)",
             "video/x-raw-yuv"),
    property("pixel-aspect-ratio", FLU_PROPERTY_FRACTION, "Pixel aspect ratio", "1/1"),
    property("drop-probability", FLU_PROPERTY_FLOAT,
             "Fraction of frames to drop, 0 to 1 (for testing discontinuities)", "0"),
};
constexpr flu_port_spec feeders[] = {
    port("default", 0, "Raw video (I420 unless format says otherwise)")};

const flu_component_type types[] = {producer_type<flu::modules::VideotestProducer>(
    "videotest-producer", "Produces a live test picture without a device.", properties,
    feeders)};
} // namespace

FLU_MODULE(types)
