// The video-converter module: one converter type, Flumotion's video-converter.
#include "video_converter.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("deinterlace-mode", FLU_PROPERTY_STRING,
             "Deinterlacing mode: auto (frames marked interlaced), interlaced (every "
             "frame) or disabled",
             "auto"),
    property("deinterlace-method", FLU_PROPERTY_STRING,
             "Deinterlacing method: ffmpeg, yadif, tomsmocomp, greedyh, greedyl, vfir, "
             "linear, linearblend, scalerbob, weave, weavetff, weavebff",
             "ffmpeg"),
    property("width", FLU_PROPERTY_INT, "Output width (default: the input's)"),
    property("height", FLU_PROPERTY_INT, "Output height (default: the input's)"),
    property("width-correction", FLU_PROPERTY_INT,
             "Rounds a width given down to a multiple of this (0: none)", "8"),
    property("height-correction", FLU_PROPERTY_INT,
             "Rounds a height given down to a multiple of this (0: none)", "0"),
    property("is-square", FLU_PROPERTY_BOOL, "Force square pixels (par=1/1)", "false"),
    property("pixel-aspect-ratio", FLU_PROPERTY_FRACTION,
             "Output pixel aspect ratio, such as 16/15 (default: the input's)"),
    property("framerate", FLU_PROPERTY_FRACTION,
             "Output frame rate; frames are dropped or repeated (default: the input's)"),
    property("brightness", FLU_PROPERTY_FLOAT, "Brightness, -1 to 1 (live)", "0"),
    property("contrast", FLU_PROPERTY_FLOAT, "Contrast, 0 to 2 (live)", "1"),
    property("hue", FLU_PROPERTY_FLOAT, "Hue, -1 to 1 (live)", "0"),
    property("saturation", FLU_PROPERTY_FLOAT, "Saturation, 0 to 2 (live)", "1"),
};
constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw video")};
constexpr flu_port_spec feeders[] = {port("default", 0, "Raw video, converted")};

const flu_component_type types[] = {component_type<flu::modules::VideoConverter>(
    "video-converter", "Deinterlaces, scales and changes the frame rate of raw video.",
    properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
