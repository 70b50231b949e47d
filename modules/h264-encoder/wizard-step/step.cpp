// The h264-encoder's wizard step: the bitrate to encode at (H.264).
#include <flu/sdk/wizard_step.hpp>

FLU_WIZARD_ENCODER_STEP("h264-encoder", "video-encoder", "H.264 video", "h264", 500000)
