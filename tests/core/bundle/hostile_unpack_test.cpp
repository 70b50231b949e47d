// unpack() against the archives of hostile_archives.hpp: each is refused
// with an error naming the archive, the entry and the reason.
#include "archive_fixture.hpp"
#include "hostile_archives.hpp"

#include <archive_entry.h>

namespace bundle = flu::bundle;
namespace hostile = flu::test::hostile;
using flu::test::contains;

namespace {

// The error of unpacking `archive` as "hostile.tar.zst"; checks that it
// starts with that name.
std::string refusal(const std::string &archive,
                    const bundle::ArchiveLimits &limits = {}) {
  const auto error = flu::test::archive_error(
      [&] { bundle::unpack(archive, "hostile.tar.zst", limits); });
  BOOST_TEST(error.rfind("hostile.tar.zst: ", 0) == 0, error);
  return error;
}

} // namespace

BOOST_AUTO_TEST_SUITE(hostile_unpack)

BOOST_AUTO_TEST_CASE(dot_dot_paths) {
  BOOST_TEST(refusal(hostile::parent_escape()) ==
             "hostile.tar.zst: ../escape.txt: '..' path component");
  BOOST_TEST(refusal(hostile::nested_parent_escape()) ==
             "hostile.tar.zst: a/../../escape.txt: '..' path component");
}

BOOST_AUTO_TEST_CASE(absolute_path) {
  BOOST_TEST(refusal(hostile::absolute("/abs/path.txt")) ==
             "hostile.tar.zst: /abs/path.txt: absolute path");
}

BOOST_AUTO_TEST_CASE(symlinks) {
  BOOST_TEST(refusal(hostile::symlink_then_through("/tmp/flu-escape")) ==
             "hostile.tar.zst: link: symlink to /tmp/flu-escape refused");
  BOOST_TEST(refusal(hostile::symlink_relative_escape()) ==
             "hostile.tar.zst: up: symlink to ../../outside refused");
}

BOOST_AUTO_TEST_CASE(hardlinks) {
  BOOST_TEST(refusal(hostile::hardlink_outside()) ==
             "hostile.tar.zst: passwd: hardlink to /etc/passwd refused");
  // Even to an entry of the same archive: write_tree() makes copies only.
  BOOST_TEST(refusal(hostile::hardlink_inside()) ==
             "hostile.tar.zst: b.txt: hardlink to a.txt refused");
}

BOOST_AUTO_TEST_CASE(devices_and_fifos) {
  BOOST_TEST(contains(refusal(hostile::special(AE_IFCHR)),
                      "device: not a regular file (character device)"));
  BOOST_TEST(contains(refusal(hostile::special(AE_IFBLK)),
                      "device: not a regular file (block device)"));
  BOOST_TEST(
      contains(refusal(hostile::special(AE_IFIFO)), "device: not a regular file (fifo)"));
}

BOOST_AUTO_TEST_CASE(duplicate_path) {
  BOOST_TEST(refusal(hostile::duplicate_path()) ==
             "hostile.tar.zst: same.txt: duplicate path");
}

BOOST_AUTO_TEST_CASE(file_under_a_file) {
  const auto tar = flu::test::TarBuilder().file("a", "1").file("a/b", "2").finish();
  BOOST_TEST(refusal(tar) == "hostile.tar.zst: a/b: its directory a is a file");
}

BOOST_AUTO_TEST_CASE(unsafe_directory_entry) {
  const auto tar = flu::test::TarBuilder().directory("../up/").finish();
  BOOST_TEST(refusal(tar) == "hostile.tar.zst: ../up: '..' path component");
}

BOOST_AUTO_TEST_CASE(backslash_path) {
  BOOST_TEST(refusal(hostile::backslash_path()) ==
             "hostile.tar.zst: dir\\evil.txt: path contains a backslash");
}

BOOST_AUTO_TEST_CASE(long_path) {
  BOOST_TEST(contains(refusal(hostile::long_path(600)), "path longer than 512 bytes"));
  BOOST_TEST(bundle::unpack(hostile::long_path(512), "512 bytes").size() == 1);
}

BOOST_AUTO_TEST_CASE(too_many_entries) {
  BOOST_TEST(refusal(hostile::many_entries(5000)) ==
             "hostile.tar.zst: f4096: more than 4096 entries");
  bundle::ArchiveLimits three;
  three.max_entries = 3;
  BOOST_TEST(bundle::unpack(hostile::many_entries(3), "three", three).size() == 3);
  BOOST_TEST(
      contains(refusal(hostile::many_entries(4), three), "f3: more than 3 entries"));
}

BOOST_AUTO_TEST_CASE(compression_bomb_is_cut_at_the_limit) {
  const auto bomb = hostile::compression_bomb(2ull << 30);
  BOOST_TEST(bomb.size() < (1u << 20)); // 2 GiB in under 1 MiB: a bomb
  bundle::ArchiveLimits limits;
  limits.max_entry_bytes = 8u << 20;
  BOOST_TEST(refusal(bomb, limits) == "hostile.tar.zst: bomb.bin: more than 8388608 "
                                      "bytes, over the limit for one entry");
  // The defaults cut it at 256 MiB, not 2 GiB: the same counting with a
  // larger limit (inflating 256 MiB here only cost the suite time).
  BOOST_TEST(bundle::ArchiveLimits{}.max_entry_bytes == 256ull << 20);
}

BOOST_AUTO_TEST_CASE(total_bytes_are_limited_across_entries) {
  const std::string mib(1u << 20, 'm');
  const auto tar =
      flu::test::TarBuilder().file("1", mib).file("2", mib).file("3", mib).finish();
  bundle::ArchiveLimits limits;
  limits.max_total_bytes = (5u << 20) / 2;
  BOOST_TEST(refusal(tar, limits) ==
             "hostile.tar.zst: 3: more than 2621440 bytes in all entries, over the "
             "limit for the archive");
  limits.max_total_bytes = 3u << 20;
  limits.max_entry_bytes = 1u << 20; // both limits exactly reached: accepted
  BOOST_TEST(bundle::unpack(tar, "exact", limits).size() == 3);
}

BOOST_AUTO_TEST_CASE(lying_header_is_not_believed) {
  // 1 MiB present, 8 GiB claimed: counting stops the read at the limit...
  const auto liar = hostile::lying_size(1u << 20, 8ull << 30);
  BOOST_TEST(liar.compare(0, 8, "liar.bin") == 0);
  bundle::ArchiveLimits limits;
  limits.max_entry_bytes = 256u << 10;
  BOOST_TEST(contains(refusal(liar, limits), "liar.bin: more than 262144 bytes"));
  // ...and under the limits, the missing bytes are a truncated archive.
  BOOST_TEST(contains(refusal(liar), "liar.bin: Truncated"));
  // Claiming less makes the rest of its data a damaged header.
  BOOST_TEST(contains(refusal(hostile::lying_size(4096, 10)), "Damaged tar archive"));
}

BOOST_AUTO_TEST_CASE(truncated_archives) {
  const auto packed =
      bundle::pack({{"a.bin", flu::test::random_bytes(300000, 1)}, {"b.txt", "second"}});
  for (const std::size_t keep : {std::size_t{4}, std::size_t{100}, packed.size() / 2,
                                 packed.size() - 40, packed.size() - 1}) {
    BOOST_TEST_CONTEXT("kept " << keep << " of " << packed.size() << " bytes") {
      refusal(packed.substr(0, keep));
    }
  }
}

BOOST_AUTO_TEST_CASE(garbage_and_empty_input) {
  BOOST_TEST(
      contains(refusal(flu::test::random_bytes(4096, 7)), "Unrecognized archive format"));
  BOOST_TEST(refusal("") == "hostile.tar.zst: empty input, not an archive");
}

BOOST_AUTO_TEST_SUITE_END()
