// The overlay-converter module: one converter type, Flumotion's
// overlay-converter with a logo of one's own and the running time.
#include "overlay_converter.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("show-text", FLU_PROPERTY_BOOL, "Whether to show the text", "true"),
    property("text", FLU_PROPERTY_STRING, "Text to show", ""),
    property("font", FLU_PROPERTY_STRING, "Pango font description, such as 'Sans Bold'",
             "Sans Bold"),
    property("font-size", FLU_PROPERTY_INT, "Text size in points", "24"),
    property("text-color", FLU_PROPERTY_STRING,
             "Text colour: #RRGGBB, or #AARRGGBB with its opacity", "#FFFFFF"),
    property("text-x", FLU_PROPERTY_INT, "Text left edge, pixels from the left", "16"),
    property("text-y", FLU_PROPERTY_INT, "Text top edge, pixels from the top", "16"),
    property("logo", FLU_PROPERTY_STRING,
             "A PNG file (with alpha) to lay over the picture"),
    property("logo-x", FLU_PROPERTY_INT, "Logo left edge, pixels from the left", "16"),
    property("logo-y", FLU_PROPERTY_INT, "Logo top edge, pixels from the top", "16"),
    property("logo-alpha", FLU_PROPERTY_FLOAT,
             "Logo opacity, from 0 to 1, on top of its own alpha", "1"),
    property("show-time", FLU_PROPERTY_BOOL,
             "Show the running time in the bottom right corner", "false"),
    property("fluendo-logo", FLU_PROPERTY_BOOL,
             "A built-in 'flu' badge at the bottom left (Flumotion's Fluendo logo)",
             "false"),
    property("cc-logo", FLU_PROPERTY_BOOL,
             "A built-in 'cc' badge at the bottom left (Flumotion's Creative Commons "
             "logo)",
             "false"),
    property("xiph-logo", FLU_PROPERTY_BOOL,
             "A built-in 'xiph' badge at the bottom left (Flumotion's Xiph logo)",
             "false"),
    property("width", FLU_PROPERTY_INT, "Deprecated in Flumotion and unused"),
    property("height", FLU_PROPERTY_INT, "Deprecated in Flumotion and unused"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw video")};
constexpr flu_port_spec feeders[] = {port("default", 0, "Raw video with the overlay")};

const flu_component_type types[] = {component_type<flu::modules::OverlayConverter>(
    "overlay-converter", "Lays text, logos and the running time over raw video.",
    properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
