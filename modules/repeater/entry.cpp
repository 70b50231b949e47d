// The repeater module: one component type, Flumotion's repeater.
#include "repeater.hpp"

using flu::sdk::property;

namespace {

const flu_property_spec properties[] = {
    property("drop-probability", FLU_PROPERTY_FLOAT,
             "The fraction of buffers to drop on purpose (0.0 - 1.0), for testing"),
};
const flu_port_spec eaters[] = {flu::sdk::port("default", FLU_PORT_REQUIRED, "Any feed")};
const flu_port_spec feeders[] = {
    flu::sdk::port("default", 0, "The same feed, unchanged")};

const flu_component_type types[] = {flu::sdk::component_type<flu::modules::Repeater>(
    "repeater", "Repeats its feed unchanged", properties, eaters, feeders)};

} // namespace

FLU_MODULE(types)
