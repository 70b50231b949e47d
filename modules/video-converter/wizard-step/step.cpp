// The video-converter's wizard step: the size and frame rate of the
// picture the video encoder gets (Flumotion's wizard asked them in its
// encoding step). The wizard puts it between the source's video and the
// video encoder.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) {
  s.field("width", "width", FLU_FIELD_INT, "640");
  s.range("width", 16, 4096);
  s.field("height", "height", FLU_FIELD_INT, "360");
  s.range("height", 16, 4096);
  s.field("framerate", "frames per second", FLU_FIELD_INT, "25");
  s.range("framerate", 1, 120);
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
  s.property("width", s.value("width"));
  s.property("height", s.value("height"));
  s.property("framerate", s.value("framerate") + "/1");
  s.feeder("default", "video");
}

} // namespace

FLU_WIZARD_STEP("video-converter", "video-converter", "picture size and frame rate",
                describe, validate, contribute)
