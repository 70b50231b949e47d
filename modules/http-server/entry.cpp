// The http-server module: one component type, Flumotion's on-demand server.
#include "http_server.hpp"

#include <flu/sdk.hpp>

using flu::sdk::property;

namespace {

const flu_property_spec properties[] = {
    property("path", FLU_PROPERTY_STRING,
             "The directory whose files are served (unless virtual-hostname is set)"),
    property("mount-point", FLU_PROPERTY_STRING, "The path the directory is served at",
             "/"),
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
    property("bouncer", FLU_PROPERTY_STRING,
             "The planet's bouncer (by name) that lets viewers in: Basic credentials, "
             "?token= or the address go to it; unset: everyone may fetch"),
    property("cache-dir", FLU_PROPERTY_STRING,
             "Serve copies of the files kept in this directory (Flumotion's "
             "fileprovider-localcached, for slow storage); unset: no cache"),
    property("cache-size", FLU_PROPERTY_INT, "Most MB the cache directory holds", "1000"),
    property("cleanup-enabled", FLU_PROPERTY_BOOL,
             "Use and clean up the cache; false: serve from 'path' alone", "true"),
    property("cleanup-high-watermark", FLU_PROPERTY_FLOAT,
             "Fill level of cache-size (0 to 1) that starts a clean-up", "1.0"),
    property("cleanup-low-watermark", FLU_PROPERTY_FLOAT,
             "Fill level a clean-up brings the cache down to (0 to 1)", "0.6"),
    property(
        "virtual-hostname", FLU_PROPERTY_STRING,
        "An origin HTTP server whose files are served through cache-dir (Flumotion's "
        "fileprovider-httpcached: an on-demand edge); unset: files come from 'path'"),
    property("virtual-port", FLU_PROPERTY_INT, "The origin server's port", "80"),
    property("virtual-path", FLU_PROPERTY_STRING,
             "Prefixed to the path below the mount point when asking the origin", "/"),
    property("cache-ttl", FLU_PROPERTY_INT,
             "Seconds a copy from the origin is served before it is fetched again",
             "300"),
    property("connection-timeout", FLU_PROPERTY_INT,
             "Seconds to connect to the origin server", "2"),
    property("idle-timeout", FLU_PROPERTY_INT,
             "Seconds the origin server may send nothing during a fetch", "5"),
    property("allow-browsing", FLU_PROPERTY_BOOL, "List a directory's files", "false"),
    property(
        "rate", FLU_PROPERTY_INT,
        "Most bit/s sent to one connection (Flumotion's ratecontroller-fixed); 0: none",
        "0"),
    property("max-level", FLU_PROPERTY_INT,
             "Bytes a rate-limited connection may send at once before the rate applies",
             "65536"),
    property("request-timeout", FLU_PROPERTY_INT,
             "Seconds a connection has to send its request", "10"),
    property("client-limit", FLU_PROPERTY_INT, "Most connections at once", "1000"),
    property("access-log", FLU_PROPERTY_STRING,
             "File of an access log in Apache's combined format plus seconds connected "
             "(Flumotion's requestlogger-file); reopened on SIGHUP; unset: none"),
    property("access-log-max-bytes", FLU_PROPERTY_INT,
             "Rotate the access log to FILE.1 at this size (0: never)", "0"),
    property("trusted-proxy", FLU_PROPERTY_STRING,
             "Address of a proxy whose X-Forwarded-For names the real viewer", nullptr,
             FLU_PROPERTY_MULTIPLE),
    property("cors-origin", FLU_PROPERTY_STRING,
             "Access-Control-Allow-Origin sent with every answer (\"*\": a player on "
             "any site); unset: none"),
};

const flu_component_type types[] = {
    flu::sdk::detail::make_type<flu::http_server::HttpServer>(
        "http-server", "Serves the files of a directory over HTTP, with Range requests",
        100, properties, std::size(properties), nullptr, 0, nullptr, 0)};

} // namespace

FLU_MODULE(types)
