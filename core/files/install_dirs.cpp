#include "files/install_dirs.hpp"

namespace flu::files {

std::filesystem::path executable_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : exe.parent_path();
}

std::filesystem::path data_dir() {
  return executable_dir().parent_path() / "share" / "flu";
}

} // namespace flu::files
