// The order items play in: what a schedule of possibly overlapping entries
// becomes. No GStreamer here (the fuzz target checks it with the parser).
//
// As in Flumotion, where a playlist added in time order cut the item before
// each new one short: sorted by start, an item that runs into the next one's
// start ends there; of two with the same start, the later listed wins. An
// item left with no time is dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace flu::modules::playlist {

struct Slot {
  int64_t start_ns = 0; // since the Unix epoch
  int64_t end_ns = 0;   // exclusive
  size_t index = 0;     // the caller's: which entry this is
};

// Sorted by start, none overlapping, none empty.
std::vector<Slot> arrange(std::vector<Slot> slots);

} // namespace flu::modules::playlist
