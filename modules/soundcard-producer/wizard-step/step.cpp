// The soundcard-producer's wizard step: a sound card of the worker, as its
// `devices` check finds them (GStreamer's device monitor), and how many
// channels.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) {
  s.field("source", "sound card", FLU_FIELD_CHOICE);
  // Columns: name, element, device, class. The value is the device
  // (column 2), shown with its name; its element comes with it.
  s.choices_from_check("source", "devices", {}, 2, 0, 2);
  s.field("channels", "channels", FLU_FIELD_INT, "2");
  s.range("channels", 1, 8);
}

void contribute(Step &s) {
  s.property("source-element", s.value("source:element"));
  s.property("device", s.value("source"));
  s.property("channels", s.value("channels"));
  s.feeder("default", "audio");
}

} // namespace

FLU_WIZARD_STEP("soundcard-producer", "source", "a sound card", describe,
                flu::sdk::wizard::detail::nothing, contribute)
