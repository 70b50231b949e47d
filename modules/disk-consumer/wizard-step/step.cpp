// The disk-consumer's wizard step: the directory to record into (refused
// when the worker's `directory` check cannot write there) and how often a
// new file begins.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) {
  flu::sdk::wizard::directory_field(s, "/var/lib/flu/archive", "directory");
  s.field("rotate", "a new file every", FLU_FIELD_CHOICE, "none");
  s.choice("rotate", "none", "one file");
  s.choice("rotate", "3600", "hour");
  s.choice("rotate", "86400", "day");
}

void contribute(Step &s) {
  s.property("directory", s.value("directory"));
  if (s.value("rotate") == "none") {
    s.property("rotate-type", "none");
  } else {
    s.property("rotate-type", "time");
    s.property("time", s.value("rotate"));
  }
}

} // namespace

FLU_WIZARD_STEP("disk-consumer", "consumer", "a disk archive", describe,
                flu::sdk::wizard::detail::nothing, contribute)
