// The srt-producer module: one producer type (Flumotion had no SRT).
#include "srt_producer.hpp"

#include <flu/sdk/raw_av.hpp>

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("mode", FLU_PROPERTY_STRING,
             "caller (connect to a sender) or listener (wait for a sender)", "caller"),
    property("host", FLU_PROPERTY_STRING,
             "The sender's address (caller) or the address to listen on (listener)",
             "127.0.0.1"),
    property("port", FLU_PROPERTY_INT, "The SRT port", nullptr, FLU_PROPERTY_REQUIRED),
    property("latency", FLU_PROPERTY_INT, "SRT latency in milliseconds", "125"),
    property("passphrase", FLU_PROPERTY_STRING,
             "The encryption passphrase, 10 to 79 characters (none: unencrypted)"),
    property("connect-timeout", FLU_PROPERTY_INT,
             "Seconds without a peer (or with a failed handshake) before a warning says "
             "so; 0: never",
             "10"),
    property("passthrough", FLU_PROPERTY_BOOL,
             "Do not decode: `audio` and `video` carry the encoded streams, parsed",
             "false"),
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
    port("default", 0, "The MPEG-TS as received"),
    port("audio", 0, "Raw audio, or with passthrough the encoded audio"),
    port("video", 0, "Raw I420 video, or with passthrough the encoded video")};

const flu_component_type types[] = {producer_type<flu::modules::SrtProducer>(
    "srt-producer", "Receives an SRT stream (MPEG-TS), decoded or passed through.",
    properties, feeders)};
} // namespace

FLU_MODULE(types)
