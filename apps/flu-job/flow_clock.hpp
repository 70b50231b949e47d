// The flow clock: every job of a flow runs its pipeline on the same clock
// (the system's realtime clock) from the same base time, which the manager
// keeps for the flow, so that timestamps from different processes (audio
// and video into one muxer, on one machine or several) line up.
#pragma once

#include <gst/gst.h>

#include <cstdint>

namespace flu::job {

// Puts the pipeline on the flow clock; base_time_ns 0 (no flow clock) leaves
// it on its own.
void use_flow_clock(GstElement *pipeline, uint64_t base_time_ns);

} // namespace flu::job
