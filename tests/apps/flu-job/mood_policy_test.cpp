// The rules of a job's mood, with made-up times and no process: waking until
// the pipeline plays, hungry after the hungry timeout without data on an
// eater, happy again when data comes, sad for good after an error.
#include "mood_policy.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

using flu::Mood;
using flu::job::MoodPolicy;

namespace {

constexpr int64_t start = 1'000'000; // any steady-clock time
constexpr int64_t timeout = 2'000;   // hungry_timeout_ms

// What an event reported, as text so that a failure shows both sides.
std::string said(std::optional<Mood> mood) { return mood ? to_string(*mood) : "nothing"; }
std::string changed(Mood mood) { return to_string(mood); }
const std::string unchanged = "nothing";
std::string now(const MoodPolicy &policy) { return to_string(policy.mood()); }

} // namespace

BOOST_AUTO_TEST_CASE(waking_until_the_pipeline_plays_then_happy) {
  MoodPolicy policy;
  BOOST_TEST(now(policy) == "unknown");
  BOOST_TEST(said(policy.configured(start, timeout)) == changed(Mood::waking));
  // No eaters: nothing to be hungry for, but not happy before playing.
  BOOST_TEST(said(policy.tick(start + 10 * timeout, {})) == unchanged);
  BOOST_TEST(now(policy) == "waking");
  BOOST_TEST(said(policy.playing(start + 10 * timeout, {})) == changed(Mood::happy));
  // Reported once: the next look changes nothing.
  BOOST_TEST(said(policy.tick(start + 11 * timeout, {})) == unchanged);
  BOOST_TEST(now(policy) == "happy");
}

BOOST_AUTO_TEST_CASE(an_eater_that_never_had_data_is_hungry_after_the_timeout) {
  MoodPolicy policy;
  policy.configured(start, timeout);
  BOOST_TEST(said(policy.playing(start + 100, {0})) == changed(Mood::happy));
  // Counted from the start: not yet at the timeout, then just past it.
  BOOST_TEST(said(policy.tick(start + timeout, {0})) == unchanged);
  BOOST_TEST(said(policy.tick(start + timeout + 1, {0})) == changed(Mood::hungry));
  BOOST_TEST(now(policy) == "hungry");
}

BOOST_AUTO_TEST_CASE(hungry_without_data_and_happy_again_when_it_comes) {
  MoodPolicy policy;
  policy.configured(start, timeout);
  const int64_t fed = start + 500;
  BOOST_TEST(said(policy.playing(fed, {fed, fed})) == changed(Mood::happy));
  // The second eater's data stops; the first one's keeps coming.
  const int64_t later = fed + timeout + 1;
  BOOST_TEST(said(policy.tick(later, {later, fed})) == changed(Mood::hungry));
  BOOST_TEST(said(policy.tick(later + 500, {later + 500, fed})) == unchanged);
  // Data again on the second eater.
  BOOST_TEST(said(policy.tick(later + 600, {later + 600, later + 550})) ==
             changed(Mood::happy));
  BOOST_TEST(now(policy) == "happy");
}

BOOST_AUTO_TEST_CASE(hungry_before_playing_stays_hungry_until_it_plays) {
  MoodPolicy policy;
  policy.configured(start, timeout);
  BOOST_TEST(said(policy.tick(start + timeout + 1, {0})) == changed(Mood::hungry));
  // Data, but no PLAYING yet: neither rule holds, the mood stays.
  BOOST_TEST(said(policy.tick(start + timeout + 2, {start + timeout + 2})) == unchanged);
  BOOST_TEST(now(policy) == "hungry");
  BOOST_TEST(said(policy.playing(start + timeout + 3, {start + timeout + 2})) ==
             changed(Mood::happy));
}

BOOST_AUTO_TEST_CASE(an_error_makes_it_sad_for_good) {
  MoodPolicy policy;
  policy.configured(start, timeout);
  policy.playing(start + 1, {start + 1});
  BOOST_TEST(said(policy.error()) == changed(Mood::sad));
  BOOST_TEST(said(policy.error()) == unchanged); // a second error: reported once
  // Neither starving nor fed eaters, nor playing, change a sad mood.
  BOOST_TEST(said(policy.tick(start + 10 * timeout, {0})) == unchanged);
  BOOST_TEST(said(policy.tick(start + 10 * timeout, {start + 10 * timeout})) ==
             unchanged);
  BOOST_TEST(said(policy.playing(start + 10 * timeout, {})) == unchanged);
  BOOST_TEST(now(policy) == "sad");
}

BOOST_AUTO_TEST_CASE(an_error_while_waking_is_sad_too) {
  MoodPolicy policy;
  policy.configured(start, timeout);
  BOOST_TEST(said(policy.error()) == changed(Mood::sad));
  BOOST_TEST(said(policy.tick(start + 1, {})) == unchanged);
  BOOST_TEST(now(policy) == "sad");
}

BOOST_AUTO_TEST_CASE(a_bouncer_is_happy_once_it_serves) {
  MoodPolicy policy;
  BOOST_TEST(said(policy.configured(start, timeout)) == changed(Mood::waking));
  BOOST_TEST(said(policy.serving()) == changed(Mood::happy));
  BOOST_TEST(said(policy.serving()) == unchanged);
}

BOOST_AUTO_TEST_CASE(a_component_waiting_for_its_source_is_hungry_until_it_is_back) {
  MoodPolicy policy;
  policy.configured(start, timeout);
  BOOST_TEST(said(policy.playing(start + 100, {})) == changed(Mood::happy));
  // The source went away: hungry at once, and ticks keep it so.
  BOOST_TEST(said(policy.component_hungry(true, start + 200, {})) ==
             changed(Mood::hungry));
  BOOST_TEST(said(policy.tick(start + 10 * timeout, {})) == unchanged);
  BOOST_TEST(now(policy) == "hungry");
  // Back: happy, the pipeline plays.
  BOOST_TEST(said(policy.component_hungry(false, start + 11 * timeout, {})) ==
             changed(Mood::happy));
}

BOOST_AUTO_TEST_CASE(a_component_fed_again_stays_hungry_while_an_eater_starves) {
  MoodPolicy policy;
  policy.configured(start, timeout);
  const int64_t fed = start + 500;
  policy.playing(fed, {fed});
  policy.component_hungry(true, fed + 100, {fed + 100});
  const int64_t later = fed + timeout + 1;
  BOOST_TEST(said(policy.component_hungry(false, later, {fed})) == unchanged);
  BOOST_TEST(now(policy) == "hungry");
}

BOOST_AUTO_TEST_CASE(hungry_before_playing_goes_back_to_waking_when_cleared) {
  MoodPolicy policy;
  policy.configured(start, timeout);
  BOOST_TEST(said(policy.component_hungry(true, start + 100, {})) ==
             changed(Mood::hungry));
  BOOST_TEST(said(policy.component_hungry(false, start + 200, {})) ==
             changed(Mood::waking));
  BOOST_TEST(said(policy.playing(start + 300, {})) == changed(Mood::happy));
}

BOOST_AUTO_TEST_CASE(a_sad_component_stays_sad_whatever_it_says) {
  MoodPolicy policy;
  policy.configured(start, timeout);
  policy.error();
  BOOST_TEST(said(policy.component_hungry(true, start + 100, {})) == unchanged);
  BOOST_TEST(said(policy.component_hungry(false, start + 200, {})) == unchanged);
  BOOST_TEST(now(policy) == "sad");
}
