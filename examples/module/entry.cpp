// The clock-overlay module: one converter type.
#include "clock_overlay.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("halignment", FLU_PROPERTY_STRING, "left, center or right", "left"),
    property("valignment", FLU_PROPERTY_STRING, "top, center, bottom or baseline", "top"),
    property("font-size", FLU_PROPERTY_INT, "Font size in points", "18"),
    property("time-format", FLU_PROPERTY_STRING, "The clock, as strftime() formats it",
             "%H:%M:%S"),
    property("shaded-background", FLU_PROPERTY_BOOL, "Shade the area under the clock",
             "true"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw video")};
constexpr flu_port_spec feeders[] = {port("default", 0, "Raw video with the clock")};

const flu_component_type types[] = {component_type<flu::example::ClockOverlay>(
    "clock-overlay", "Draws the wall-clock time over a raw video feed.", properties,
    eaters, feeders)};
} // namespace

FLU_MODULE(types)
