// Where a job's words go: its moods, its notes and its UI state, and the
// messages only a worker takes (keycards, handover items, a bouncer's
// answers). A worker's job sends them all over its control channel
// (WorkerOutput, here); a standalone job prints the first three for a person
// or a test and has no worker for the rest (ConsoleOutput,
// standalone_console.hpp). The job picks one when it starts and never asks
// again which mode it runs in.
//
// Log lines are not output in this sense: in both modes they go to standard
// error (JobLog), filtered by FLU_DEBUG.
#pragma once

#include "message/messages.hpp"
#include "message/protocol.hpp"

#include <flu/module.h>

#include <string>

namespace flu::control {
class ControlChannel;
}

namespace flu::job {

class JobOutput {
public:
  virtual ~JobOutput() = default;

  // The component's mood changed.
  virtual void mood(const std::string &component_id, Mood mood) = 0;
  // The component (or the job for it) said something; text is the note
  // rendered untranslated.
  virtual void note(const std::string &component_id, const message::Note &note,
                    const std::string &text) = 0;
  // The UI state entries that changed (never empty).
  virtual void ui_changes(const std::string &component_id, message::Values changes) = 0;
  // A packed message for the worker, with a descriptor that stays the
  // caller's (-1: none). Without a worker it goes nowhere.
  virtual void to_worker(const std::string &frame, int fd = -1) = 0;
  // The end of the job: nothing more goes out.
  virtual void close() {}
};

// A worker's job: everything goes over the control channel.
class WorkerOutput : public JobOutput {
public:
  explicit WorkerOutput(control::ControlChannel &channel) : channel_(channel) {}

  void mood(const std::string &component_id, Mood mood) override;
  void note(const std::string &component_id, const message::Note &note,
            const std::string &text) override;
  void ui_changes(const std::string &component_id, message::Values changes) override;
  void to_worker(const std::string &frame, int fd) override;
  void close() override;

private:
  control::ControlChannel &channel_;
};

// The job's log lines, "[type:/flow/name] text" on standard error when the
// level is within FLU_DEBUG (default: info).
class JobLog {
public:
  void name(std::string type, std::string component_id);
  void operator()(flu_log_level level, const std::string &text) const;

private:
  std::string type_;
  std::string component_id_;
};

} // namespace flu::job
