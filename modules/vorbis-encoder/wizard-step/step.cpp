// The vorbis-encoder's wizard step: the bitrate to encode at (Vorbis).
#include <flu/sdk/wizard_step.hpp>

FLU_WIZARD_ENCODER_STEP("vorbis-encoder", "audio-encoder", "Vorbis audio", "vorbis",
                        64000)
