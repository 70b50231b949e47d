// timetable: see timetable.hpp.
#include "timetable.hpp"

#include <algorithm>

namespace flu::modules::playlist {

std::vector<Slot> arrange(std::vector<Slot> slots) {
  std::stable_sort(slots.begin(), slots.end(),
                   [](const Slot &a, const Slot &b) { return a.start_ns < b.start_ns; });
  for (size_t i = 0; i + 1 < slots.size(); ++i)
    slots[i].end_ns = std::min(slots[i].end_ns, slots[i + 1].start_ns);
  std::erase_if(slots, [](const Slot &s) { return s.end_ns <= s.start_ns; });
  return slots;
}

} // namespace flu::modules::playlist
