// A wizard step of a type no console knows: shipped by a bundle, it is
// offered because the manager lists it, never because tui/ names it.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) { s.field("note", "note", FLU_FIELD_TEXT, "hello"); }

void contribute(Step &s) {
  s.property("note", s.value("note"));
  s.feeder("default", "audio");
}

} // namespace

FLU_WIZARD_STEP("wizard-test-source", "source", "a source only a test ships", describe,
                flu::sdk::wizard::detail::nothing, contribute)
