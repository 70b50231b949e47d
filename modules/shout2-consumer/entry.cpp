// The shout2-consumer module: one component type, Flumotion's shout2-consumer.
#include "shout2_consumer.hpp"

#include <flu/sdk.hpp>

using flu::sdk::property;

namespace {

const flu_property_spec properties[] = {
    property("ip", FLU_PROPERTY_STRING, "The Icecast server's address or host name",
             "localhost"),
    property("port", FLU_PROPERTY_INT, "The Icecast server's port", "8000"),
    property("mount-point", FLU_PROPERTY_STRING,
             "The mount to publish on, such as /live.webm", nullptr,
             FLU_PROPERTY_REQUIRED),
    property("username", FLU_PROPERTY_STRING, "The source user", "source"),
    property("password", FLU_PROPERTY_STRING, "The mount's source password", ""),
    property("short-name", FLU_PROPERTY_STRING, "The stream's name (Ice-Name)"),
    property("description", FLU_PROPERTY_STRING, "The stream's description"),
    property("genre", FLU_PROPERTY_STRING, "The stream's genre"),
    property("url", FLU_PROPERTY_STRING, "A URL about the stream"),
    property("public", FLU_PROPERTY_BOOL, "List the stream in directories (Ice-Public)",
             "false"),
};

const flu_port_spec eaters[] = {
    flu::sdk::port("default", FLU_PORT_REQUIRED, "A muxed stream (Ogg, WebM, MP3)")};

const flu_component_type types[] = {
    flu::sdk::consumer_type<flu::shout2_consumer::Shout2Consumer>(
        "shout2-consumer", "Streams its feed to an Icecast server", properties, eaters)};

} // namespace

FLU_MODULE(types)
