// flu::sdk::Schedule: an iCalendar (RFC 5545) file as times when something
// is on: a recording runs, a switch takes its backup. Flumotion's disker and
// switch took such files ("ical-schedule"); operators make them in any
// calendar program.
//
//   Schedule s = Schedule::load(host.string("ical-schedule"));
//   if (auto span = s.active(now)) ... // on until span->end
//   if (auto t = s.next_change(now)) ... // arm a timer for *t
//
// Every VEVENT is one span or, with RRULE/RDATE/EXDATE, a series of them;
// libical parses the file and expands the rules. An event needs DTSTART and
// DTEND or DURATION: an event of no length could never be on. Times with a
// TZID are read in that zone (a VTIMEZONE of the file, else the system's
// zone of that name); times with neither TZID nor Z are taken as UTC.
//
// Times are Unix seconds. libical keeps global state, so a Schedule is used
// from one thread (the job's main thread). Link Flu::sdk-schedule.
#pragma once

#include <libical/ical.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flu::sdk {

class Schedule {
public:
  struct Span {
    int64_t start = 0; // the event is on from start
    int64_t end = 0;   // until just before end
    std::string summary;
    bool operator==(const Span &) const = default;
  };

  // How far ahead next_change() looks.
  static constexpr int64_t horizon_seconds = 400LL * 24 * 3600;

  // Throws std::runtime_error naming `where` (the file or property) and what
  // is wrong with it.
  static Schedule parse(std::string_view text, const std::string &where) {
    const std::string copy(text); // libical wants NUL-terminated text
    icalcomponent *root = icalparser_parse_string(copy.c_str());
    if (!root)
      throw std::runtime_error(where + ": not an iCalendar file (no BEGIN:VCALENDAR)");
    Schedule schedule;
    schedule.root_.reset(root, Free{});
    if (icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT)
      throw std::runtime_error(where + ": the file must hold one VCALENDAR, it holds " +
                               icalcomponent_kind_to_string(icalcomponent_isa(root)));
    refuse_errors(root, where);
    int index = 0;
    for (icalcomponent *event =
             icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
         event; event = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
      ++index;
      const std::string name =
          where + ": event " + std::to_string(index) + " (" + summary_of(event) + ")";
      if (icaltime_is_null_time(icalcomponent_get_dtstart(event)))
        throw std::runtime_error(name + " has no DTSTART");
      if (!icalcomponent_get_first_property(event, ICAL_DTEND_PROPERTY) &&
          !icalcomponent_get_first_property(event, ICAL_DURATION_PROPERTY))
        throw std::runtime_error(name + " has neither DTEND nor DURATION");
      schedule.events_.push_back(event);
    }
    if (schedule.events_.empty())
      throw std::runtime_error(where + ": the calendar has no VEVENT");
    return schedule;
  }

  static Schedule load(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      throw std::runtime_error(path + ": cannot read the schedule");
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), path);
  }

  size_t event_count() const { return events_.size(); }

  // The event on at `when`; the earliest-starting one when several are.
  std::optional<Span> active(int64_t when) const {
    std::optional<Span> found;
    for (const Span &span : spans(when, when + 1))
      if (span.start <= when && when < span.end && (!found || span.start < found->start))
        found = span;
    return found;
  }

  // The first time after `when` at which active() gives another answer, or
  // nullopt when nothing changes within horizon_seconds.
  std::optional<int64_t> next_change(int64_t when) const {
    std::vector<int64_t> edges;
    for (const Span &span : spans(when, when + horizon_seconds)) {
      if (span.start > when)
        edges.push_back(span.start);
      if (span.end > when)
        edges.push_back(span.end);
    }
    std::sort(edges.begin(), edges.end());
    const std::optional<Span> now = active(when);
    for (int64_t edge : edges)
      if (active(edge) != now)
        return edge;
    return std::nullopt;
  }

private:
  struct Free {
    void operator()(icalcomponent *c) const { icalcomponent_free(c); }
  };

  static std::string summary_of(icalcomponent *event) {
    const char *summary = icalcomponent_get_summary(event);
    return summary && *summary ? summary : "no SUMMARY";
  }

  // libical does not stop at bad input: it keeps going and marks what it
  // could not read with X-LIC-ERROR properties. A schedule half-read would
  // record at the wrong times, so any mark refuses the file.
  static void refuse_errors(icalcomponent *component, const std::string &where) {
    if (icalproperty *p =
            icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY)) {
      const char *what = icalproperty_get_xlicerror(p);
      throw std::runtime_error(
          where + ": " + icalcomponent_kind_to_string(icalcomponent_isa(component)) +
          ": " + (what ? what : "unreadable"));
    }
    for (icalcomponent *child =
             icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT);
         child; child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT))
      refuse_errors(child, where);
  }

  struct Collect {
    std::vector<Span> *out;
    std::string summary;
  };

  static void collect(icalcomponent *, struct icaltime_span *span, void *data) {
    auto *c = static_cast<Collect *>(data);
    c->out->push_back(
        {static_cast<int64_t>(span->start), static_cast<int64_t>(span->end), c->summary});
  }

  // Every occurrence overlapping [from, to).
  std::vector<Span> spans(int64_t from, int64_t to) const {
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    const icaltimetype start = icaltime_from_timet_with_zone(from, 0, utc);
    const icaltimetype end = icaltime_from_timet_with_zone(to, 0, utc);
    std::vector<Span> out;
    for (icalcomponent *event : events_) {
      Collect c{&out, summary_of(event)};
      icalcomponent_foreach_recurrence(event, start, end, &collect, &c);
    }
    return out;
  }

  std::shared_ptr<icalcomponent> root_{nullptr, Free{}};
  std::vector<icalcomponent *> events_; // owned by root_
};

} // namespace flu::sdk
