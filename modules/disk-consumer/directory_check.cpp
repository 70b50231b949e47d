#include "directory_check.hpp"

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

namespace flu::disk_consumer {

void directory_check(const std::vector<std::string> &args, sdk::CheckResult &result) {
  namespace fs = std::filesystem;
  if (args.size() != 1 || args[0].empty())
    throw std::runtime_error("directory needs one argument: the directory");
  const fs::path dir = args[0];
  std::error_code error;
  const auto status = fs::status(dir, error);
  if (!fs::exists(status))
    throw std::runtime_error("there is no directory " + dir.string() + " on this worker");
  if (!fs::is_directory(status))
    throw std::runtime_error(dir.string() + " is not a directory");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw std::runtime_error(dir.string() + " is not writable by the worker");
  const auto space = fs::space(dir, error);
  result.row({dir.string(), error ? "" : std::to_string(space.available)});
  result.summary(dir.string() + " is writable");
}

} // namespace flu::disk_consumer
