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
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/streambuf.hpp>

#include <functional>
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
};

} // namespace flu::job
