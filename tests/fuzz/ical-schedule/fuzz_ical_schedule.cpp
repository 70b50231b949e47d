// iCalendar schedules (<flu/sdk/schedule.hpp>), as operators write them for
// the disk-consumer and the switch combiners. A calendar that parses
// answers active() and next_change(), and a change is a real change.
#include "../fuzz_target.hpp"

#include <flu/sdk/schedule.hpp>

#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  try {
    const auto schedule =
        flu::sdk::Schedule::parse(flu::fuzz::bytes(data, size), "fuzz.ics");
    FUZZ_CHECK(schedule.event_count() > 0);
    const int64_t now = 1796637600; // 2026-12-07 10:00 UTC
    const auto on = schedule.active(now);
    if (const auto change = schedule.next_change(now)) {
      FUZZ_CHECK(*change > now);
      FUZZ_CHECK(schedule.active(*change) != on);
    }
  } catch (const std::runtime_error &) {
  }
  return 0;
}
