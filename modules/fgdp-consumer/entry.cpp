// The fgdp-consumer module: one component type, Flumotion's fgdp-consumer.
#include "fgdp_consumer.hpp"
#include "fgdp_settings.hpp"

namespace {

const flu_property_spec properties[] = {
    FLU_FGDP_PROPERTIES("push"),
    flu::sdk::property("authentication", FLU_PROPERTY_STRING,
                       "'secret': both sides share password; 'keycard': username and "
                       "password are a keycard for the producer's bouncer",
                       "secret")};
const flu_port_spec eaters[] = {
    flu::sdk::port("default", FLU_PORT_REQUIRED, "The feed to send to the other planet")};

const flu_component_type types[] = {flu::sdk::consumer_type<flu::fgdp::FgdpConsumer>(
    "fgdp-consumer", "Sends its feed to an fgdp-producer of another planet", properties,
    eaters)};

} // namespace

FLU_MODULE(types)
