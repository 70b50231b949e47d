// write_tree(): the only place bundle files reach the disk. Every
// directory is opened with O_NOFOLLOW relative to the one above it, and
// every file is created with O_EXCL | O_NOFOLLOW, so no symlink, existing
// file or path trick can send a write outside the staging directory; the
// staging directory becomes the destination with one rename.
#include "bundle/archive.hpp"
#include "bundle/archive_paths.hpp"
#include "log/log.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <random>
#include <system_error>
#include <utility>

namespace fs = std::filesystem;

namespace flu::bundle {

namespace {

class Fd {
public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd &&other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Fd &operator=(Fd &&other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  ~Fd() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  int get() const { return fd_; }
  // close() reports write-back errors some file systems only give there.
  int close() { return ::close(std::exchange(fd_, -1)); }

private:
  int fd_;
};

[[noreturn]] void disk_error(const std::string &what, const fs::path &path,
                             int error = errno) {
  throw fs::filesystem_error("write_tree: " + what, path,
                             std::error_code(error, std::generic_category()));
}

constexpr int directory_flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

Fd open_directory(int parent, const std::string &name, const fs::path &shown) {
  Fd fd(::openat(parent, name.c_str(), directory_flags));
  if (fd.get() < 0)
    disk_error("cannot open directory", shown);
  return fd;
}

void write_file(int root, const fs::path &root_path, const ArchiveEntry &entry) {
  const fs::path shown = root_path / entry.path;
  std::optional<Fd> directory;
  int at = root;
  std::size_t begin = 0;
  for (auto slash = entry.path.find('/'); slash != std::string::npos;
       slash = entry.path.find('/', begin)) {
    const auto name = entry.path.substr(begin, slash - begin);
    if (::mkdirat(at, name.c_str(), 0755) != 0 && errno != EEXIST)
      disk_error("cannot create directory", shown);
    directory = open_directory(at, name, shown);
    at = directory->get();
    begin = slash + 1;
  }
  const auto name = entry.path.substr(begin);
  Fd file(::openat(at, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                   0644));
  if (file.get() < 0)
    disk_error("cannot create file", shown);
  std::size_t written = 0;
  while (written < entry.data.size()) {
    const auto n =
        ::write(file.get(), entry.data.data() + written, entry.data.size() - written);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      disk_error("cannot write", shown);
    written += static_cast<std::size_t>(n);
  }
  if (file.close() != 0)
    disk_error("cannot write", shown);
}

std::string staging_name(const std::string &leaf) {
  std::random_device random;
  const uint64_t token = (uint64_t{random()} << 32) | random();
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(token));
  // Cut so that a destination name near NAME_MAX still gives a valid one.
  return ".staging-" + leaf.substr(0, 64) + "-" + hex;
}

} // namespace

void write_tree(const fs::path &destination, const std::vector<ArchiveEntry> &entries,
                const ArchiveLimits &limits) {
  detail::PathSet seen;
  for (const auto &entry : entries) {
    try {
      check_entry_path(entry.path, limits);
      seen.add_file(entry.path);
    } catch (const ArchiveError &error) {
      throw ArchiveError(destination.string() + ": " + error.what());
    }
  }

  // "dir/bundle/" names "dir/bundle".
  const fs::path target =
      destination.has_filename() ? destination : destination.parent_path();
  const std::string leaf = target.filename().string();
  if (leaf.empty() || leaf == "." || leaf == "..")
    throw ArchiveError(destination.string() + ": not a name for a new directory");
  const fs::path parent_path =
      target.has_parent_path() ? target.parent_path() : fs::path(".");
  Fd parent(::open(parent_path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (parent.get() < 0)
    disk_error("cannot open the destination's directory", parent_path);
  struct stat existing;
  if (::fstatat(parent.get(), leaf.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0)
    disk_error("destination exists", target, EEXIST);
  if (errno != ENOENT)
    disk_error("cannot check the destination", target);

  std::string staging = staging_name(leaf);
  while (::mkdirat(parent.get(), staging.c_str(), 0755) != 0) {
    if (errno != EEXIST)
      disk_error("cannot create the staging directory", parent_path / staging);
    staging = staging_name(leaf);
  }
  const fs::path staging_path = parent_path / staging;
  try {
    Fd root = open_directory(parent.get(), staging, staging_path);
    for (const auto &entry : entries)
      write_file(root.get(), staging_path, entry);
    // A plain rename() would replace a destination that appeared meanwhile
    // as an empty directory; RENAME_NOREPLACE fails instead. File systems
    // without it (EINVAL) get rename(), which still fails on a non-empty one.
    int renamed = ::renameat2(parent.get(), staging.c_str(), parent.get(), leaf.c_str(),
                              RENAME_NOREPLACE);
    if (renamed != 0 && errno == EINVAL)
      renamed = ::renameat(parent.get(), staging.c_str(), parent.get(), leaf.c_str());
    if (renamed != 0)
      disk_error("cannot rename the staging directory into place", target);
  } catch (...) {
    // The error that stopped the write is the one the caller gets; a
    // failed cleanup is only logged, with the leftover's name.
    std::error_code cleanup;
    fs::remove_all(staging_path, cleanup);
    if (cleanup)
      log::warning("bundle",
                   "cannot remove " + staging_path.string() + ": " + cleanup.message());
    throw;
  }
}

} // namespace flu::bundle
