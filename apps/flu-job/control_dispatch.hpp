// What the job does with each message from its worker, and with each
// command typed on a standalone job's console: the two ways in, acting on
// the same job (JobControls).
//
//   StartComponent     the configuration: the component starts
//   StopComponent      the job ends (exit code 0)
//   FeedAddress        an eater connects to the feed it takes
//   FlowClock          the flow's network clock (flow_clock.hpp)
//   FeedClient         a feeder takes an eater's connection (its descriptor)
//   Invoke             a method of the component → InvokeResult
//   AuthenticateReply  a bouncer's answer to one of the component's keycards
//   HandoverBegin/Item/End   a hot upgrade (handover.hpp)
//   KeycardExpired     a keycard the component holds expired
//   StateDelta         records of the components it watches (watched_state.hpp)
//
// A bouncer's job (BouncerJob) sees every frame first. A descriptor that
// came with a frame and that nothing took is closed here.
#pragma once

#include "message/envelope.hpp"
#include "message/messages.hpp"

#include <flu/module.h>

#include <string>
#include <vector>

namespace flu::job {

class Authenticator;
class BouncerJob;
class ComponentHost;
class ConsoleOutput;
class JobFeeds;
class JobHandover;
class JobOutput;
class StandaloneBouncers;
class UiState;
class FlowClock;
class WatchedState;

// The parts of a job the messages and commands act on; each pointer may be
// null (not made yet, or not in this mode).
class JobControls {
public:
  virtual const std::string &component_id() const = 0;
  virtual void configure(const message::JobConfig &config) = 0;
  virtual void finish(int code, const std::string &why) = 0;
  virtual void log(flu_log_level level, const std::string &text) = 0;
  virtual ComponentHost *host() = 0;
  virtual UiState &ui() = 0;
  virtual JobFeeds &feeds() = 0;
  virtual JobOutput &output() = 0;
  virtual Authenticator *authenticator() = 0;
  virtual JobHandover *handover() = 0;
  virtual BouncerJob *bouncer() = 0;
  virtual StandaloneBouncers *bouncers() = 0;
  virtual FlowClock &flow_clock() = 0;
  virtual WatchedState *watched() = 0; // other components' state

protected:
  ~JobControls() = default;
};

// One frame from the worker, with the descriptor that came with it (-1:
// none), which this call owns.
void dispatch_frame(JobControls &job, const message::Envelope &e, int fd);

// One command from the standalone console (standalone_console.hpp).
void dispatch_command(JobControls &job, ConsoleOutput &console,
                      const std::vector<std::string> &words);

// A method of the component, or one the job answers for every component
// (ui-state, properties) when the component does not take it. Throws
// std::runtime_error with the reason when the call fails.
std::string invoke(JobControls &job, const std::string &method,
                   const std::vector<std::string> &args);

} // namespace flu::job
