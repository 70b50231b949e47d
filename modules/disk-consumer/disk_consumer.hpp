// The disk-consumer component (Flumotion's disker): records its feed to
// files in a directory, rotated by size or time, started and stopped by an
// admin (invoke) or by an iCalendar schedule (schedule_driver.hpp).
//
// The pipeline ends in an appsink; its streaming thread only hands each
// buffer (and the stream's headers from the caps) to the Recorder, whose
// own thread does the writing, so the feed never waits for the disk.
#pragma once

#include "recorder.hpp"

#include <flu/sdk.hpp>

#include <memory>
#include <string>
#include <vector>

namespace flu::disk_consumer {

class ScheduleDriver;

class DiskConsumer {
public:
  static std::string pipeline(const flu::sdk::Host &config);

  DiskConsumer(const flu::sdk::Host &config, GstElement *pipeline);
  ~DiskConsumer();
  DiskConsumer(const DiskConsumer &) = delete;
  DiskConsumer &operator=(const DiskConsumer &) = delete;

  // "start-recording [TEMPLATE]" (also "change-filename": a new file at
  // the next keyframe), "stop-recording", "status".
  std::string invoke(const std::string &method, const std::vector<std::string> &args);

  struct SinkLink; // what the appsink callbacks share with us

private:
  flu::sdk::Host config_;
  std::shared_ptr<SinkLink> link_;
  std::unique_ptr<ScheduleDriver> schedule_;
};

} // namespace flu::disk_consumer
