// Where modules are looked for: FLU_MODULE_PATH (colon-separated) first, then
// lib/flu/modules beside the running executable's bin/, which is where both
// the build tree and an install put them.
#pragma once

#include <filesystem>
#include <vector>

namespace flu::registry {

std::vector<std::filesystem::path> default_module_path();

// The directory of the running executable (from /proc/self/exe).
std::filesystem::path executable_dir();

} // namespace flu::registry
