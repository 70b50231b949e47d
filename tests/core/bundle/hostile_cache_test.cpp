// What a worker's cache does with a hostile "bundle" from the manager: the
// archives of hostile_archives.hpp, each under its own content address, are
// refused with a message naming where it came from, and nothing is written,
// neither in the cache nor beside it.
#include <boost/test/unit_test.hpp>

#include "bundle/cache.hpp"
#include "hostile_archives.hpp"
#include "temp_dir.hpp"

#include <archive_entry.h>

#include <filesystem>
#include <random>

namespace bundle = flu::bundle;
namespace hostile = flu::test::hostile;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_CASE(hostile_archives_never_reach_the_disk) {
  const flu::test::TempDir dir("flu-hostile-cache");
  const fs::path root = dir.path();
  const fs::path cache_dir = root / "cache";
  bundle::TrustStore trust;
  trust.add(bundle::generate_key("release").public_key());
  bundle::ArchiveLimits limits;
  limits.max_entries = 64;
  limits.max_total_bytes = 1 << 20;
  bundle::BundleCache cache(cache_dir, trust, limits);
  const std::vector<std::pair<std::string, std::string>> archives{
      {"parent escape", hostile::parent_escape()},
      {"nested parent escape", hostile::nested_parent_escape()},
      {"absolute path", hostile::absolute("/tmp/flu-hostile-absolute.txt")},
      {"symlink escape", hostile::symlink_then_through(root.string())},
      {"relative symlink escape", hostile::symlink_relative_escape()},
      {"hardlink outside", hostile::hardlink_outside()},
      {"device", hostile::special(AE_IFCHR)},
      {"compression bomb", hostile::compression_bomb(64ull << 20)},
      {"too many entries", hostile::many_entries(100)},
      {"garbage", std::string(4096, '\x5a')},
  };
  for (const auto &[what, bytes] : archives) {
    try {
      cache.install(bundle::sha256_hex(bytes), bytes, what + " from the manager");
      BOOST_ERROR(what << " was installed");
    } catch (const bundle::BundleError &e) {
      BOOST_TEST(std::string(e.what()).find(what + " from the manager") == 0, e.what());
    }
  }
  BOOST_TEST(fs::is_empty(cache_dir));
  // Only the cache folder was ever made beside it.
  for (const auto &entry : fs::directory_iterator(root))
    BOOST_TEST(entry.path() == cache_dir);
  BOOST_TEST(!fs::exists("/tmp/flu-hostile-absolute.txt"));
}
