// The webcam-producer module: one producer type, Flumotion's.
#include "webcam_producer.hpp"

#include <flu/sdk/raw_av.hpp>

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("device", FLU_PROPERTY_STRING,
             "The path to the device node from which to capture (/dev/video0)", nullptr,
             FLU_PROPERTY_REQUIRED),
    property("mime", FLU_PROPERTY_STRING,
             "The media type to capture: video/x-raw (Flumotion's video/x-raw-yuv) or "
             "image/jpeg (decoded here)",
             "video/x-raw"),
    property("format", FLU_PROPERTY_STRING,
             "The pixel format to capture in (YUY2, I420, NV12...); the camera's choice "
             "when unset"),
    property("width", FLU_PROPERTY_INT, "The width of the video to capture"),
    property("height", FLU_PROPERTY_INT, "The height of the video to capture"),
    property("framerate", FLU_PROPERTY_FRACTION,
             "The frame rate of the video to capture"),
    property("element-factory", FLU_PROPERTY_STRING,
             "The element to capture with (a video source with a device property)",
             "v4l2src"),
    raw_av::is_square,
    raw_av::add_borders,
    raw_av::deinterlace_mode,
    raw_av::deinterlace_method,
};
constexpr flu_port_spec feeders[] = {port("default", 0, "The captured raw video")};

const flu_component_type types[] = {producer_type<flu::modules::WebcamProducer>(
    "webcam-producer", "Produces a raw video feed from a webcam.", properties, feeders)};
} // namespace

FLU_MODULE(types)
