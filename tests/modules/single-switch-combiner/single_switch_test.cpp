// single-switch-combiner in a real flu-job: an operator's invoke takes the
// blue backup instead of the red master, the UI state says which streams
// and why, the output decodes whole; a schedule that is not iCalendar is
// refused naming its file. Fed raw audio it meters it; fed video it does not.
#define BOOST_TEST_MODULE single_switch_combiner
#include "../standalone_job.hpp"

using namespace flu::modules::test;

namespace {

std::string picture(const std::string &pattern) {
  return "videotestsrc is-live=true pattern=" + pattern +
         " ! video/x-raw,width=160,height=120,framerate=25/1 ! gdppay ! gdpdepay";
}

std::vector<std::string> single_switch(const std::string &file) {
  return {
      "--type",
      "single-switch-combiner",
      "--eater",
      "master=" + picture("red"),
      "--eater",
      "backup=" + picture("blue"),
      "--feeder",
      file_feeder("videoconvert ! vp8enc deadline=1 ! webmmux streamable=true", file)};
}

uint64_t size_of(const std::string &file) {
  std::error_code ignored;
  return std::filesystem::exists(file) ? std::filesystem::file_size(file, ignored) : 0;
}

} // namespace

BOOST_AUTO_TEST_CASE(invoke_switches_to_the_backup_and_back) {
  ScratchDir dir;
  const std::string file = dir / "out.webm";
  StandaloneJob job(dir, single_switch(file));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return size_of(file) > 1000; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.ui("active-eater") == "master");
  job.command("invoke switch-to-backup");
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return job.ui("active-eater") == "backup"; }, 10s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.ui("switch-reason") == "an operator asked for it");
  BOOST_TEST(contains(job.output(), "Switched to backup: an operator asked for it."));
  uint64_t at = size_of(file);
  BOOST_TEST_REQUIRE(job.wait_until([&] { return size_of(file) > at + 1000; }, 10s));
  job.command("invoke switch-to nowhere");
  job.command("invoke switch-to master");
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return job.ui("active-eater") == "master"; }, 10s));
  BOOST_TEST(contains(job.output(), "no logical feed 'nowhere' (master or backup)"));
  BOOST_TEST(job.ui("switches") == "2");
  at = size_of(file);
  BOOST_TEST_REQUIRE(job.wait_until([&] { return size_of(file) > at + 1000; }, 10s));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(run("ffmpeg -v error -nostdin -i " + file + " -f null - 2>&1").empty());
}

BOOST_AUTO_TEST_CASE(a_schedule_that_is_no_calendar_is_refused_naming_it) {
  ScratchDir dir;
  const std::string ics = dir / "bad.ics";
  std::ofstream(ics) << "this is not a calendar\n";
  auto args = single_switch("/dev/null");
  args.insert(args.end(), {"--property", "ical-schedule=" + ics});
  expect_refused(args, ics + ": not an iCalendar file");
}

BOOST_AUTO_TEST_CASE(fed_a_tone_its_level_meter_shows_it) {
  expect_level_meter_shows_the_tone(
      "single-switch-combiner",
      {"--eater", "master=" + raw_audio_feed, "--eater", "backup=" + raw_audio_feed});
}

BOOST_AUTO_TEST_CASE(fed_video_it_has_no_level_meter) {
  expect_no_level_meter_on_video("single-switch-combiner",
                                 {"--eater", "master=" + small_video_feed("red"),
                                  "--eater", "backup=" + small_video_feed("blue")});
}
