// The multi-bouncer module: one bouncer type.
#include "multi_bouncer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("rule", FLU_PROPERTY_STRING,
             "Which bouncers must admit a keycard, e.g. lan and (users or tokens)",
             nullptr, FLU_PROPERTY_REQUIRED),
    ttl_property(),
    duration_property(),
};

const flu_component_type types[] = {bouncer_type<flu::modules::MultiBouncer>(
    "multi-bouncer", "Admits keycards by a rule over other bouncers: and, or, not.",
    properties)};
} // namespace

FLU_MODULE(types)
