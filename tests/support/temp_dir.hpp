// A fresh directory for one test's files, removed with everything in it.
#pragma once

#include <stdlib.h>
#include <string.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace flu::test {

// A fresh directory under $TMPDIR, removed with everything in it.
class TempDir {
public:
  explicit TempDir(const std::string &prefix = "flu-test") {
    std::string pattern = std::filesystem::temp_directory_path() / (prefix + "-XXXXXX");
    if (!::mkdtemp(pattern.data()))
      throw std::runtime_error("mkdtemp " + pattern + ": " + ::strerror(errno));
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored; // a leftover temp dir harms nobody
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;

  const std::filesystem::path &path() const { return path_; }
  std::filesystem::path file(const std::string &name) const { return path_ / name; }
  std::filesystem::path operator/(const std::string &name) const { return path_ / name; }

  // Writes `text` to a path relative to the directory, creating folders.
  std::filesystem::path write(const std::string &relative,
                              const std::string &text) const {
    const auto file = path_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
    return file;
  }

private:
  std::filesystem::path path_;
};

} // namespace flu::test
