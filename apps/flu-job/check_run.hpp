// flu-job --check: runs one runtime check of a module (ABI 1.4) and says
// what it answered. A worker runs it as a short-lived process of its own,
// so that a check that crashes or hangs takes nothing else with it; the
// answer goes back as one CheckResult frame on the socket it is given.
// Alone (no --result-fd), it prints the answer as a table.
#pragma once

#include "message/messages.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace flu::job {

struct CheckOptions {
  std::filesystem::path module;
  std::string type;
  std::string check;
  std::vector<std::string> args;
  int result_fd = -1; // a SOCK_SEQPACKET end: one frame
};

// The check's answer; never throws (a module that fails to load, an unknown
// type or check: ok is false and text says so).
message::CheckResult run_check(const CheckOptions &options);

// Runs the check and reports it; exit code 0 when the check answered.
int check_main(const CheckOptions &options);

} // namespace flu::job
