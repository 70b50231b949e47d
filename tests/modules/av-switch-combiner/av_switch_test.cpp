// av-switch-combiner in a real flu-job, driven by its iCalendar schedule: an
// event written to start two seconds ahead takes the backup pair when it
// begins and gives the master pair back when it ends, the UI state naming
// the event each time; the raw audio going out has its level meter.
#define BOOST_TEST_MODULE av_switch_combiner
#include "../standalone_job.hpp"
#include "ical_event.hpp"

#include <ctime>
#include <fstream>

using namespace flu::modules::test;

namespace {

std::string video(const std::string &pattern) {
  return "videotestsrc is-live=true pattern=" + pattern +
         " ! video/x-raw,width=160,height=120,framerate=25/1 ! gdppay ! gdpdepay";
}
const std::string audio =
    "audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! gdppay ! gdpdepay";

void write_schedule(const std::string &file, int64_t start, int64_t end) {
  std::ofstream(file) << flu::test::one_event_calendar("news@flu.test", "news", start,
                                                       end);
}

} // namespace

BOOST_AUTO_TEST_CASE(schedule_takes_the_backup_pair_during_its_event) {
  ScratchDir dir;
  const std::string ics = dir / "schedule.ics";
  const int64_t start = std::time(nullptr) + 2, end = start + 2;
  write_schedule(ics, start, end);
  StandaloneJob job(dir,
                    {"--type", "av-switch-combiner", "--property", "ical-schedule=" + ics,
                     "--eater", "video-master=" + video("red"), "--eater",
                     "video-backup=" + video("blue"), "--eater", "audio-master=" + audio,
                     "--eater", "audio-backup=" + audio, "--feeder", "video=fakesink",
                     "--feeder", "audio=fakesink"});
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return job.ui("active-eater") == "master"; }, 20s),
      FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return job.ui("active-eater") == "backup"; }, 10s),
      FLU_LATER(job.output()));
  BOOST_TEST(std::time(nullptr) >= start, "switched before the event began");
  BOOST_TEST(contains(job.ui("switch-reason"), "'news' began"), job.ui("switch-reason"));
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return job.ui("active-eater") == "master"; }, 10s),
      FLU_LATER(job.output()));
  BOOST_TEST(std::time(nullptr) >= end, "switched back before the event ended");
  BOOST_TEST(contains(job.ui("switch-reason"), "'news' ended"), job.ui("switch-reason"));
  BOOST_TEST(!job.ui("level:audio:peak").empty(), FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}
