#include <boost/test/unit_test.hpp>

#include "bundle/cache.hpp"
#include "bundle_fixtures.hpp"

#include <chrono>
#include <fstream>

using namespace flu::bundle;
namespace t = flu::bundle::test;
namespace fs = std::filesystem;

namespace {

struct Fixture : t::Releaser {
  t::TempDir dir;
  fs::path cache_dir() const { return dir.path() / "cache"; }
};

// Sets a held bundle's last use `age` ago.
void used_ago(BundleCache &cache, const std::string &sha, std::chrono::hours age) {
  fs::last_write_time(cache.directory() / sha, fs::file_time_type::clock::now() - age);
}

} // namespace

BOOST_AUTO_TEST_SUITE(bundle_cache)

BOOST_AUTO_TEST_CASE(installs_a_verified_bundle_by_content_address) {
  Fixture f;
  BundleCache cache(f.cache_dir(), f.trust);
  BOOST_TEST(((fs::status(f.cache_dir()).permissions() & fs::perms::others_all) ==
              fs::perms::none));
  const std::string bytes = f.make("streamer", "1.2.0", "http-streamer");
  const std::string sha = sha256_hex(bytes);
  BOOST_TEST(!cache.has(sha));
  const CachedBundle b = cache.install(sha, bytes, "test");
  BOOST_TEST(cache.has(sha));
  BOOST_TEST(b.manifest.label() == "streamer 1.2.0");
  BOOST_TEST(b.bytes > 0u);
  const fs::path library = cache.module_library(sha, "streamer");
  BOOST_TEST(library == f.cache_dir() / sha / "modules/streamer/libflu-streamer.so");
  BOOST_TEST(fs::is_regular_file(library));
  BOOST_TEST(fs::is_regular_file(f.cache_dir() / sha / "flu-bundle.xml"));
  BOOST_CHECK_THROW(cache.module_library(sha, "other"), BundleError);
  BOOST_TEST(cache.held() == std::vector<std::string>{sha});
  // A second install is a no-op; a fresh cache object finds it on disk.
  cache.install(sha, bytes, "test");
  BundleCache again(f.cache_dir(), f.trust);
  BOOST_TEST(again.get(sha).manifest.label() == "streamer 1.2.0");
}

BOOST_AUTO_TEST_CASE(refuses_wrong_hash_unknown_signer_and_bad_address) {
  Fixture f;
  BundleCache cache(f.cache_dir(), f.trust);
  const std::string bytes = f.make("streamer", "1.0.0", "http-streamer");
  const std::string sha = sha256_hex(bytes);
  const std::string other = sha256_hex("something else");
  try {
    cache.install(other, bytes, "from the manager");
    BOOST_FAIL("a mismatched hash was accepted");
  } catch (const BundleError &e) {
    BOOST_TEST(std::string(e.what()).find("does not hash to") != std::string::npos);
  }
  // Signed by a key this cache does not trust.
  const SecretKey stranger = generate_key("stranger");
  const std::string foreign = t::build(t::recipe("streamer", "1.0.0", "x"), &stranger);
  BOOST_CHECK_THROW(cache.install(sha256_hex(foreign), foreign, "t"), BundleError);
  // A content address is a directory name: nothing but hex passes.
  BOOST_CHECK_THROW(cache.install("../../etc", bytes, "t"), BundleError);
  BOOST_TEST(!cache.has("../" + sha));
  BOOST_TEST(cache.held().empty());
  BOOST_TEST(fs::is_empty(f.cache_dir()));
}

BOOST_AUTO_TEST_CASE(removes_stale_staging_directories_only) {
  Fixture f;
  const fs::path stale = f.cache_dir() / ".staging-abc-123";
  const fs::path recent = f.cache_dir() / ".staging-def-456";
  fs::create_directories(stale / "modules");
  fs::create_directories(recent / "modules");
  fs::last_write_time(stale, fs::file_time_type::clock::now() - std::chrono::hours(1));
  BundleCache cache(f.cache_dir(), f.trust);
  BOOST_TEST(!fs::exists(stale));
  BOOST_TEST(fs::exists(recent)); // perhaps another process's unpack under way
}

BOOST_AUTO_TEST_CASE(evicts_least_recently_used_bundles_not_in_use) {
  Fixture f;
  BundleCache cache(f.cache_dir(), f.trust);
  std::vector<std::string> shas;
  for (const char *v : {"1.0.0", "1.1.0", "1.2.0", "1.3.0"}) {
    const std::string bytes = f.make("streamer", v, "http-streamer");
    shas.push_back(sha256_hex(bytes));
    cache.install(shas.back(), bytes, "t");
  }
  // 1.0.0 used longest ago, then 1.1.0 (in use), 1.2.0, 1.3.0 most recently.
  used_ago(cache, shas[0], std::chrono::hours(4));
  used_ago(cache, shas[1], std::chrono::hours(3));
  used_ago(cache, shas[2], std::chrono::hours(2));
  cache.touch(shas[3]);
  const uint64_t one = cache.get(shas[3]).bytes;
  const uint64_t total = cache.total_bytes();
  BOOST_TEST(total >= 4 * one - 64);

  // Nothing to do under the limit.
  BOOST_TEST(cache.evict(total, {}).empty());
  // Room for two: the oldest unused go, the one in use stays.
  const auto removed = cache.evict(total - 2 * one + 8, {shas[1]});
  BOOST_TEST(removed == (std::vector<std::string>{shas[0], shas[2]}));
  BOOST_TEST(cache.held().size() == 2u);
  BOOST_TEST(cache.has(shas[1]));
  BOOST_TEST(cache.has(shas[3]));
  // What is in use stays even when nothing fits.
  cache.evict(0, {shas[1]});
  BOOST_TEST(cache.held() == std::vector<std::string>{shas[1]});
}

BOOST_AUTO_TEST_SUITE_END()
