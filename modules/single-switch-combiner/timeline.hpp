// One timeline out of several feeds. Each branch into a selector comes from
// another producer job, which may die and come back with a new segment, a
// flush (the eater's reconnect) or an end of stream; the encoder behind the
// combiner must see none of that. A BranchTimeline (on the branch's first
// pad) drops flushes and EOS, turns every buffer's time into running time
// and announces one segment that starts at 0: with the flow clock every job
// shares, that running time is the flow's, so master and backup line up. An
// OutputTimeline (on the selector's source pad) lets through the events
// before the first buffer, later only changed caps, and only buffers that
// do not go back in time.
#pragma once

#include <gst/gst.h>

#include <atomic>
#include <cstdint>

namespace flu::modules {

// Nanoseconds on the steady clock.
int64_t steady_ns();

class BranchTimeline {
public:
  BranchTimeline() = default;
  BranchTimeline(const BranchTimeline &) = delete;
  BranchTimeline &operator=(const BranchTimeline &) = delete;
  ~BranchTimeline() { detach(); }

  void attach(GstPad *pad);
  void detach();
  // steady_ns() of the branch's last buffer; 0 before the first.
  int64_t last_buffer_ns() const { return last_buffer_ns_.load(); }

private:
  static GstPadProbeReturn probe(GstPad *, GstPadProbeInfo *info, gpointer self);
  GstPad *pad_ = nullptr;
  gulong probe_ = 0;
  GstSegment segment_{}; // the producer's, on the streaming thread only
  bool have_segment_ = false;
  std::atomic<int64_t> last_buffer_ns_{0};
};

class OutputTimeline {
public:
  OutputTimeline() = default;
  OutputTimeline(const OutputTimeline &) = delete;
  OutputTimeline &operator=(const OutputTimeline &) = delete;
  ~OutputTimeline() { detach(); }

  void attach(GstPad *pad);
  void detach();
  // Buffers dropped because they went back in time (after a switch).
  uint64_t dropped() const { return dropped_.load(); }

private:
  static GstPadProbeReturn probe(GstPad *, GstPadProbeInfo *info, gpointer self);
  GstPad *pad_ = nullptr;
  gulong probe_ = 0;
  bool flowing_ = false;                   // a buffer went out
  GstClockTime end_ = GST_CLOCK_TIME_NONE; // of the last buffer let through
  std::atomic<uint64_t> dropped_{0};
};

} // namespace flu::modules
