// The audiotest-producer's wizard step: a test tone.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) {
  s.field("frequency", "frequency (Hz)", FLU_FIELD_INT, "440");
  s.range("frequency", 20, 20000);
  s.field("wave", "wave", FLU_FIELD_CHOICE, "sine");
  for (const char *w : {"sine", "square", "saw", "triangle", "silence", "white-noise"})
    s.choice("wave", w);
}

void contribute(Step &s) {
  s.property("frequency", s.value("frequency"));
  s.property("wave", s.value("wave"));
  s.feeder("default", "audio");
}

} // namespace

FLU_WIZARD_STEP("audiotest-producer", "source", "a test tone", describe,
                flu::sdk::wizard::detail::nothing, contribute)
