// The single-switch-combiner module: master or backup, one stream.
#include "switch_combiner.hpp"
#include "switch_properties.hpp"

namespace {
using namespace flu::sdk;
namespace p = flu::modules::switch_properties;

constexpr flu_property_spec properties[] = {p::schedule};
constexpr flu_port_spec eaters[] = {port("master", FLU_PORT_REQUIRED, "The wanted feed"),
                                    port("backup", FLU_PORT_REQUIRED, "The stand-in")};
constexpr flu_port_spec feeders[] = {port("default", 0, "The active feed")};

const flu_component_type types[] = {component_type<
    flu::modules::SwitchCombiner<flu::modules::SwitchMedia::single, false>>(
    "single-switch-combiner",
    "Switches between two raw feeds of one kind, as an operator or a schedule says.",
    properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
