// pack() and unpack() on honest input: contents and order survive, the
// bytes are the same every time, and the tar headers carry nothing of the
// machine that packed them.
#define BOOST_TEST_MODULE test - core - archive
#include "archive_fixture.hpp"
#include "hostile_archives.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <clocale>
#include <memory>

namespace bundle = flu::bundle;
using bundle::ArchiveEntry;
using flu::test::contains;

namespace {

bool same(const std::vector<ArchiveEntry> &a, const std::vector<ArchiveEntry> &b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].path != b[i].path || a[i].data != b[i].data)
      return false;
  return true;
}

std::vector<ArchiveEntry> sample() {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i)
    all_bytes += static_cast<char>(i);
  return {{"zeta.xml", "<module name=\"zeta\"/>\n"},
          {"lib/libzeta.so", std::string("\x7f"
                                         "ELF\0\0\0",
                                         7) +
                                 all_bytes + all_bytes},
          {"empty", ""},
          {"alpha/beta/gamma.txt", "nested"},
          {"alpha/a.txt", "after its sibling directory"}};
}

// The tar stream inside pack()'s zstd frame, as libarchive decompresses it.
std::string tar_stream(const std::string &packed) {
  std::unique_ptr<struct archive, int (*)(struct archive *)> a(archive_read_new(),
                                                               archive_read_free);
  archive_read_support_filter_zstd(a.get());
  archive_read_support_format_raw(a.get());
  BOOST_REQUIRE(archive_read_open_memory(a.get(), packed.data(), packed.size()) ==
                ARCHIVE_OK);
  struct archive_entry *e = nullptr;
  BOOST_REQUIRE(archive_read_next_header(a.get(), &e) == ARCHIVE_OK);
  std::string out;
  char buffer[65536];
  for (la_ssize_t n; (n = archive_read_data(a.get(), buffer, sizeof buffer)) > 0;)
    out.append(buffer, static_cast<std::size_t>(n));
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(round_trip_keeps_paths_data_and_order) {
  const auto entries = sample();
  const auto back = bundle::unpack(bundle::pack(entries), "sample");
  BOOST_TEST(same(back, entries));
  BOOST_TEST(back.at(0).path == "zeta.xml"); // not sorted
  BOOST_TEST(back.at(2).data.empty());
  BOOST_TEST(back.at(1).data.size() == 7 + 512);
}

BOOST_AUTO_TEST_CASE(five_megabyte_file_round_trips) {
  const std::vector<ArchiveEntry> entries{
      {"big.bin", flu::test::random_bytes(5u << 20, 5)}, {"after.txt", "tail"}};
  BOOST_TEST(same(bundle::unpack(bundle::pack(entries), "big"), entries));
}

BOOST_AUTO_TEST_CASE(pack_is_deterministic) {
  const auto entries = sample();
  const auto first = bundle::pack(entries);
  BOOST_TEST(bundle::pack(entries) == first);
  BOOST_TEST(bundle::pack(bundle::unpack(first, "first")) == first);
  // Order is content: the same files in another order are another archive.
  auto reversed = entries;
  std::reverse(reversed.begin(), reversed.end());
  BOOST_TEST(bundle::pack(reversed) != first);
}

BOOST_AUTO_TEST_CASE(no_entries_is_an_empty_archive) {
  const auto packed = bundle::pack({});
  BOOST_TEST(bundle::unpack(packed, "nothing").empty());
  BOOST_TEST(bundle::pack({}) == packed);
}

BOOST_AUTO_TEST_CASE(headers_carry_no_time_owner_or_mode) {
  const auto packed = bundle::pack(sample());
  std::unique_ptr<struct archive, int (*)(struct archive *)> a(archive_read_new(),
                                                               archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_all(a.get());
  BOOST_REQUIRE(archive_read_open_memory(a.get(), packed.data(), packed.size()) ==
                ARCHIVE_OK);
  BOOST_TEST(archive_filter_code(a.get(), 0) == ARCHIVE_FILTER_ZSTD);
  struct archive_entry *e = nullptr;
  int count = 0;
  while (archive_read_next_header(a.get(), &e) == ARCHIVE_OK) {
    ++count;
    BOOST_TEST(archive_entry_mode(e) == (AE_IFREG | 0644));
    BOOST_TEST(archive_entry_mtime(e) == 0);
    BOOST_TEST(!archive_entry_atime_is_set(e));
    BOOST_TEST(!archive_entry_ctime_is_set(e));
    BOOST_TEST(archive_entry_uid(e) == 0);
    BOOST_TEST(archive_entry_gid(e) == 0);
    const std::string uname = archive_entry_uname(e) ? archive_entry_uname(e) : "";
    const std::string gname = archive_entry_gname(e) ? archive_entry_gname(e) : "";
    BOOST_TEST(uname.empty());
    BOOST_TEST(gname.empty());
  }
  BOOST_TEST(count == 5); // no directory entries for alpha/ and lib/
  BOOST_TEST(archive_format(a.get()) == ARCHIVE_FORMAT_TAR_USTAR);

  // Short ASCII paths need no pax header at all, so none can hold a time.
  const auto tar = tar_stream(packed);
  BOOST_TEST(!contains(tar, "PaxHeader"));
  BOOST_TEST(!contains(tar, "time="));
  // 5 headers, 5 data blocks (libzeta.so takes 2, empty none), 2 end blocks.
  BOOST_TEST(tar.size() == (5 + 5 + 2) * 512);
}

BOOST_AUTO_TEST_CASE(long_path_goes_into_a_pax_header_without_times) {
  std::string path(200, 'd');
  path += "/" + std::string(150, 'f');
  const std::vector<ArchiveEntry> entries{{path, "deep"}};
  const auto packed = bundle::pack(entries);
  BOOST_TEST(same(bundle::unpack(packed, "long"), entries));
  const auto tar = tar_stream(packed);
  BOOST_TEST(contains(tar, " path=" + path + "\n"));
  BOOST_TEST(!contains(tar, "time="));
  BOOST_TEST(bundle::pack(entries) == packed);
}

BOOST_AUTO_TEST_CASE(non_ascii_path_gives_the_same_bytes_in_every_locale) {
  const std::vector<ArchiveEntry> entries{{"modules/caf\xc3\xa9.xml", "x"},
                                          {"latin1-\xe9.txt", "y"}};
  const auto in_c = bundle::pack(entries);
  BOOST_TEST(same(bundle::unpack(in_c, "c"), entries));
  const std::string previous = std::setlocale(LC_ALL, nullptr);
  if (std::setlocale(LC_ALL, "C.UTF-8")) {
    const auto in_utf8 = bundle::pack(entries);
    const auto back = bundle::unpack(in_utf8, "utf-8");
    std::setlocale(LC_ALL, previous.c_str());
    BOOST_TEST(in_utf8 == in_c);
    BOOST_TEST(same(back, entries));
  } else {
    BOOST_TEST_MESSAGE("no C.UTF-8 locale: only the C locale was tried");
  }
  BOOST_TEST(contains(tar_stream(in_c), "hdrcharset=BINARY"));
}

BOOST_AUTO_TEST_CASE(check_entry_path_accepts_ordinary_names) {
  const std::vector<std::string> paths{"a",      "a/b.c",       "..a",
                                       "a..",    ".hidden",     "a/.b/c",
                                       "sp ace", "caf\xc3\xa9", std::string(512, 'x')};
  for (const auto &path : paths)
    BOOST_CHECK_NO_THROW(bundle::check_entry_path(path));
}

BOOST_AUTO_TEST_CASE(check_entry_path_names_the_path_and_the_reason) {
  using flu::test::archive_error;
  auto refused = [](const std::string &path) {
    return archive_error([&] { bundle::check_entry_path(path); });
  };
  BOOST_TEST(refused("") == "\"\": empty path");
  BOOST_TEST(refused("/etc/passwd") == "/etc/passwd: absolute path");
  BOOST_TEST(refused("../up") == "../up: '..' path component");
  BOOST_TEST(refused("a/../../up") == "a/../../up: '..' path component");
  BOOST_TEST(refused("a/..") == "a/..: '..' path component");
  BOOST_TEST(refused("./a") == "./a: '.' path component");
  BOOST_TEST(refused("a//b") == "a//b: empty path component");
  BOOST_TEST(refused("a/") == "a/: empty path component");
  BOOST_TEST(refused("a\\..\\up") == "a\\..\\up: path contains a backslash");
  BOOST_TEST(refused(std::string("a\0/../b", 7)) ==
             "a\\x00/../b: path contains a NUL byte");
  BOOST_TEST(refused(std::string(513, 'x')).substr(200) ==
             "...: path longer than 512 bytes");
  BOOST_TEST(refused("new\nline/..") == "new\\x0aline/..: '..' path component");
  bundle::ArchiveLimits tight;
  tight.max_path_bytes = 4;
  BOOST_CHECK_NO_THROW(bundle::check_entry_path("abcd", tight));
  BOOST_TEST(contains(archive_error([&] { bundle::check_entry_path("abcde", tight); }),
                      "longer than 4 bytes"));
}

BOOST_AUTO_TEST_CASE(pack_refuses_what_unpack_would) {
  using flu::test::archive_error;
  auto pack_error = [](std::vector<ArchiveEntry> entries) {
    return archive_error([&] { bundle::pack(entries); });
  };
  BOOST_TEST(pack_error({{"ok", ""}, {"../up", ""}}) == "../up: '..' path component");
  BOOST_TEST(pack_error({{"same", "1"}, {"same", "2"}}) == "same: duplicate path");
  BOOST_TEST(pack_error({{"a", "file"}, {"a/b", "under it"}}) ==
             "a/b: its directory a is a file");
  BOOST_TEST(pack_error({{"a/b", ""}, {"a", ""}}) == "a: both a file and a directory");
}

BOOST_AUTO_TEST_CASE(unpack_reads_gzip_tar_and_skips_directory_entries) {
  const auto tar = flu::test::TarBuilder(flu::test::Compression::gzip)
                       .directory("dir/")
                       .file("dir/a.txt", "from gzip")
                       .finish();
  const auto back = bundle::unpack(tar, "gzip");
  BOOST_TEST(same(back, {{"dir/a.txt", "from gzip"}}));
}

BOOST_AUTO_TEST_CASE(unpack_refuses_filters_outside_its_list) {
  // bzip2 is not among zstd, gzip and xz: its bytes are not even looked at.
  const auto tar =
      flu::test::TarBuilder(flu::test::Compression::bzip2).file("a.txt", "x").finish();
  const auto error = flu::test::archive_error([&] { bundle::unpack(tar, "bz2"); });
  BOOST_TEST(error.rfind("bz2: ", 0) == 0);
  BOOST_TEST(contains(error, "Unrecognized archive format"));
}
