// A job: one component in its own process. It takes its configuration from
// the worker over the control channel (or from the command line, in
// standalone mode), runs the component's pipeline, and reports its mood and
// messages back: waking until the pipeline plays, hungry while an eater has
// had no data for a while, happy otherwise, sad after an error.
//
// It also carries the control plane between the worker and the component:
// the UI state (its own figures and the module's, only what changed), the
// methods an admin invokes, and the component's authentications with the
// planet's bouncers. A bouncer's job runs no pipeline: BouncerJob answers
// the keycards other components send it.
#pragma once

#include "message/messages.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace flu::job {

// A bouncer run inside a standalone job, so that a component configured with
// `bouncer=NAME` really authenticates (flu-job --bouncer).
struct StandaloneBouncer {
  std::string name; // as the component's "bouncer" property names it
  std::filesystem::path module;
  std::string type;
  message::Values properties;
};

struct JobOptions {
  std::filesystem::path module;
  int control_fd = -1; // worker mode
  // Standalone mode: the configuration and gst-launch fragments that stand
  // in for the eaters ("NAME:INDEX") and feeders ("NAME").
  message::JobConfig config;
  std::map<std::string, std::string> eater_fragments;
  std::map<std::string, std::string> feeder_fragments;
  std::vector<StandaloneBouncer> bouncers;
  int seconds = 0; // standalone: stop after this long (0: run until signalled)
};

// Runs the job to its end; returns the process exit code.
int run_job(JobOptions options);

} // namespace flu::job
