// pack() and unpack(): the bundle container in memory, with libarchive.
// The disk side is archive_tree.cpp; the path rules are archive_paths.cpp.
#include "bundle/archive.hpp"
#include "bundle/archive_paths.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <memory>

namespace flu::bundle {

namespace {

struct ReadFree {
  void operator()(struct archive *a) const { archive_read_free(a); }
};
struct WriteFree {
  void operator()(struct archive *a) const { archive_write_free(a); }
};
struct EntryFree {
  void operator()(struct archive_entry *e) const { archive_entry_free(e); }
};

// Level 9 packs an 11 MB shared object in about 0.45 s to 30 % of its size;
// level 19 saves another 4 % for ten times the time (measured with
// libzstd 1.5.4).
constexpr const char *zstd_level = "9";

// The tar stream is padded to 512-byte records by the format; padding the
// compressed stream to 10 kB records would only add zeros after the zstd
// frame.
constexpr int last_block_bytes = 1;

std::string libarchive_error(struct archive *a) {
  const char *message = archive_error_string(a);
  return message ? message : "unknown libarchive error";
}

la_ssize_t append_output(struct archive *, void *out, const void *bytes, size_t size) {
  static_cast<std::string *>(out)->append(static_cast<const char *>(bytes), size);
  return static_cast<la_ssize_t>(size);
}

bool is_ascii(const std::string &path) {
  return std::all_of(path.begin(), path.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

[[noreturn]] void fail(const std::string &archive, const std::string &problem) {
  throw ArchiveError(archive + ": " + problem);
}

const char *type_name(mode_t type) {
  switch (type) {
  case AE_IFLNK:
    return "symlink";
  case AE_IFDIR:
    return "directory";
  case AE_IFCHR:
    return "character device";
  case AE_IFBLK:
    return "block device";
  case AE_IFIFO:
    return "fifo";
  case AE_IFSOCK:
    return "socket";
  default:
    return "unknown file type";
  }
}

} // namespace

std::string pack(const std::vector<ArchiveEntry> &entries) {
  detail::PathSet seen;
  bool all_ascii = true;
  for (const auto &entry : entries) {
    check_entry_path(entry.path);
    seen.add_file(entry.path);
    all_ascii = all_ascii && is_ascii(entry.path);
  }

  std::string out;
  std::unique_ptr<struct archive, WriteFree> owner(archive_write_new());
  auto *a = owner.get();
  auto expect_ok = [&](int status, const std::string &what) {
    if (status != ARCHIVE_OK)
      throw ArchiveError("pack: " + what + ": " + libarchive_error(a));
  };
  // Restricted pax is ustar unless a path needs more (over 100 bytes,
  // non-ASCII). Its writer converts such paths from the process locale to
  // UTF-8, so the same non-ASCII path would give other bytes (or a warning)
  // in another locale; hdrcharset=BINARY stores paths as given instead. It
  // adds a pax header to every entry, so it is only used when a path needs
  // it: the choice depends on the entries alone.
  expect_ok(archive_write_set_format_pax_restricted(a), "tar format");
  if (!all_ascii)
    expect_ok(archive_write_set_format_option(a, "pax", "hdrcharset", "BINARY"),
              "binary header charset");
  expect_ok(archive_write_add_filter_zstd(a), "zstd");
  expect_ok(archive_write_set_filter_option(a, "zstd", "compression-level", zstd_level),
            "zstd level");
  // zstd's multi-threaded mode writes other bytes than its single-threaded
  // one; 0 is the single-threaded mode.
  expect_ok(archive_write_set_filter_option(a, "zstd", "threads", "0"), "zstd threads");
  expect_ok(archive_write_set_bytes_in_last_block(a, last_block_bytes), "block size");
  expect_ok(archive_write_open2(a, &out, nullptr, append_output, nullptr, nullptr),
            "open");

  std::unique_ptr<struct archive_entry, EntryFree> header(archive_entry_new());
  for (const auto &entry : entries) {
    auto *e = header.get();
    archive_entry_clear(e);
    archive_entry_copy_pathname(e, entry.path.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(entry.data.size()));
    // Times at 0 are what keeps pax from writing mtime/atime/ctime records.
    archive_entry_set_mtime(e, 0, 0);
    archive_entry_set_atime(e, 0, 0);
    archive_entry_set_ctime(e, 0, 0);
    archive_entry_set_uid(e, 0);
    archive_entry_set_gid(e, 0);
    const auto where = detail::printable(entry.path);
    expect_ok(archive_write_header(a, e), where);
    std::size_t written = 0;
    while (written < entry.data.size()) {
      const auto n =
          archive_write_data(a, entry.data.data() + written, entry.data.size() - written);
      if (n <= 0)
        throw ArchiveError("pack: " + where + ": " + libarchive_error(a));
      written += static_cast<std::size_t>(n);
    }
    expect_ok(archive_write_finish_entry(a), where);
  }
  // Close flushes the compressor: its failure means truncated output.
  expect_ok(archive_write_close(a), "close");
  return out;
}

std::vector<ArchiveEntry> unpack(std::string_view archive, const std::string &name,
                                 const ArchiveLimits &limits) {
  auto refuse = [&](const std::string &problem) { fail(name, problem); };
  if (archive.empty())
    refuse("empty input, not an archive");

  std::unique_ptr<struct archive, ReadFree> owner(archive_read_new());
  auto *a = owner.get();
  // Tar only (ustar, pax, GNU, v7), and only the filters built into
  // libarchive's library: filter_all would also hand hostile bytes to
  // external programs (lrzip, lzop, grzip), and format_all to parsers (rar,
  // 7-zip, iso9660, cab...) a bundle never needs. A filter that is not
  // linked in would be run as a program; it answers ARCHIVE_WARN.
  if (archive_read_support_format_tar(a) != ARCHIVE_OK ||
      archive_read_support_filter_zstd(a) != ARCHIVE_OK ||
      archive_read_support_filter_gzip(a) != ARCHIVE_OK ||
      archive_read_support_filter_xz(a) != ARCHIVE_OK)
    refuse("libarchive without tar, zstd, gzip or xz: " + libarchive_error(a));
  if (archive_read_open_memory(a, archive.data(), archive.size()) != ARCHIVE_OK)
    refuse(libarchive_error(a));

  // The paths of the path checks come back as "PATH: reason".
  auto named = [&](auto &&check) {
    try {
      check();
    } catch (const ArchiveError &error) {
      refuse(error.what());
    }
  };

  detail::PathSet seen;
  std::vector<ArchiveEntry> entries;
  std::vector<char> buffer(std::size_t{1} << 18);
  uint64_t entry_count = 0;
  uint64_t total_bytes = 0;
  while (true) {
    struct archive_entry *e = nullptr;
    const int status = archive_read_next_header(a, &e);
    if (status == ARCHIVE_EOF)
      break;
    // ARCHIVE_WARN too: a path that could not be converted, a malformed
    // pax record. ARCHIVE_RETRY (a damaged header) must not loop.
    if (status != ARCHIVE_OK) {
      const char *path = e ? archive_entry_pathname(e) : nullptr;
      refuse((path ? detail::printable(path) + ": " : std::string()) +
             libarchive_error(a));
    }
    const char *raw_path = archive_entry_pathname(e);
    if (!raw_path)
      refuse("entry " + std::to_string(entry_count + 1) + " without a path");
    std::string path = raw_path;
    const auto where = detail::printable(path) + ": ";
    if (++entry_count > limits.max_entries)
      refuse(where + "more than " + std::to_string(limits.max_entries) + " entries");
    // A hardlink may carry the regular file type; its target decides.
    if (const char *target = archive_entry_hardlink(e))
      refuse(where + "hardlink to " + detail::printable(target) + " refused");
    if (const char *target = archive_entry_symlink(e))
      refuse(where + "symlink to " + detail::printable(target) + " refused");
    const auto type = archive_entry_filetype(e);
    if (type == AE_IFDIR) {
      // Directories carry nothing write_tree() needs; their paths must
      // still be safe, and not clash with a file.
      while (path.size() > 1 && path.back() == '/')
        path.pop_back();
      named([&] {
        check_entry_path(path, limits);
        seen.add_directory(path);
      });
      continue;
    }
    if (type != AE_IFREG)
      refuse(where + "not a regular file (" + type_name(type) + ")");
    named([&] {
      check_entry_path(path, limits);
      seen.add_file(path);
    });

    // The header's size is a claim: bytes are counted as they come, and a
    // read never asks for more than one byte past a limit.
    // One buffer for every entry: growing each entry by a whole chunk
    // cleared 256 KiB per empty file (a 4096-entry bundle spent seconds in
    // memset).
    ArchiveEntry entry{std::move(path), {}};
    while (true) {
      const uint64_t allowed = std::min(limits.max_entry_bytes - entry.data.size(),
                                        limits.max_total_bytes - total_bytes);
      const auto chunk = static_cast<std::size_t>(
          allowed < buffer.size() ? allowed + 1 : uint64_t{buffer.size()});
      const auto n = archive_read_data(a, buffer.data(), chunk);
      if (n < 0)
        refuse(where + libarchive_error(a));
      if (n == 0)
        break;
      entry.data.append(buffer.data(), static_cast<std::size_t>(n));
      if (entry.data.size() > limits.max_entry_bytes)
        refuse(where + "more than " + std::to_string(limits.max_entry_bytes) +
               " bytes, over the limit for one entry");
      total_bytes += static_cast<uint64_t>(n);
      if (total_bytes > limits.max_total_bytes)
        refuse(where + "more than " + std::to_string(limits.max_total_bytes) +
               " bytes in all entries, over the limit for the archive");
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

} // namespace flu::bundle
