// Hostile bundle archives, built at test time with libarchive's writer
// directly (bypassing pack()'s checks). They are generated rather than
// committed as blobs so that each one can be reviewed here, in a line or
// two, and stays in step with the libarchive the tests link.
#pragma once

#include <archive.h>

#include <cstdint>
#include <memory>
#include <string>

namespace flu::test {

enum class Compression { none, zstd, gzip, bzip2 };

// One tar archive (restricted pax) in memory, entry by entry.
class TarBuilder {
public:
  explicit TarBuilder(Compression compression = Compression::zstd, int zstd_level = 9);
  ~TarBuilder();
  TarBuilder(const TarBuilder &) = delete;
  TarBuilder &operator=(const TarBuilder &) = delete;

  TarBuilder &file(const std::string &path, const std::string &data);
  TarBuilder &directory(const std::string &path);
  TarBuilder &symlink(const std::string &path, const std::string &target);
  // A hardlink entry: regular file type, no data, a link target.
  TarBuilder &hardlink(const std::string &path, const std::string &target);
  // `type` is AE_IFCHR, AE_IFBLK or AE_IFIFO.
  TarBuilder &special(const std::string &path, unsigned type);
  // `bytes` zeros, handed to the writer `block` bytes at a time.
  TarBuilder &zeros(const std::string &path, uint64_t bytes, std::size_t block);
  std::string finish();

private:
  struct Free {
    void operator()(struct archive *a) const;
  };
  void header(const std::string &path, unsigned type, uint64_t size,
              const char *hardlink = nullptr, const char *symlink = nullptr);

  std::string out_;
  std::unique_ptr<struct archive, Free> archive_;
};

namespace hostile {

std::string parent_escape();        // ../escape.txt
std::string nested_parent_escape(); // a/../../escape.txt
std::string absolute(const std::string &path);
// link -> target, then link/through.txt
std::string symlink_then_through(const std::string &target);
std::string symlink_relative_escape();        // up -> ../../outside
std::string hardlink_outside();               // passwd => /etc/passwd
std::string hardlink_inside();                // a.txt, then b.txt => a.txt
std::string special(unsigned type);           // "device" of type AE_IF*
std::string duplicate_path();                 // same.txt twice
std::string compression_bomb(uint64_t bytes); // bomb.bin: `bytes` zeros
// liar.bin holds `actual` bytes but its header claims `claimed` (plain tar,
// the header patched after writing).
std::string lying_size(uint64_t actual, uint64_t claimed);
std::string many_entries(unsigned count); // empty f0 ... f<count-1>
std::string long_path(std::size_t bytes);
std::string backslash_path(); // dir\evil.txt

} // namespace hostile

} // namespace flu::test
