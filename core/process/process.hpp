// Starting and describing child processes: workers start jobs, the embedded
// default starts a worker.
#pragma once

#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace flu::process {

// Starts argv[0] (a path) with argv; each (from, to) in inherit makes the
// child's descriptor `to` a copy of our `from`. Throws on failure.
pid_t spawn(const std::vector<std::string> &argv,
            const std::vector<std::pair<int, int>> &inherit = {});

// "exited with code 1", "killed by signal 9 (Killed)".
std::string describe_status(int wait_status);

} // namespace flu::process
