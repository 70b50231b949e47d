// A job: one component in its own process. It takes its configuration from
// the worker over the control channel (or from the command line, in
// standalone mode), runs the component's pipeline, and reports its mood and
// messages back: waking until the pipeline plays, hungry while an eater has
// had no data for a while, happy otherwise, sad after an error.
#pragma once

#include "message/messages.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace flu::job {

struct JobOptions {
  std::filesystem::path module;
  int control_fd = -1; // worker mode
  // Standalone mode: the configuration and gst-launch fragments that stand
  // in for the eaters ("NAME:INDEX") and feeders ("NAME").
  message::JobConfig config;
  std::map<std::string, std::string> eater_fragments;
  std::map<std::string, std::string> feeder_fragments;
  int seconds = 0; // standalone: stop after this long (0: run until signalled)
};

// Runs the job to its end; returns the process exit code.
int run_job(JobOptions options);

} // namespace flu::job
