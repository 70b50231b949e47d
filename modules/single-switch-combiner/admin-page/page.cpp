// The page of the switch and watchdog combiners: which feed is on air and
// why, and keys to switch (the switcher's switch-to-master/-backup).
#include <flu/sdk/admin_page.hpp>

namespace {

void draw(flu::sdk::admin::Page &page) {
  page.heading("On air");
  const std::string active = page.ui("active-eater").value_or("");
  page.value("active feed", active.empty() ? "(not yet)" : active);
  page.value("why", page.ui("switch-reason").value_or("-"));
  page.value("switches", page.ui("switches").value_or("0"));
  if (auto schedule = page.property("schedule"))
    page.value("schedule", *schedule);
  page.key('m', "switch to master", "switch-to-master");
  page.key('b', "switch to backup", "switch-to-backup");
}

} // namespace

FLU_ADMIN_PAGE(draw, "single-switch-combiner", "av-switch-combiner",
               "single-basic-watchdog-combiner", "av-basic-watchdog-combiner")
