// Flumotion playlist XML (playlist-producer): refused naming a line, or
// entries that make sense: a start inside the years accepted that prints
// and parses back the same, a positive duration, an offset not negative,
// a line inside the document; and what they arrange into is sorted, with
// no overlap and no empty slot.
#include "../fuzz_target.hpp"

#include "playlist_file.hpp"
#include "timetable.hpp"

#include <algorithm>

using namespace flu::modules::playlist;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const auto text = flu::fuzz::bytes(data, size);
  // The time parser alone, on short inputs.
  if (size < 64) {
    try {
      const int64_t t = parse_time(std::string(text));
      FUZZ_CHECK(parse_time(format_time(t)) == t);
    } catch (const std::invalid_argument &) {
    }
  }
  Parsed parsed;
  try {
    parsed = parse(text, "fuzz.xml", "/base");
  } catch (const ParseError &e) {
    FUZZ_CHECK(std::string_view(e.what()).find("fuzz.xml' line ") !=
               std::string_view::npos);
    return 0;
  }
  const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  std::vector<Slot> slots;
  for (const Entry &e : parsed.entries) {
    FUZZ_CHECK(!e.location.empty());
    FUZZ_CHECK(e.line >= 1 && e.line <= lines);
    FUZZ_CHECK(e.offset_ns >= 0);
    FUZZ_CHECK(!e.duration_ns || *e.duration_ns > 0);
    FUZZ_CHECK(parse_time(format_time(e.start_ns)) == e.start_ns);
    slots.push_back(
        {e.start_ns, e.start_ns + e.duration_ns.value_or(60'000'000'000), slots.size()});
  }
  for (const std::string &w : parsed.warnings)
    FUZZ_CHECK(w.find("entry skipped") != std::string::npos);
  const std::vector<Slot> arranged = arrange(slots);
  for (size_t i = 0; i < arranged.size(); ++i) {
    FUZZ_CHECK(arranged[i].start_ns < arranged[i].end_ns);
    FUZZ_CHECK(arranged[i].index < slots.size());
    if (i > 0)
      FUZZ_CHECK(arranged[i - 1].end_ns <= arranged[i].start_ns);
  }
  return 0;
}
