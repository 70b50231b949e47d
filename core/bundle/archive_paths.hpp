// What pack(), unpack() and write_tree() share about entry paths: how a
// path is shown in an error message, and the set of the paths already seen
// in one archive. Internal to core/bundle; the public contract is
// archive.hpp.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>

namespace flu::bundle::detail {

// `path` fit for a log line: control bytes escaped as \xNN (a hostile name
// must not forge log lines), cut after 200 bytes, "" for an empty path.
std::string printable(std::string_view path);

// Refuses a path seen twice, and a path that is both a file and the
// directory of another file ("a" and "a/b"): either would make write_tree()
// fail half-way, or silently keep one of two contents.
class PathSet {
public:
  // Throw ArchiveError("PATH: reason"). Paths must have passed
  // check_entry_path().
  void add_file(const std::string &path);
  void add_directory(const std::string &path);

private:
  void add_parents(const std::string &path);

  std::unordered_set<std::string> files_;
  std::unordered_set<std::string> directories_;
};

} // namespace flu::bundle::detail
