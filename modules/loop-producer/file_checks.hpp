// The loop-producer's runtime checks (docs/modules.md "Checks"): what a
// worker's directory holds, asked before an operator picks a file to loop.
#pragma once

#include <flu/sdk/check.hpp>

namespace flu::modules {

// files DIRECTORY: every regular file of the directory (not its
// subdirectories, not hidden ones), with its media type as GStreamer's
// discoverer finds it (the container's caps name), duration and streams.
void list_files(const std::vector<std::string> &args, sdk::CheckResult &result);

inline constexpr const char *file_columns[] = {"file",  "media-type", "duration",
                                               "audio", "video",      "note"};

} // namespace flu::modules
