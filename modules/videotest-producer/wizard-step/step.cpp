// The videotest-producer's wizard step: a test picture of a size.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) {
  s.field("pattern", "pattern", FLU_FIELD_CHOICE, "ball");
  for (const char *p : {"ball", "smpte", "snow", "black", "checkers-8"})
    s.choice("pattern", p);
  s.field("width", "width", FLU_FIELD_INT, "320");
  s.range("width", 16, 4096);
  s.field("height", "height", FLU_FIELD_INT, "240");
  s.range("height", 16, 4096);
  s.field("framerate", "frames per second", FLU_FIELD_INT, "25");
  s.range("framerate", 1, 120);
}

void contribute(Step &s) {
  s.property("pattern", s.value("pattern"));
  s.property("width", s.value("width"));
  s.property("height", s.value("height"));
  s.property("framerate", s.value("framerate") + "/1");
  s.feeder("default", "video");
}

} // namespace

FLU_WIZARD_STEP("videotest-producer", "source", "a test picture", describe,
                flu::sdk::wizard::detail::nothing, contribute)
