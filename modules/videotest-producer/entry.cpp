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
};
constexpr flu_port_spec feeders[] = {port("default", 0, "Raw I420 video")};

const flu_component_type types[] = {producer_type<flu::modules::VideotestProducer>(
    "videotest-producer", "Produces a live test picture without a device.", properties,
    feeders)};
} // namespace

FLU_MODULE(types)
