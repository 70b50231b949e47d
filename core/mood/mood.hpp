// Moods, Flumotion's words for a component's health, as the manager decides
// and shows them. sleeping → waking → happy; hungry while an eater gets no
// data; sad after an error (it stays sad until an operator stops it); lost
// when the manager loses contact with the component's worker.
#pragma once

#include <cstdint>
#include <string>

namespace flu {

enum class Mood : uint8_t { unknown = 0, happy, hungry, waking, sleeping, lost, sad };

const char *to_string(Mood mood);
Mood mood_from_string(const std::string &name); // unknown if not a mood

} // namespace flu
