// The rules of a job's mood (see mood_policy.hpp).
#include "mood_policy.hpp"

namespace flu::job {

std::optional<Mood> MoodPolicy::become(Mood mood) {
  if (mood == mood_)
    return std::nullopt;
  mood_ = mood;
  return mood;
}

bool MoodPolicy::starving(int64_t now_ms,
                          const std::vector<int64_t> &last_buffer_ms) const {
  for (const int64_t last : last_buffer_ms)
    if (now_ms - (last ? last : started_ms_) > hungry_timeout_ms_)
      return true;
  return false;
}

std::optional<Mood> MoodPolicy::configured(int64_t now_ms, int32_t hungry_timeout_ms) {
  started_ms_ = now_ms;
  hungry_timeout_ms_ = hungry_timeout_ms;
  return become(Mood::waking);
}

std::optional<Mood> MoodPolicy::playing(int64_t now_ms,
                                        const std::vector<int64_t> &last_buffer_ms) {
  playing_ = true;
  return tick(now_ms, last_buffer_ms);
}

std::optional<Mood> MoodPolicy::tick(int64_t now_ms,
                                     const std::vector<int64_t> &last_buffer_ms) {
  if (mood_ == Mood::sad)
    return std::nullopt;
  if (starving(now_ms, last_buffer_ms) || component_hungry_)
    return become(Mood::hungry);
  if (playing_)
    return become(Mood::happy);
  // Not playing yet and nothing starves: the mood stays what it was.
  return std::nullopt;
}

std::optional<Mood>
MoodPolicy::component_hungry(bool hungry, int64_t now_ms,
                             const std::vector<int64_t> &last_buffer_ms) {
  component_hungry_ = hungry;
  if (mood_ == Mood::sad)
    return std::nullopt;
  if (!hungry && !playing_ && mood_ == Mood::hungry && !starving(now_ms, last_buffer_ms))
    return become(Mood::waking); // fed again before the pipeline first played
  return tick(now_ms, last_buffer_ms);
}

std::optional<Mood> MoodPolicy::error() { return become(Mood::sad); }

std::optional<Mood> MoodPolicy::serving() { return become(Mood::happy); }

} // namespace flu::job
