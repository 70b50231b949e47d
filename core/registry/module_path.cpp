#include "registry/module_path.hpp"

#include <cstdlib>
#include <sstream>
#include <string>

namespace flu::registry {

std::filesystem::path executable_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::current_path() : exe.parent_path();
}

std::vector<std::filesystem::path> default_module_path() {
  std::vector<std::filesystem::path> out;
  if (const char *env = std::getenv("FLU_MODULE_PATH")) {
    std::stringstream in(env);
    for (std::string part; std::getline(in, part, ':');)
      if (!part.empty())
        out.emplace_back(part);
  }
  const auto dir = executable_dir();
  out.push_back(dir.parent_path() / "lib" / "flu" / "modules");
  return out;
}

} // namespace flu::registry
