// disk-consumer: see schedule_driver.hpp.
#include "schedule_driver.hpp"

#include "file_name.hpp"
#include "recorder.hpp"

#include <flu/sdk/schedule.hpp>

#include <algorithm>
#include <chrono>

namespace flu::disk_consumer {

namespace {
// Even with nothing scheduled, look again now and then: the clock may have
// been set.
constexpr int64_t longest_sleep_seconds = 60;

std::string utc(int64_t t) {
  const std::time_t time = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&time, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}
} // namespace

void ScheduleDriver::check(const std::string &path) { flu::sdk::Schedule::load(path); }

ScheduleDriver::ScheduleDriver(
    std::string path, Recorder &recorder, std::string default_template,
    std::function<void(const std::string &)> warn,
    std::function<void(const std::string &, const std::string &)> ui)
    : path_(std::move(path)), recorder_(recorder),
      default_template_(std::move(default_template)), warn_(std::move(warn)),
      ui_(std::move(ui)) {
  thread_ = std::thread([this] { run(); });
}

ScheduleDriver::~ScheduleDriver() {
  {
    std::lock_guard lock(mutex_);
    quit_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void ScheduleDriver::run() {
  std::optional<flu::sdk::Schedule> schedule;
  try {
    schedule = flu::sdk::Schedule::load(path_);
  } catch (const std::exception &e) {
    warn_(e.what()); // checked at start: the file changed since
    return;
  }
  std::optional<flu::sdk::Schedule::Span> on;
  std::unique_lock lock(mutex_);
  while (!quit_) {
    const int64_t now = std::time(nullptr);
    const auto span = schedule->active(now);
    if (span != on) {
      if (span) {
        std::string name_template = span->summary;
        try {
          expand_template(name_template, static_cast<std::time_t>(span->start));
        } catch (const std::exception &e) {
          warn_(std::string("the event at ") + utc(span->start) + " in " + path_ + ": " +
                e.what() + "; recording under the default name");
          name_template = default_template_;
        }
        recorder_.start(name_template, static_cast<std::time_t>(span->start));
      } else {
        recorder_.stop();
      }
      on = span;
    }
    const auto next = schedule->next_change(now);
    ui_("next-change", next ? utc(*next) : "");
    const int64_t wake_at =
        std::min(next.value_or(INT64_MAX), now + longest_sleep_seconds);
    wake_.wait_until(
        lock, std::chrono::system_clock::from_time_t(static_cast<std::time_t>(wake_at)));
  }
}

} // namespace flu::disk_consumer
