// Recording by an iCalendar schedule (the property ical-schedule): every
// event is a recording, named from its summary as a strftime template at
// the event's start (Flumotion's disker did the same). A thread of its own
// sleeps until the schedule's next change and starts or stops the recorder;
// libical keeps global state, so that thread is the only one using the
// schedule once the component runs.
#pragma once

#include <condition_variable>
#include <ctime>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace flu::disk_consumer {

class Recorder;

class ScheduleDriver {
public:
  // Checks the file: throws naming it and what is wrong.
  static void check(const std::string &path);

  // `warn` tells an operator about an event whose summary is no file name.
  ScheduleDriver(std::string path, Recorder &recorder, std::string default_template,
                 std::function<void(const std::string &)> warn,
                 std::function<void(const std::string &, const std::string &)> ui);
  ~ScheduleDriver();
  ScheduleDriver(const ScheduleDriver &) = delete;
  ScheduleDriver &operator=(const ScheduleDriver &) = delete;

private:
  void run();

  const std::string path_;
  Recorder &recorder_;
  const std::string default_template_;
  const std::function<void(const std::string &)> warn_;
  const std::function<void(const std::string &, const std::string &)> ui_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool quit_ = false;
  std::thread thread_;
};

} // namespace flu::disk_consumer
