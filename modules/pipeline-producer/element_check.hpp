// The pipeline-producer's runtime check: whether the GStreamer elements a
// fragment names exist on a worker, asked before the fragment is tried.
#pragma once

#include <flu/sdk/check.hpp>

namespace flu::modules {

// element NAME...: one row per name; "no" is an answer, not an error.
void find_elements(const std::vector<std::string> &args, sdk::CheckResult &result);

inline constexpr const char *element_columns[] = {"element", "present", "plugin",
                                                  "version", "description"};

} // namespace flu::modules
