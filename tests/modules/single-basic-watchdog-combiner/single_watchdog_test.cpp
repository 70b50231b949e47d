// single-basic-watchdog-combiner in a real flu-job: it passes what it gets,
// so it learns from the caps whether to meter it. Fed raw audio, its level
// meter shows the tone; fed video, it has none. (Its switching is shown with
// viewers in tests/e2e/failover.)
#define BOOST_TEST_MODULE single_basic_watchdog_combiner
#include "../standalone_job.hpp"

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(fed_a_tone_its_level_meter_shows_it) {
  expect_level_meter_shows_the_tone(
      "single-basic-watchdog-combiner",
      {"--eater", "master=" + raw_audio_feed, "--eater", "backup=" + raw_audio_feed});
}

BOOST_AUTO_TEST_CASE(fed_video_it_has_no_level_meter) {
  expect_no_level_meter_on_video("single-basic-watchdog-combiner",
                                 {"--eater", "master=" + small_video_feed("red"),
                                  "--eater", "backup=" + small_video_feed("blue")});
}
