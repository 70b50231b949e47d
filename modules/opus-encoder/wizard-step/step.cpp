// The opus-encoder's wizard step: the bitrate to encode at.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) {
  s.field("bitrate", "bitrate (bit/s)", FLU_FIELD_INT, "64000");
  s.range("bitrate", 8000, 50000000);
}

void contribute(Step &s) { s.property("bitrate", s.value("bitrate")); }

} // namespace

FLU_WIZARD_STEP("opus-encoder", "audio-encoder", "Opus audio", describe,
                flu::sdk::wizard::detail::nothing, contribute)
