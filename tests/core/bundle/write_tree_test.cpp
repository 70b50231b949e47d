// write_tree(): files land under the destination and nowhere else, and a
// refused or failed write leaves nothing behind, staging directory
// included.
#include "archive_fixture.hpp"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <cerrno>
#include <fstream>
#include <sstream>

namespace bundle = flu::bundle;
namespace fs = std::filesystem;
using bundle::ArchiveEntry;
using flu::test::contains;
using flu::test::listing;

namespace {

std::string read_file(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

mode_t permissions(const fs::path &path) {
  struct stat st {};
  BOOST_REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

mode_t current_umask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

// ROOT/parent/bundle: an entry escaping one or two levels up would land in
// ROOT/parent or ROOT, both of which the test lists.
struct Layout {
  flu::test::TempDir root;
  fs::path parent = root.path() / "parent";
  fs::path destination = parent / "bundle";
  Layout() { fs::create_directory(parent); }
};

const std::vector<std::string> only_parent{"parent"};

} // namespace

BOOST_AUTO_TEST_SUITE(write_tree)

BOOST_AUTO_TEST_CASE(writes_files_and_their_directories) {
  Layout at;
  const std::string binary("\0\x01\xff\0", 4);
  bundle::write_tree(at.destination,
                     {{"module.xml", "<m/>"}, {"lib/x/libm.so", binary}, {"empty", ""}});
  const std::vector<std::string> expected{"parent",
                                          "parent/bundle",
                                          "parent/bundle/empty",
                                          "parent/bundle/lib",
                                          "parent/bundle/lib/x",
                                          "parent/bundle/lib/x/libm.so",
                                          "parent/bundle/module.xml"};
  BOOST_TEST(listing(at.root.path()) == expected, boost::test_tools::per_element());
  BOOST_TEST(read_file(at.destination / "lib/x/libm.so") == binary);
  BOOST_TEST(read_file(at.destination / "module.xml") == "<m/>");
  BOOST_TEST(fs::file_size(at.destination / "empty") == 0u);
  const mode_t mask = current_umask();
  BOOST_TEST(permissions(at.destination / "module.xml") == (0644 & ~mask));
  BOOST_TEST(permissions(at.destination / "lib/x") == (0755 & ~mask));
}

BOOST_AUTO_TEST_CASE(writes_what_unpack_returns) {
  Layout at;
  const std::vector<ArchiveEntry> entries{{"a/b/c.txt", "c"}, {"a/d.txt", "d"}};
  const auto unpacked = bundle::unpack(bundle::pack(entries), "round trip");
  // A trailing slash names the same directory.
  bundle::write_tree(at.destination.string() + "/", unpacked);
  BOOST_TEST(read_file(at.destination / "a/b/c.txt") == "c");
  BOOST_TEST(read_file(at.destination / "a/d.txt") == "d");
  BOOST_TEST(listing(at.parent).size() == 5u); // bundle, a, a/b, 2 files: no staging
}

BOOST_AUTO_TEST_CASE(destination_name_of_255_bytes) {
  // The staging directory's name holds part of the destination's: it must
  // stay within NAME_MAX too.
  Layout at;
  const auto destination = at.parent / std::string(255, 'n');
  bundle::write_tree(destination, {{"f", "x"}});
  BOOST_TEST(read_file(destination / "f") == "x");
  BOOST_TEST(listing(at.parent).size() == 2u);
}

BOOST_AUTO_TEST_CASE(hostile_paths_write_nothing_anywhere) {
  const Layout probe; // only for the absolute path below
  const std::string absolute = (probe.root.path() / "abs-escape.txt").string();
  const std::vector<std::pair<std::vector<ArchiveEntry>, std::string>> cases{
      {{{"ok.txt", "x"}, {"../escape.txt", "out"}}, "../escape.txt: '..' path component"},
      {{{"a/../../escape.txt", "out"}}, "'..' path component"},
      {{{"ok.txt", "x"}, {"../../escape.txt", "out"}}, "'..' path component"},
      {{{absolute, "out"}}, absolute + ": absolute path"},
      {{{"..\\escape.txt", "out"}}, "path contains a backslash"},
      {{{std::string("ok\0/../../escape.txt", 20), "out"}}, "path contains a NUL byte"},
      {{{std::string(600, 'x'), "out"}}, "path longer than 512 bytes"},
      {{{"", "out"}}, "empty path"},
      {{{"./escape.txt", "out"}}, "'.' path component"},
      {{{"a//escape.txt", "out"}}, "empty path component"},
      {{{"same", "1"}, {"same", "2"}}, "same: duplicate path"},
      {{{"a", "1"}, {"a/b", "2"}}, "a/b: its directory a is a file"},
  };
  for (const auto &[entries, reason] : cases) {
    BOOST_TEST_CONTEXT("refusal " << reason) {
      Layout at;
      const auto error =
          flu::test::archive_error([&] { bundle::write_tree(at.destination, entries); });
      BOOST_TEST(error.rfind(at.destination.string() + ": ", 0) == 0, error);
      BOOST_TEST(contains(error, reason), error);
      BOOST_TEST(listing(at.root.path()) == only_parent,
                 boost::test_tools::per_element());
    }
  }
  BOOST_TEST(!fs::exists(fs::symlink_status(absolute)));
}

BOOST_AUTO_TEST_CASE(existing_destination_is_left_alone) {
  Layout at;
  fs::create_directory(at.destination);
  std::ofstream(at.destination / "keep.txt") << "old";
  BOOST_CHECK_EXCEPTION(
      bundle::write_tree(at.destination, {{"keep.txt", "new"}}), fs::filesystem_error,
      [](const fs::filesystem_error &e) { return e.code() == std::errc::file_exists; });
  BOOST_TEST(read_file(at.destination / "keep.txt") == "old");
  BOOST_TEST(listing(at.parent).size() == 2u); // bundle, keep.txt
}

BOOST_AUTO_TEST_CASE(destination_symlink_is_not_followed) {
  Layout at;
  const auto elsewhere = at.root.path() / "elsewhere";
  fs::create_directory_symlink(elsewhere, at.destination); // dangling
  BOOST_CHECK_EXCEPTION(
      bundle::write_tree(at.destination, {{"f", "x"}}), fs::filesystem_error,
      [](const fs::filesystem_error &e) { return e.code() == std::errc::file_exists; });
  BOOST_TEST(!fs::exists(fs::symlink_status(elsewhere)));
  BOOST_TEST(fs::is_symlink(at.destination));
  BOOST_TEST(listing(at.parent).size() == 1u);
}

BOOST_AUTO_TEST_CASE(missing_parent_is_a_disk_error) {
  Layout at;
  BOOST_CHECK_THROW(bundle::write_tree(at.parent / "no" / "bundle", {{"f", "x"}}),
                    fs::filesystem_error);
  BOOST_TEST(listing(at.root.path()) == only_parent, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(failed_write_removes_the_staging_directory) {
  // A file size limit makes the second file fail half-way (EFBIG), after
  // the staging directory and the first file exist.
  Layout at;
  struct rlimit saved {};
  BOOST_REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  const auto saved_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit tight = saved;
  tight.rlim_cur = 64u << 10;
  BOOST_REQUIRE(::setrlimit(RLIMIT_FSIZE, &tight) == 0);
  std::error_code code;
  std::string what;
  try {
    bundle::write_tree(at.destination,
                       {{"small", "x"}, {"dir/big", std::string(1u << 20, 'b')}});
  } catch (const fs::filesystem_error &e) {
    code = e.code();
    what = e.what();
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  ::signal(SIGXFSZ, saved_handler);
  BOOST_TEST(code.value() == EFBIG, what);
  BOOST_TEST(contains(what, "dir/big"), what);
  BOOST_TEST(listing(at.root.path()) == only_parent, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
