// The video-converter's wizard step: the size and frame rate of the
// picture the video encoder gets (Flumotion's wizard asked them in its
// encoding step). The wizard puts it between the source's video and the
// video encoder.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) {
  flu::sdk::wizard::size_fields(s, 640, 360);
  flu::sdk::wizard::framerate_field(s, 25);
}

void validate(Step &s) {
  // The converter rounds a width down to a multiple of 8 (its
  // width-correction); say so rather than surprise.
  if (std::stoi(s.value("width")) % 8)
    s.refuse("width", "a multiple of 8 (the converter rounds the width down to one)");
  if (std::stoi(s.value("height")) % 2)
    s.refuse("height", "I420 video needs an even height");
}

void contribute(Step &s) {
  flu::sdk::wizard::contribute_picture(s);
  s.feeder("default", "video");
}

} // namespace

FLU_WIZARD_STEP("video-converter", "video-converter", "picture size and frame rate",
                describe, validate, contribute)
