// The webrtc-streamer module: one consumer type (docs/delivery.md, WebRTC).
#include "webrtc_streamer.hpp"

#include <flu/sdk.hpp>

using flu::sdk::property;

namespace {

const flu_property_spec properties[] = {
    property("port", FLU_PROPERTY_INT, "TCP port of the WHEP endpoint (0: any free port)",
             "8810"),
    property("mount-point", FLU_PROPERTY_STRING,
             "Path viewers POST their WHEP offer to; sessions live under it", "/whep"),
    property("hostname", FLU_PROPERTY_STRING, "Host name in the announced URL",
             "localhost"),
    property("client-limit", FLU_PROPERTY_INT,
             "Most viewers at once (each its own peer connection); 0: no limit", "100"),
    property("bouncer", FLU_PROPERTY_STRING,
             "The planet's bouncer (by name) that lets viewers in: Basic credentials, "
             "?token= or the address go to it; unset: everyone may watch"),
    property("cors-origin", FLU_PROPERTY_STRING,
             "Access-Control-Allow-Origin of the WHEP answers (\"*\": a player page on "
             "any site may signal)",
             "*"),
    property("html5-page", FLU_PROPERTY_BOOL,
             "Serve a page playing the stream over WebRTC at MOUNT.html (/index.html "
             "for /; Flumotion's component-html5 plug)",
             "false"),
    property("ice-address", FLU_PROPERTY_STRING,
             "Local address ICE offers viewers (host candidates); unset: every "
             "interface but loopback",
             nullptr, FLU_PROPERTY_MULTIPLE),
    property("ice-gathering-timeout", FLU_PROPERTY_INT,
             "Milliseconds to wait for ICE gathering before answering with the "
             "candidates found so far",
             "5000"),
    property("trusted-proxy", FLU_PROPERTY_STRING,
             "Address of a proxy whose X-Forwarded-For names the real viewer", nullptr,
             FLU_PROPERTY_MULTIPLE),
    property("access-log", FLU_PROPERTY_STRING,
             "File of an access log in Apache's combined format plus seconds connected "
             "(Flumotion's requestlogger-file): each WHEP answer, a viewer's POST when "
             "it leaves with the media bytes sent; reopened on SIGHUP; unset: none"),
    property("access-log-max-bytes", FLU_PROPERTY_INT,
             "Rotate the access log to FILE.1 at this size (0: never)", "0"),
};

const flu_port_spec eaters[] = {
    flu::sdk::port("video", FLU_PORT_REQUIRED, "Encoded video: VP8 or H.264"),
    flu::sdk::port("audio", 0, "Opus audio (optional)"),
};

const flu_component_type types[] = {
    flu::sdk::consumer_type<flu::webrtc_streamer::WebrtcStreamer>(
        "webrtc-streamer", "Streams its feeds to WebRTC viewers signalled by WHEP",
        properties, eaters)};

} // namespace

FLU_MODULE(types)
