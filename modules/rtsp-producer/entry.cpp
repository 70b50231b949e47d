// The rtsp-producer module: one producer type, Flumotion's.
#include "rtsp_producer.hpp"

#include <flu/sdk/raw_av.hpp>

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("location", FLU_PROPERTY_STRING, "The URL of the RTSP stream", nullptr,
             FLU_PROPERTY_REQUIRED),
    property("has-audio", FLU_PROPERTY_BOOL,
             "Whether the stream has audio (without, feeder audio carries silence)",
             "true"),
    property("transport", FLU_PROPERTY_STRING,
             "tcp (RTP interleaved in the RTSP connection), udp, or auto (UDP, then "
             "TCP when no UDP packet comes)",
             "auto"),
    property("latency", FLU_PROPERTY_INT,
             "How long (ms) the jitter buffer waits for late or reordered packets",
             "500"),
    property("user", FLU_PROPERTY_STRING,
             "The user name the server asks for (none: no authentication)"),
    property("password", FLU_PROPERTY_STRING, "The password the server asks for"),
    property("passthrough", FLU_PROPERTY_BOOL,
             "Pass the encoded streams through untouched (parsed, not decoded)", "false"),
    raw_av::width,
    raw_av::height,
    raw_av::is_square,
    raw_av::add_borders,
    raw_av::framerate,
    raw_av::deinterlace_mode,
    raw_av::deinterlace_method,
    raw_av::volume,
};
constexpr flu_port_spec feeders[] = {
    port("video", 0, "Raw I420 video, or with passthrough the encoded video"),
    port("audio", 0, "Raw audio, or with passthrough the encoded audio")};

const flu_component_type types[] = {producer_type<flu::modules::RtspProducer>(
    "rtsp-producer", "A producer that produces from an RTSP stream.", properties,
    feeders)};
} // namespace

FLU_MODULE(types)
