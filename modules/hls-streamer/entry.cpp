// The hls-streamer module: one consumer type, Flumotion's http-hlsstreamer.
#include "hls_streamer.hpp"

#include <flu/sdk/port_check.hpp>

using flu::sdk::port;
using flu::sdk::property;

namespace {

const flu_property_spec properties[] = {
    property("mount-point", FLU_PROPERTY_STRING,
             "The path the playlists and segments are served under", "/"),
    property("port", FLU_PROPERTY_INT, "TCP port to listen on (type master; 0: any)",
             "8800"),
    property("hostname", FLU_PROPERTY_STRING, "Host name in the announced URL",
             "localhost"),
    property("type", FLU_PROPERTY_STRING,
             "master: listen on 'port'; slave: take viewers from the porter", "master"),
    property("porter-socket-path", FLU_PROPERTY_STRING,
             "The porter's socket (type slave)"),
    property("porter-username", FLU_PROPERTY_STRING,
             "The porter's username (type slave)"),
    property("porter-password", FLU_PROPERTY_STRING,
             "The porter's password (type slave)"),
    property("fragment-duration", FLU_PROPERTY_INT,
             "Target seconds of a segment: each is cut at the first keyframe after it "
             "(the encoders' keyframe interval should divide it)",
             "4"),
    property("segment-format", FLU_PROPERTY_STRING,
             "ts: MPEG-TS segments; fmp4: fragmented MP4 (an init segment, .m4s "
             "segments, playlist version 7)",
             "ts"),
    property("min-window", FLU_PROPERTY_INT,
             "Segments a rendition needs before its playlists are served", "2"),
    property("max-window", FLU_PROPERTY_INT, "Segments listed in a media playlist", "5"),
    property("max-extra-buffers", FLU_PROPERTY_INT,
             "Segments still served after they left the playlist (default max-window+1)"),
    property("fragment-prefix", FLU_PROPERTY_STRING, "Segment file names' prefix",
             "fragment"),
    property("main-playlist", FLU_PROPERTY_STRING,
             "The master playlist's name under the mount point", "main.m3u8"),
    property("stream-playlist", FLU_PROPERTY_STRING,
             "Each rendition's media playlist name under MOUNT/INDEX/", "stream.m3u8"),
    property("request-timeout", FLU_PROPERTY_INT,
             "Seconds a connection may wait before each request", "15"),
    property("client-limit", FLU_PROPERTY_INT, "Most connections at once", "1000"),
    property("cors-origin", FLU_PROPERTY_STRING,
             "Access-Control-Allow-Origin sent with every answer (a player page on "
             "another site); unset: none"),
    property("html5-page", FLU_PROPERTY_BOOL,
             "Serve a page playing the stream at the mount point (Flumotion's "
             "component-html5 plug)",
             "false"),
    property("hls-js-url", FLU_PROPERTY_STRING,
             "Where the player page loads hls.js from, for browsers without HLS of "
             "their own; unset: none"),
    property("key-rotation", FLU_PROPERTY_INT,
             "Segments sharing one AES-128 key (#EXT-X-KEY; keys served at "
             "MOUNT/INDEX/key-N.key, to viewers the bouncer admits); 0: no encryption",
             "0"),
    property("bouncer", FLU_PROPERTY_STRING,
             "The planet's bouncer (by name) that lets viewers in: Basic credentials, "
             "?token=, or the address; unset: everyone"),
    property("session-timeout", FLU_PROPERTY_INT,
             "Seconds a viewer the bouncer admitted is not asked again", "30"),
    property("access-log", FLU_PROPERTY_STRING,
             "File of an access log in Apache's combined format plus seconds connected "
             "(Flumotion's requestlogger-file); reopened on SIGHUP; unset: none"),
    property("access-log-max-bytes", FLU_PROPERTY_INT,
             "Rotate the access log to FILE.1 at this size (0: never)", "0"),
    property("hls-url", FLU_PROPERTY_STRING,
             "Base URL the playlists' entries are made absolute with (joined with the "
             "mount point; a CDN or proxy in front); unset: relative entries"),
    property("trusted-proxy", FLU_PROPERTY_STRING,
             "Address of a proxy whose X-Forwarded-For names the real viewer", nullptr,
             FLU_PROPERTY_MULTIPLE),
};

constexpr flu_port_spec eaters[] = {
    port("default", FLU_PORT_REQUIRED | FLU_PORT_MULTIPLE,
         "MPEG-TS feeds with H.264 video and AAC audio (from mpegts-muxer), one per "
         "rendition of the same source")};

constexpr flu_check_spec checks[] = {flu::sdk::check<flu::sdk::port_check>(
    "port", "is a TCP port free on this worker", "PORT", flu::sdk::port_columns)};

const flu_component_type types[] = {flu::sdk::with_checks(
    flu::sdk::consumer_type<flu::hls::HlsStreamer>(
        "hls-streamer",
        "Serves MPEG-TS feeds over HTTP Live Streaming: live playlists, a master "
        "playlist over renditions",
        properties, eaters),
    checks)};

} // namespace

FLU_MODULE(types)
