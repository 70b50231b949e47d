#include <boost/test/unit_test.hpp>

#include "bundle/repository.hpp"
#include "bundle_fixtures.hpp"

#include <fstream>

using namespace flu::bundle;
namespace t = flu::bundle::test;

namespace {

struct Store : t::Releaser {
  t::TempDir dir;
};

std::vector<std::string> labels(const Resolution &r) {
  std::vector<std::string> out;
  for (const auto *b : r.bundles)
    out.push_back(b->manifest.label());
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(repository)

BOOST_AUTO_TEST_CASE(keeps_versions_side_by_side_and_resolves_the_highest) {
  Store s;
  Repository repo(s.dir.path() / "repo", Repository::Mode::store, &s.trust);
  BOOST_TEST(repo.publish(s.make("flu-base", "1.0.0"), "t").added);
  BOOST_TEST(repo.publish(s.make("flu-base", "1.1.0"), "t").added);
  BOOST_TEST(repo.publish(s.make("flu-base", "2.0.0"), "t").added);
  repo.publish(s.make("streamer", "1.0.0", "http-streamer", {{"flu-base", "^1.0"}}), "t");
  repo.publish(s.make("streamer", "1.1.0", "http-streamer", {{"flu-base", "^1.0"}}), "t");

  auto r = repo.resolve_type("http-streamer", "");
  BOOST_TEST(labels(r) == (std::vector<std::string>{"flu-base 1.1.0", "streamer 1.1.0"}));
  BOOST_TEST(r.module_bundle->manifest.label() == "streamer 1.1.0");
  BOOST_TEST(r.module_id == "streamer");
  r = repo.resolve_type("http-streamer", "=1.0.0");
  BOOST_TEST(r.module_bundle->manifest.label() == "streamer 1.0.0");
  BOOST_CHECK_THROW(repo.resolve_type("http-streamer", "^3"), ResolveError);
  BOOST_CHECK_THROW(repo.resolve_type("no-such-type", ""), ResolveError);

  // The schema comes from the manifests: nothing was loaded.
  const auto registry = repo.registry();
  BOOST_TEST(registry.find_type("http-streamer") != nullptr);
}

BOOST_AUTO_TEST_CASE(publishing_is_idempotent_and_refuses_a_changed_version) {
  Store s;
  Repository repo(s.dir.path() / "repo", Repository::Mode::store, &s.trust);
  const std::string a = s.make("x", "1.0.0", "x-type");
  BOOST_TEST(repo.publish(a, "t").added);
  BOOST_TEST(!repo.publish(a, "t").added);
  auto other = t::recipe("x", "1.0.0", "x-type");
  other.files.back().data = "changed";
  BOOST_CHECK_THROW(repo.publish(t::build(other, &s.key), "t"), PublishConflict);
  BOOST_CHECK_THROW(repo.publish(t::build(other, nullptr), "t"), BundleError);
  BOOST_TEST(repo.bundles().size() == 1u);
  // Content-addressed on disk.
  BOOST_TEST(std::filesystem::exists(s.dir.path() / "repo" / (sha256_hex(a) + ".flub")));

  // A developer's rebuild of the same version may take the old one's place.
  const std::string rebuilt = t::build(other, &s.key);
  const auto published = repo.publish(rebuilt, "build", true);
  BOOST_TEST(published.added);
  BOOST_TEST(published.replaced);
  BOOST_TEST(repo.bundles().size() == 1u);
  BOOST_TEST(repo.bundles()[0]->sha256 == sha256_hex(rebuilt));
  BOOST_TEST(!std::filesystem::exists(s.dir.path() / "repo" / (sha256_hex(a) + ".flub")));
}

BOOST_AUTO_TEST_CASE(a_restarted_store_finds_its_bundles_and_skips_bad_files) {
  Store s;
  {
    Repository repo(s.dir.path() / "repo", Repository::Mode::store, &s.trust);
    repo.publish(s.make("x", "1.0.0", "x-type"), "t");
  }
  std::ofstream(s.dir.path() / "repo" / "junk.flub") << "not a bundle";
  Repository again(s.dir.path() / "repo", Repository::Mode::store, &s.trust);
  BOOST_TEST(again.bundles().size() == 1u);
  BOOST_REQUIRE(again.errors().size() == 1u);
  BOOST_TEST(again.errors()[0].find("junk.flub") != std::string::npos);
  const auto *b = again.bundles()[0];
  BOOST_TEST(again.read(*b).size() == b->size);
}

BOOST_AUTO_TEST_CASE(two_bundles_providing_one_type_is_a_conflict) {
  Store s;
  Repository repo(s.dir.path() / "repo", Repository::Mode::store, &s.trust);
  repo.publish(s.make("a", "1.0.0", "dup-type"), "t");
  repo.publish(s.make("b", "1.0.0", "dup-type"), "t");
  BOOST_CHECK_EXCEPTION(
      repo.resolve_type("dup-type", ""), ResolveError, [](const ResolveError &e) {
        return std::string(e.what()).find("a and b") != std::string::npos;
      });
}

BOOST_AUTO_TEST_SUITE_END()
