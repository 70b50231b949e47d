// The token-bouncer module: one bouncer type.
#include "token_bouncer.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_property_spec properties[] = {
    property("token", FLU_PROPERTY_STRING,
             "An accepted token, as TOKEN or NAME:TOKEN (NAME becomes the username)",
             nullptr, FLU_PROPERTY_REQUIRED | FLU_PROPERTY_MULTIPLE),
    ttl_property(),
    duration_property(),
};

const flu_component_type types[] = {bouncer_type<flu::modules::TokenBouncer>(
    "token-bouncer", "Admits keycards whose token is one of the configured tokens.",
    properties)};
} // namespace

FLU_MODULE(types)
