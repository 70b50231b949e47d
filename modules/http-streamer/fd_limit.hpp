// File descriptors are the streamer's client limit: one per viewer.
#pragma once

#include <cstdint>

namespace flu::http_streamer {

// Raises the soft RLIMIT_NOFILE to the hard limit (as Flumotion did) and
// returns the soft limit now in force.
uint64_t raise_fd_limit();

// Descriptors kept for everything that is not a viewer (Flumotion kept 50).
inline constexpr uint64_t kReservedFds = 50;

} // namespace flu::http_streamer
