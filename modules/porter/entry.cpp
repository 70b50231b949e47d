// The porter module: one component type, Flumotion's porter.
#include "porter.hpp"

#include <flu/sdk.hpp>

using flu::sdk::property;

namespace {

const flu_property_spec properties[] = {
    property("port", FLU_PROPERTY_INT, "The public TCP port (0: any free port)", "8800"),
    property("interface", FLU_PROPERTY_STRING,
             "The address to listen on; unset: every address"),
    property("socket-path", FLU_PROPERTY_STRING,
             "The Unix socket streamers log in on; unset: flu-porter-FLOW-NAME in the "
             "temporary directory"),
    property("socket-mode", FLU_PROPERTY_INT, "Permissions of the socket (0666 = 438)",
             "438"),
    property("require-password", FLU_PROPERTY_BOOL,
             "Streamers must log in with username and password", "true"),
    property("username", FLU_PROPERTY_STRING, "The username streamers log in with"),
    property("password", FLU_PROPERTY_STRING, "The password streamers log in with"),
    property("bouncer", FLU_PROPERTY_STRING,
             "The planet's bouncer that admits streamers: their porter-username and "
             "porter-password go to it as a keycard (then username and password are not "
             "needed)"),
    property("request-timeout", FLU_PROPERTY_INT,
             "Seconds a viewer has to send its request head", "10"),
    property("max-pending-connections", FLU_PROPERTY_INT,
             "Most viewers whose request is not yet read, in all", "1024"),
    property("max-pending-per-address", FLU_PROPERTY_INT,
             "Most viewers whose request is not yet read, from one address", "64"),
    property("balancer", FLU_PROPERTY_STRING,
             "A balancer path: 'PATH /flow/streamer /flow/streamer...'; each new viewer "
             "of PATH is redirected (302) to the least-loaded of those http-streamers "
             "with room (by the planet's replicated state), or gets 503",
             nullptr, FLU_PROPERTY_MULTIPLE),
};

// No eaters, no feeders: the porter carries no media.
const flu_component_type types[] = {flu::sdk::detail::make_type<flu::porter::Porter>(
    "porter",
    "Listens on one network port on behalf of streamers and on-demand servers, and "
    "hands each viewer's connection to the one serving its path",
    100, properties, std::size(properties), nullptr, 0, nullptr, 0)};

} // namespace

FLU_MODULE(types)
