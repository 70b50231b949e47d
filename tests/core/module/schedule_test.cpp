// flu::sdk::Schedule over calendars written here, with times checked by
// hand: a single event, a weekly rule with an exception, a TZID, and the
// files an operator gets wrong.
#define BOOST_TEST_MODULE test - sdk - helpers
#include <flu/sdk/schedule.hpp>

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

using flu::sdk::Schedule;

namespace {

std::string calendar(const std::string &events) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//flu//test//EN\r\n" + events +
         "END:VCALENDAR\r\n";
}

// 2026-12-07 10:00:00 UTC, a Monday.
constexpr int64_t monday_10 = 1796637600;

void refused(const std::string &text, const std::string &expected) {
  try {
    Schedule::parse(text, "rec.ics");
  } catch (const std::runtime_error &e) {
    const std::string what = e.what();
    BOOST_TEST_INFO(what);
    BOOST_TEST(what.find("rec.ics") != std::string::npos);
    BOOST_TEST(what.find(expected) != std::string::npos);
    return;
  }
  BOOST_FAIL("accepted: " + text);
}

} // namespace

BOOST_AUTO_TEST_CASE(one_event_is_on_from_start_until_end) {
  const Schedule s = Schedule::parse(
      calendar("BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:news\r\n"
               "DTSTART:20261207T100000Z\r\nDTEND:20261207T103000Z\r\nEND:VEVENT\r\n"),
      "rec.ics");
  BOOST_TEST(s.event_count() == 1u);
  BOOST_TEST(!s.active(monday_10 - 1));
  const auto on = s.active(monday_10);
  BOOST_REQUIRE(on);
  BOOST_TEST(on->start == monday_10);
  BOOST_TEST(on->end == monday_10 + 1800);
  BOOST_TEST(on->summary == "news");
  BOOST_TEST(s.active(monday_10 + 1799).has_value());
  BOOST_TEST(!s.active(monday_10 + 1800));
  BOOST_TEST(s.next_change(monday_10 - 3600).value_or(-1) == monday_10);
  BOOST_TEST(s.next_change(monday_10).value_or(-1) == monday_10 + 1800);
  BOOST_TEST(!s.next_change(monday_10 + 1800));
}

BOOST_AUTO_TEST_CASE(a_weekly_rule_repeats_and_skips_its_exceptions) {
  const Schedule s = Schedule::parse(
      calendar("BEGIN:VEVENT\r\nUID:b\r\nSUMMARY:show\r\n"
               "DTSTART:20261207T100000Z\r\nDURATION:PT1H\r\n"
               "RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE:20261214T100000Z\r\nEND:VEVENT\r\n"),
      "rec.ics");
  const int64_t week = 7 * 24 * 3600;
  BOOST_TEST(s.active(monday_10 + 60).has_value());
  BOOST_TEST(!s.active(monday_10 + week + 60)); // the exception
  BOOST_TEST(s.active(monday_10 + 2 * week + 60).has_value());
  BOOST_TEST(s.active(monday_10 + 3 * week + 60).has_value());
  BOOST_TEST(!s.active(monday_10 + 4 * week + 60)); // COUNT=4 with one excluded
  BOOST_TEST(s.next_change(monday_10 + 3600).value_or(-1) == monday_10 + 2 * week);
}

BOOST_AUTO_TEST_CASE(a_tzid_time_is_read_in_its_zone) {
  // 11:00 in Madrid in December is 10:00 UTC.
  const Schedule s = Schedule::parse(
      calendar("BEGIN:VEVENT\r\nUID:c\r\nDTSTART;TZID=Europe/Madrid:20261207T110000\r\n"
               "DTEND;TZID=Europe/Madrid:20261207T120000\r\nEND:VEVENT\r\n"),
      "rec.ics");
  const auto on = s.active(monday_10);
  BOOST_REQUIRE(on);
  BOOST_TEST(on->start == monday_10);
  BOOST_TEST(on->summary == "no SUMMARY");
}

BOOST_AUTO_TEST_CASE(back_to_back_events_are_a_change) {
  const Schedule s = Schedule::parse(
      calendar("BEGIN:VEVENT\r\nUID:d\r\nSUMMARY:one\r\nDTSTART:20261207T100000Z\r\n"
               "DTEND:20261207T101000Z\r\nEND:VEVENT\r\n"
               "BEGIN:VEVENT\r\nUID:e\r\nSUMMARY:two\r\nDTSTART:20261207T101000Z\r\n"
               "DTEND:20261207T102000Z\r\nEND:VEVENT\r\n"),
      "rec.ics");
  BOOST_TEST(s.next_change(monday_10).value_or(-1) == monday_10 + 600);
  BOOST_TEST(s.active(monday_10 + 600)->summary == "two");
  BOOST_TEST(s.next_change(monday_10 + 600).value_or(-1) == monday_10 + 1200);
}

BOOST_AUTO_TEST_CASE(bad_calendars_are_refused_naming_the_file_and_the_fault) {
  refused("", "not an iCalendar file");
  refused("hello\r\n", "not an iCalendar file");
  refused(calendar(""), "no VEVENT");
  refused(calendar("BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:late\r\nDTEND:20261207T100000Z\r\n"
                   "END:VEVENT\r\n"),
          "event 1 (late) has no DTSTART");
  refused(calendar("BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261207T100000Z\r\nEND:VEVENT\r\n"),
          "neither DTEND nor DURATION");
  refused(calendar("BEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261207T1000\r\n"
                   "DTEND:20261207T100000Z\r\nEND:VEVENT\r\n"),
          "VEVENT");
}

BOOST_AUTO_TEST_CASE(a_missing_file_is_named) {
  try {
    Schedule::load("/nonexistent/rec.ics");
    BOOST_FAIL("loaded a missing file");
  } catch (const std::runtime_error &e) {
    BOOST_TEST(std::string(e.what()).find("/nonexistent/rec.ics") != std::string::npos);
  }
}
