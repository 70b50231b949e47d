// The rules that decide a job's mood, apart from any process or pipeline so
// that they can be tested alone: the job feeds them what happened (it
// started, the pipeline plays, a tick of the clock with the time of each
// eater's last buffer, a note) and reports the mood each call returns.
//
//   waking   from the start, until the pipeline plays
//   hungry   an eater has had no buffer for hungry_timeout_ms (counted from
//            the start when it never had one), or the component said it
//            waits for something outside itself (ABI 1.5 flu_host::hungry)
//   happy    the pipeline plays and every eater is fed (a bouncer: once up)
//   sad      after an error note; sad components stay sad (Flumotion's rule)
#pragma once

#include "mood/mood.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace flu::job {

class MoodPolicy {
public:
  // Each call returns the new mood when it changed, nullopt otherwise.

  // The component starts (its configuration arrived): waking.
  std::optional<Mood> configured(int64_t now_ms, int32_t hungry_timeout_ms);
  // The pipeline reached PLAYING for the first time.
  std::optional<Mood> playing(int64_t now_ms, const std::vector<int64_t> &last_buffer_ms);
  // The clock ticks; last_buffer_ms holds each eater's last buffer time on
  // the same steady clock as now_ms (0: none yet).
  std::optional<Mood> tick(int64_t now_ms, const std::vector<int64_t> &last_buffer_ms);
  // The component says it waits for its source (true) or no longer does
  // (false): hungry while it waits; once it no longer does, what the rest
  // says (happy when the pipeline plays and the eaters are fed, waking
  // before the pipeline first played).
  std::optional<Mood> component_hungry(bool hungry, int64_t now_ms,
                                       const std::vector<int64_t> &last_buffer_ms);
  // The component (or the job for it) noted an error: sad, for good.
  std::optional<Mood> error();
  // A job with no pipeline (a bouncer) is happy once it serves.
  std::optional<Mood> serving();

  Mood mood() const { return mood_; }

private:
  std::optional<Mood> become(Mood mood);
  bool starving(int64_t now_ms, const std::vector<int64_t> &last_buffer_ms) const;

  Mood mood_ = Mood::unknown;
  bool playing_ = false;
  bool component_hungry_ = false;
  int64_t started_ms_ = 0;
  int32_t hungry_timeout_ms_ = 0;
};

} // namespace flu::job
