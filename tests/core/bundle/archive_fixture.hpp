// What the archive tests share: a fresh directory per test, the listing of
// everything under it, and the message of an expected ArchiveError.
#pragma once

#include "bundle/archive.hpp"
#include "temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::test {

// Every path under `root`, relative and sorted; symlinks are listed, not
// followed.
inline std::vector<std::string> listing(const std::filesystem::path &root) {
  std::vector<std::string> out;
  for (const auto &entry : std::filesystem::recursive_directory_iterator(root))
    out.push_back(std::filesystem::relative(entry.path(), root).string());
  std::sort(out.begin(), out.end());
  return out;
}

// The what() of the ArchiveError `action` throws; a failed test and "" if
// it throws nothing.
template <typename Action> std::string archive_error(Action &&action) {
  try {
    action();
  } catch (const bundle::ArchiveError &error) {
    return error.what();
  }
  BOOST_ERROR("no ArchiveError");
  return "";
}

inline bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

inline std::string random_bytes(std::size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string out(size, '\0');
  for (auto &byte : out)
    byte = static_cast<char>(random() & 0xff);
  return out;
}

} // namespace flu::test
