// The fgdp-producer module: one component type, Flumotion's fgdp-producer.
#include "fgdp_producer.hpp"
#include "fgdp_settings.hpp"

namespace {

const flu_property_spec properties[] = {
    FLU_FGDP_PROPERTIES("pull"),
    flu::sdk::property("bouncer", FLU_PROPERTY_STRING,
                       "The planet's bouncer that admits fgdp-consumers by their "
                       "username and password (instead of a shared secret)")};
const flu_port_spec feeders[] = {
    flu::sdk::port("default", 0, "The feed from the other planet, as it left there")};

const flu_component_type types[] = {flu::sdk::producer_type<flu::fgdp::FgdpProducer>(
    "fgdp-producer", "Feeds in a feed that an fgdp-consumer sends from another planet",
    properties, feeders)};

} // namespace

FLU_MODULE(types)
