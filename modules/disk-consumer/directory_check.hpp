// The disk-consumer's runtime check (docs/modules.md "Checks"): can this
// worker record into a directory, asked before an operator (or flu-admin's
// wizard) names one, so a missing or read-only directory is refused at once.
#pragma once

#include <flu/sdk/check.hpp>

namespace flu::disk_consumer {

// directory DIRECTORY: a row with its free space when the worker can write
// files there; throws saying why not (absent, not a directory, not
// writable by the worker).
void directory_check(const std::vector<std::string> &args, sdk::CheckResult &result);

inline constexpr const char *directory_columns[] = {"directory", "free-bytes"};

} // namespace flu::disk_consumer
