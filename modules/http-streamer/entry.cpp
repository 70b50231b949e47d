// The http-streamer module: one component type, Flumotion's http-streamer.
#include "http_streamer.hpp"

#include <flu/sdk.hpp>
#include <flu/sdk/port_check.hpp>

using flu::sdk::property;

namespace {

const flu_property_spec properties[] = {
    property("port", FLU_PROPERTY_INT, "TCP port to listen on (0: any free port)",
             "8800"),
    property("mount-point", FLU_PROPERTY_STRING, "Path the stream is served at", "/"),
    property("hostname", FLU_PROPERTY_STRING, "Host name in the announced URL",
             "localhost"),
    property("client-limit", FLU_PROPERTY_INT,
             "Most viewers at once; 0 or less: as many as descriptors allow", "1000"),
    property("burst-on-connect", FLU_PROPERTY_BOOL,
             "Start a new viewer at the latest keyframe instead of the next one", "true"),
    property(
        "burst-max-bytes", FLU_PROPERTY_INT,
        "Largest GOP sent as a burst; a larger one means waiting for the next keyframe",
        "2097152"),
    property("max-client-lag-bytes", FLU_PROPERTY_INT,
             "A viewer further behind the stream than this is dropped", "8388608"),
    property("timeout", FLU_PROPERTY_INT,
             "Drop a viewer whose socket takes no data for this many seconds (0: never)",
             "0"),
    property("request-timeout", FLU_PROPERTY_INT,
             "Seconds a connection has to send its request", "10"),
    property("bandwidth-limit", FLU_PROPERTY_INT,
             "Refuse viewers past this total bit/s (0: none; below 1000: Mbit/s)", "0"),
    property("redirect-on-overflow", FLU_PROPERTY_STRING,
             "Edges to redirect viewers to when client-limit or bandwidth-limit is "
             "reached (or the streamer drains), separated by blanks: http-streamers of "
             "the planet by component id (/flow/name; the least loaded with room), else "
             "URLs (one that answers HEAD, in turn); a viewer is redirected once, "
             "redirected again it gets 503"),
    property("bouncer", FLU_PROPERTY_STRING,
             "The planet's bouncer (by name) that lets viewers in: Basic credentials, "
             "?token= or the address go to it; unset: everyone may watch"),
    property("type", FLU_PROPERTY_STRING,
             "master: listen on 'port'; slave: take viewers from the porter at "
             "porter-socket-path",
             "master"),
    property("porter-socket-path", FLU_PROPERTY_STRING,
             "The porter's socket (type slave)"),
    property("porter-username", FLU_PROPERTY_STRING,
             "The username to log in to the porter with (type slave)"),
    property("porter-password", FLU_PROPERTY_STRING,
             "The password to log in to the porter with (type slave)"),
    property("porter", FLU_PROPERTY_STRING,
             "The porter's name in the atmosphere (type slave): the manager hands its "
             "socket path, username and password (Flumotion's porter details)"),
    property("access-log", FLU_PROPERTY_STRING,
             "File of an access log in Apache's combined format plus seconds connected "
             "(Flumotion's requestlogger-file); reopened on SIGHUP; unset: none"),
    property("access-log-max-bytes", FLU_PROPERTY_INT,
             "Rotate the access log to FILE.1 at this size (0: never)", "0"),
    property("trusted-proxy", FLU_PROPERTY_STRING,
             "Address of a proxy whose X-Forwarded-For names the real viewer", nullptr,
             FLU_PROPERTY_MULTIPLE),
    property(
        "cors-origin", FLU_PROPERTY_STRING,
        "Access-Control-Allow-Origin sent with the stream (\"*\": any site's player)"),
    property("html5-page", FLU_PROPERTY_BOOL,
             "Serve an HTML5 page playing the stream at MOUNT.html (/index.html for /; "
             "Flumotion's component-html5 plug)",
             "false"),
};

const flu_port_spec eaters[] = {flu::sdk::port("default", FLU_PORT_REQUIRED,
                                               "A muxed stream (WebM, Ogg, multipart)")};

constexpr flu_check_spec checks[] = {flu::sdk::check<flu::sdk::port_check>(
    "port", "is a TCP port free on this worker", "PORT", flu::sdk::port_columns)};

const flu_component_type types[] = {flu::sdk::with_checks(
    flu::sdk::consumer_type<flu::http_streamer::HttpStreamer>(
        "http-streamer", "Streams its feed to HTTP viewers", properties, eaters),
    checks)};

} // namespace

FLU_MODULE(types)
