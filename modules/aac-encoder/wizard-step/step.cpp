// The aac-encoder's wizard step: the bitrate to encode at (AAC).
#include <flu/sdk/wizard_step.hpp>

FLU_WIZARD_ENCODER_STEP("aac-encoder", "audio-encoder", "AAC audio", "aac", 96000)
