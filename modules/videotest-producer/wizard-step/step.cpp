// The videotest-producer's wizard step: a test picture of a size.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) {
  s.field("pattern", "pattern", FLU_FIELD_CHOICE, "ball");
  for (const char *p : {"ball", "smpte", "snow", "black", "checkers-8"})
    s.choice("pattern", p);
  flu::sdk::wizard::size_fields(s, 320, 240);
  flu::sdk::wizard::framerate_field(s, 25);
}

void contribute(Step &s) {
  s.property("pattern", s.value("pattern"));
  flu::sdk::wizard::contribute_picture(s);
  s.feeder("default", "video");
}

} // namespace

FLU_WIZARD_STEP("videotest-producer", "source", "a test picture", describe,
                flu::sdk::wizard::detail::nothing, contribute)
