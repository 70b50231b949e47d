// Standalone mode's console: commands on standard input, one per line, so
// that a module author (or a test) can drive a running component the way an
// admin would through the manager:
//
//   invoke METHOD [ARG...]   calls a method; prints "invoke: METHOD ok: RESULT"
//                            or "invoke: METHOD failed: ERROR"
//   expire KEYCARD-ID        a bouncer expires a keycard the component holds
//   stop                     ends the job as a worker would
//
// Arguments are separated by blanks. Standard input that is not a pipe or
// terminal (a regular file, /dev/null) simply gives no commands.
//
// Its output (ConsoleOutput) is one line per event on standard output:
//
//   mood: MOOD
//   note: LEVEL ID: TEXT
//   ui: KEY=VALUE
//
// and the answers to the commands (console_commands in control_dispatch.hpp).
#pragma once

#include "job_output.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/streambuf.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace flu::job {

class StandaloneConsole {
public:
  using Command = std::function<void(const std::vector<std::string> &words)>;

  StandaloneConsole(boost::asio::io_context &io, Command command);
  ~StandaloneConsole();
  StandaloneConsole(const StandaloneConsole &) = delete;
  StandaloneConsole &operator=(const StandaloneConsole &) = delete;

private:
  void read();

  boost::asio::posix::stream_descriptor input_;
  boost::asio::streambuf buffer_;
  Command command_;
  // A command may end the job, and the job then destroys its console
  // inside the command's call ("stop"): the reader looks at this before it
  // touches the console again.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// A standalone job's output: printed, for people and tests. There is no
// worker: what only a worker takes goes nowhere.
class ConsoleOutput : public JobOutput {
public:
  void mood(const std::string &component_id, Mood mood) override;
  void note(const std::string &component_id, const message::Note &note,
            const std::string &text) override;
  void ui_changes(const std::string &component_id, message::Values changes) override;
  void to_worker(const std::string &, int) override {}

  // One line of output.
  void print(const std::string &line);
};

} // namespace flu::job
