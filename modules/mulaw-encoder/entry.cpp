// The mulaw-encoder module: one converter type, Flumotion's mulaw-encoder.
#include "mulaw_encoder.hpp"

namespace {
using namespace flu::sdk;

constexpr flu_port_spec eaters[] = {port("default", FLU_PORT_REQUIRED, "Raw audio")};
constexpr flu_port_spec feeders[] = {port("default", 0, "mu-law audio, 8 kHz mono")};

const flu_component_type types[] = {component_type<flu::modules::MulawEncoder>(
    "mulaw-encoder", "Encodes a raw audio feed to G.711 mu-law.", eaters, feeders)};
} // namespace

FLU_MODULE(types)
