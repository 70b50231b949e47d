// The single-basic-watchdog-combiner module: the backup while the master
// starves.
#include "switch_combiner.hpp"
#include "switch_properties.hpp"

namespace {
using namespace flu::sdk;
namespace p = flu::modules::switch_properties;

constexpr flu_property_spec properties[] = {p::schedule, p::starve_timeout,
                                            p::recover_time};
constexpr flu_port_spec eaters[] = {port("master", FLU_PORT_REQUIRED, "The wanted feed"),
                                    port("backup", FLU_PORT_REQUIRED, "The stand-in")};
constexpr flu_port_spec feeders[] = {port("default", 0, "The active feed")};

const flu_component_type types[] = {
    component_type<flu::modules::SwitchCombiner<flu::modules::SwitchMedia::single, true>>(
        "single-basic-watchdog-combiner",
        "Streams the master feed, and the backup by itself while the master starves.",
        properties, eaters, feeders)};
} // namespace

FLU_MODULE(types)
