// The saltsha256-bouncer module: one bouncer type.
#include "saltsha256_bouncer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("filename", FLU_PROPERTY_STRING,
             "A file of user:salt:sha256-hex lines; reread when it changes"),
    property("data", FLU_PROPERTY_STRING, "user:salt:sha256-hex lines, inline", nullptr,
             FLU_PROPERTY_MULTIPLE),
    ttl_property(),
    duration_property(),
};

const flu_component_type types[] = {bouncer_type<flu::modules::Saltsha256Bouncer>(
    "saltsha256-bouncer",
    "Admits users whose password matches a salted SHA-256 hash "
    "(salt + hex(sha256(salt + password))).",
    properties)};
} // namespace

FLU_MODULE(types)
