// The vp8-encoder's wizard step: the bitrate to encode at (VP8).
#include <flu/sdk/wizard_step.hpp>

FLU_WIZARD_ENCODER_STEP("vp8-encoder", "video-encoder", "VP8 video", "vp8", 400000)
