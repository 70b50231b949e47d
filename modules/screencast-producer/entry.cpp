// The screencast-producer module: one producer type, Flumotion's.
#include "screencast_producer.hpp"

#include <flu/sdk/raw_av.hpp>

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("display", FLU_PROPERTY_STRING,
             "The X display to capture (:0, host:1); the worker's DISPLAY when unset"),
    property("width", FLU_PROPERTY_INT,
             "The width in pixels of the region to capture (to the screen's right edge "
             "when unset)"),
    property("height", FLU_PROPERTY_INT,
             "The height in pixels of the region to capture (to the screen's bottom "
             "edge when unset)"),
    property("x-offset", FLU_PROPERTY_INT,
             "Capture a subwindow offset by this many pixels from the left", "0"),
    property("y-offset", FLU_PROPERTY_INT,
             "Capture a subwindow offset by this many pixels from the top", "0"),
    property("framerate", FLU_PROPERTY_FRACTION,
             "The video frame rate as numerator/denominator", "5/1"),
    property("cursor", FLU_PROPERTY_BOOL, "Draw the mouse pointer into the video",
             "true"),
};
constexpr flu_port_spec feeders[] = {port("default", 0, "The screen as raw video")};

// Flumotion's clock priority 0: a screen is never the flow's clock.
const flu_component_type types[] = {producer_type<flu::modules::ScreencastProducer>(
    "screencast-producer", "Captures video from a screen.", properties, feeders, 0)};
} // namespace

FLU_MODULE(types)
