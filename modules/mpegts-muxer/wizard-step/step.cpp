// The mpegts-muxer's wizard step: the muxer has nothing to set; the step says it is
// there so the wizard wires the encoders into it.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {
void describe(Step &) {}
void contribute(Step &) {}
} // namespace

FLU_WIZARD_STEP("mpegts-muxer", "muxer", "MPEG-TS", describe,
                flu::sdk::wizard::detail::nothing, contribute)
