// Where a flu executable finds what was installed beside it: the build tree
// and an install both put bin/ next to share/flu/ (planets, bundles,
// trusted release keys) and share/locale/.
#pragma once

#include <filesystem>

namespace flu::files {

// The directory of the running executable (from /proc/self/exe).
std::filesystem::path executable_dir();

// share/flu beside the executable's bin/.
std::filesystem::path data_dir();

} // namespace flu::files
