// The composite-combiner module: many video feeds on one picture.
#include "composite_combiner.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("input", FLU_PROPERTY_STRING,
             "Where the feed of the same rank goes: position-left=X position-top=Y "
             "width=W height=H z-order=Z alpha=A (each optional)",
             nullptr, FLU_PROPERTY_MULTIPLE),
    property("width", FLU_PROPERTY_INT, "Width of the combined picture", "640"),
    property("height", FLU_PROPERTY_INT, "Height of the combined picture", "360"),
    property("framerate", FLU_PROPERTY_FRACTION, "Frame rate of the combined picture",
             "25/1"),
};
constexpr flu_port_spec eaters[] = {
    port("default", FLU_PORT_REQUIRED | FLU_PORT_MULTIPLE, "Raw video feeds")};
constexpr flu_port_spec feeders[] = {port("default", 0, "The combined picture")};

const flu_component_type types[] = {component_type<flu::modules::CompositeCombiner>(
    "composite-combiner", "Lays out any number of raw video feeds on one picture.",
    properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
