// The opus-encoder's wizard step: the bitrate to encode at (Opus).
#include <flu/sdk/wizard_step.hpp>

FLU_WIZARD_ENCODER_STEP("opus-encoder", "audio-encoder", "Opus audio", "opus", 64000)
