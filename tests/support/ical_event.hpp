// One-event iCalendar schedules for the tests of components an operator
// schedules (the switch combiners, disk-consumer).
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace flu::test {

// An iCalendar date-time in UTC.
inline std::string ical_time(int64_t unix_seconds) {
  const std::time_t t = unix_seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
  return text;
}

// A calendar of one event, `summary`, from `start` to `end` (Unix seconds).
inline std::string one_event_calendar(const std::string &uid, const std::string &summary,
                                      int64_t start, int64_t end) {
  return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//flu//test//EN\r\n"
         "BEGIN:VEVENT\r\nUID:" +
         uid + "\r\nDTSTAMP:" + ical_time(start) + "\r\nDTSTART:" + ical_time(start) +
         "\r\nDTEND:" + ical_time(end) + "\r\nSUMMARY:" + summary +
         "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

} // namespace flu::test
