// The ip-bouncer module: one bouncer type.
#include "ip_bouncer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("allow", FLU_PROPERTY_STRING, "A network to admit (CIDR, IPv4 or IPv6)",
             nullptr, FLU_PROPERTY_MULTIPLE),
    property("deny", FLU_PROPERTY_STRING, "A network to refuse (CIDR, IPv4 or IPv6)",
             nullptr, FLU_PROPERTY_MULTIPLE),
    property("default", FLU_PROPERTY_STRING,
             "allow or deny an address no network matches", "deny"),
    ttl_property(),
    duration_property(),
};

const flu_component_type types[] = {bouncer_type<flu::modules::IpBouncer>(
    "ip-bouncer",
    "Admits or refuses keycards by address; the most specific matching network "
    "decides, deny winning a tie.",
    properties)};
} // namespace

FLU_MODULE(types)
