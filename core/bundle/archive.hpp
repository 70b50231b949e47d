// The container of a bundle: a tar archive (pax) compressed with zstd, read
// and written with libarchive.
//
// Writing is deterministic: entries in the order given, every timestamp 0,
// owner 0:0 without names, mode 0644, no directory entries, one fixed
// compression level. The same entries always give the same bytes.
//
// Reading treats the archive as hostile (shared/reference/stack.md §8). It
// happens in memory and in full before anything touches the disk, and
// accepts nothing but regular files with safe relative paths: a symlink, a
// hardlink, a device, an absolute path, "..", an empty or "." component, a
// duplicate path, too many entries or too many bytes (a compression bomb)
// ends the read with an ArchiveError naming the archive and the entry.
// Files are written by write_tree() only, never by libarchive's disk
// writer, so an entry can never be written outside its destination.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flu::bundle {

// what(): "ARCHIVE: ENTRY: problem", or "ARCHIVE: problem".
class ArchiveError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct ArchiveLimits {
  uint64_t max_entries = 4096;
  uint64_t max_entry_bytes = 256ull << 20; // one file
  uint64_t max_total_bytes = 512ull << 20; // all files, uncompressed
  uint64_t max_path_bytes = 512;
};

struct ArchiveEntry {
  std::string path; // relative, '/'-separated, checked by check_entry_path()
  std::string data;
};

// Deterministic tar + zstd of `entries`, in that order. Throws ArchiveError
// for a path check_entry_path() refuses or a duplicate path.
std::string pack(const std::vector<ArchiveEntry> &entries);

// Every entry of `archive` (tar + zstd as pack() writes it; other tar
// formats, and gzip or xz instead of zstd, are read too), in archive order.
// `name` is how errors call the archive (a file name, "bundle from
// worker/a"). Throws ArchiveError.
std::vector<ArchiveEntry> unpack(std::string_view archive, const std::string &name,
                                 const ArchiveLimits &limits = {});

// Throws ArchiveError("PATH: reason") unless `path` is relative, made of
// non-empty components other than "." and "..", free of NUL and backslash,
// and at most max_path_bytes long.
void check_entry_path(const std::string &path, const ArchiveLimits &limits = {});

// Writes `entries` under `destination`, which must not exist yet: into a
// sibling staging directory first, then renamed into place, so that a
// failure leaves nothing behind and readers never see half a tree. Files
// are created with O_EXCL | O_NOFOLLOW, mode 0644. Paths are checked again.
// Throws ArchiveError (or std::filesystem::filesystem_error for the disk).
void write_tree(const std::filesystem::path &destination,
                const std::vector<ArchiveEntry> &entries,
                const ArchiveLimits &limits = {});

} // namespace flu::bundle
