// The htpasswd-bouncer module: one bouncer type.
#include "htpasswd_bouncer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("filename", FLU_PROPERTY_STRING,
             "A file of user:crypt-hash lines; reread when it changes"),
    property("data", FLU_PROPERTY_STRING, "user:crypt-hash lines, inline", nullptr,
             FLU_PROPERTY_MULTIPLE),
    ttl_property(),
    duration_property(),
};

const flu_component_type types[] = {bouncer_type<flu::modules::HtpasswdBouncer>(
    "htpasswd-bouncer", "Admits users whose password matches a crypt(3) hash.",
    properties)};
} // namespace

FLU_MODULE(types)
