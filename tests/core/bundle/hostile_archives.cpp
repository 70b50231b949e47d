#include "hostile_archives.hpp"

#include <archive_entry.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace flu::test {

namespace {

la_ssize_t append_output(struct archive *, void *out, const void *bytes, size_t size) {
  static_cast<std::string *>(out)->append(static_cast<const char *>(bytes), size);
  return static_cast<la_ssize_t>(size);
}

void expect_ok(struct archive *a, int status, const char *what) {
  if (status != ARCHIVE_OK)
    throw std::runtime_error(std::string("TarBuilder: ") + what + ": " +
                             (archive_error_string(a) ? archive_error_string(a) : "?"));
}

} // namespace

void TarBuilder::Free::operator()(struct archive *a) const { archive_write_free(a); }

TarBuilder::TarBuilder(Compression compression, int zstd_level)
    : archive_(archive_write_new()) {
  auto *a = archive_.get();
  expect_ok(a, archive_write_set_format_pax_restricted(a), "format");
  switch (compression) {
  case Compression::none:
    break;
  case Compression::zstd:
    expect_ok(a, archive_write_add_filter_zstd(a), "zstd");
    expect_ok(a,
              archive_write_set_filter_option(a, "zstd", "compression-level",
                                              std::to_string(zstd_level).c_str()),
              "zstd level");
    break;
  case Compression::gzip:
    expect_ok(a, archive_write_add_filter_gzip(a), "gzip");
    break;
  case Compression::bzip2:
    expect_ok(a, archive_write_add_filter_bzip2(a), "bzip2");
    break;
  }
  // Without this the compressed stream is padded with zeros to 10 kB, which
  // libarchive's zstd reader takes for a broken second frame.
  if (compression != Compression::none)
    expect_ok(a, archive_write_set_bytes_in_last_block(a, 1), "block size");
  expect_ok(a, archive_write_open2(a, &out_, nullptr, append_output, nullptr, nullptr),
            "open");
}

TarBuilder::~TarBuilder() = default;

void TarBuilder::header(const std::string &path, unsigned type, uint64_t size,
                        const char *hardlink, const char *symlink) {
  std::unique_ptr<struct archive_entry, void (*)(struct archive_entry *)> entry(
      archive_entry_new(), archive_entry_free);
  auto *e = entry.get();
  archive_entry_copy_pathname(e, path.c_str());
  archive_entry_set_filetype(e, type);
  archive_entry_set_perm(e, type == AE_IFDIR ? 0755 : 0644);
  archive_entry_set_size(e, static_cast<la_int64_t>(size));
  if (hardlink)
    archive_entry_copy_hardlink(e, hardlink);
  if (symlink)
    archive_entry_copy_symlink(e, symlink);
  if (type == AE_IFCHR || type == AE_IFBLK)
    archive_entry_set_rdev(e, 0x0103); // 1:3, /dev/null
  expect_ok(archive_.get(), archive_write_header(archive_.get(), e), path.c_str());
}

TarBuilder &TarBuilder::file(const std::string &path, const std::string &data) {
  header(path, AE_IFREG, data.size());
  if (!data.empty() && archive_write_data(archive_.get(), data.data(), data.size()) !=
                           static_cast<la_ssize_t>(data.size()))
    expect_ok(archive_.get(), ARCHIVE_FATAL, path.c_str());
  return *this;
}

TarBuilder &TarBuilder::directory(const std::string &path) {
  header(path, AE_IFDIR, 0);
  return *this;
}

TarBuilder &TarBuilder::symlink(const std::string &path, const std::string &target) {
  header(path, AE_IFLNK, 0, nullptr, target.c_str());
  return *this;
}

TarBuilder &TarBuilder::hardlink(const std::string &path, const std::string &target) {
  header(path, AE_IFREG, 0, target.c_str());
  return *this;
}

TarBuilder &TarBuilder::special(const std::string &path, unsigned type) {
  header(path, type, 0);
  return *this;
}

TarBuilder &TarBuilder::zeros(const std::string &path, uint64_t bytes,
                              std::size_t block) {
  header(path, AE_IFREG, bytes);
  const std::string zeros(block, '\0');
  for (uint64_t left = bytes; left > 0;) {
    const auto n = static_cast<std::size_t>(std::min<uint64_t>(left, block));
    if (archive_write_data(archive_.get(), zeros.data(), n) != static_cast<la_ssize_t>(n))
      expect_ok(archive_.get(), ARCHIVE_FATAL, path.c_str());
    left -= n;
  }
  return *this;
}

std::string TarBuilder::finish() {
  expect_ok(archive_.get(), archive_write_close(archive_.get()), "close");
  return std::move(out_);
}

namespace hostile {

std::string parent_escape() { return TarBuilder().file("../escape.txt", "out").finish(); }

std::string nested_parent_escape() {
  return TarBuilder().file("a/../../escape.txt", "out").finish();
}

std::string absolute(const std::string &path) {
  return TarBuilder().file(path, "out").finish();
}

std::string symlink_then_through(const std::string &target) {
  return TarBuilder().symlink("link", target).file("link/through.txt", "out").finish();
}

std::string symlink_relative_escape() {
  return TarBuilder().symlink("up", "../../outside").finish();
}

std::string hardlink_outside() {
  return TarBuilder().hardlink("passwd", "/etc/passwd").finish();
}

std::string hardlink_inside() {
  return TarBuilder().file("a.txt", "inside").hardlink("b.txt", "a.txt").finish();
}

std::string special(unsigned type) {
  return TarBuilder().special("device", type).finish();
}

std::string duplicate_path() {
  return TarBuilder().file("same.txt", "first").file("same.txt", "second").finish();
}

std::string compression_bomb(uint64_t bytes) {
  // Level 1 and 16 MiB blocks: 2 GiB of zeros are built in about a second.
  return TarBuilder(Compression::zstd, 1).zeros("bomb.bin", bytes, 16u << 20).finish();
}

std::string lying_size(uint64_t actual, uint64_t claimed) {
  std::string tar =
      TarBuilder(Compression::none).file("liar.bin", std::string(actual, 'L')).finish();
  // ustar header: size at 124 (12 bytes), checksum at 148 (8 bytes).
  char *size = tar.data() + 124;
  if (claimed < (uint64_t{1} << 33)) {
    std::snprintf(size, 12, "%011llo", static_cast<unsigned long long>(claimed));
  } else { // base-256, as GNU tar and libarchive write sizes of 8 GiB and more
    size[0] = static_cast<char>(0x80);
    for (int i = 11; i >= 1; --i, claimed >>= 8)
      size[i] = static_cast<char>(claimed & 0xff);
  }
  std::fill(tar.begin() + 148, tar.begin() + 156, ' ');
  unsigned sum = 0;
  for (int i = 0; i < 512; ++i)
    sum += static_cast<unsigned char>(tar[i]);
  std::snprintf(tar.data() + 148, 8, "%06o", sum);
  tar[155] = ' ';
  return tar;
}

std::string many_entries(unsigned count) {
  TarBuilder builder;
  for (unsigned i = 0; i < count; ++i)
    builder.file("f" + std::to_string(i), "");
  return builder.finish();
}

std::string long_path(std::size_t bytes) {
  std::string path;
  while (path.size() + 11 < bytes)
    path += "directory/";
  path += std::string(bytes - path.size(), 'f');
  return TarBuilder().file(path, "deep").finish();
}

std::string backslash_path() {
  return TarBuilder().file("dir\\evil.txt", "out").finish();
}

} // namespace hostile

} // namespace flu::test
