// The webm-muxer's wizard step: the muxer has nothing to set; the step says
// which codings it takes, so the wizard offers the encoders that fit, and
// that it is there, so the wizard wires the encoders into it.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {
void nothing(Step &) {}
} // namespace

FLU_WIZARD_STEP_FORMATS("webm-muxer", "muxer", "WebM", "vp8 vp9 av1 vorbis opus", "webm",
                        nothing, nothing, nothing)
