#include "mood/mood.hpp"

namespace flu {

const char *to_string(Mood mood) {
  switch (mood) {
  case Mood::happy:
    return "happy";
  case Mood::hungry:
    return "hungry";
  case Mood::waking:
    return "waking";
  case Mood::sleeping:
    return "sleeping";
  case Mood::lost:
    return "lost";
  case Mood::sad:
    return "sad";
  case Mood::unknown:
    break;
  }
  return "unknown";
}

Mood mood_from_string(const std::string &name) {
  for (Mood m :
       {Mood::happy, Mood::hungry, Mood::waking, Mood::sleeping, Mood::lost, Mood::sad})
    if (name == to_string(m))
      return m;
  return Mood::unknown;
}

} // namespace flu
