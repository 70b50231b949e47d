#include <boost/test/unit_test.hpp>

#include "bundle/bundle.hpp"
#include "bundle_fixtures.hpp"

#include <algorithm>

using namespace flu::bundle;
namespace t = flu::bundle::test;

namespace {

struct Keys {
  SecretKey release = generate_key("release");
  TrustStore trust;
  Keys() { trust.add(release.public_key()); }
  VerifyOptions options() const {
    VerifyOptions o;
    o.trust = &trust;
    return o;
  }
};

bool says(const std::exception &e, const std::string &what) {
  BOOST_TEST_MESSAGE(e.what());
  return std::string(e.what()).find(what) != std::string::npos;
}

void expect_refused(const std::string &bytes, const VerifyOptions &options,
                    const std::string &message) {
  BOOST_CHECK_EXCEPTION(
      open_bundle(bytes, "b.flub", options), BundleError,
      [&](const BundleError &e) { return says(e, message) && says(e, "b.flub"); });
}

// The bundle's entries, changed by `edit`, packed again (signature kept).
template <class Edit> std::string tampered(const std::string &bytes, Edit edit) {
  auto entries = unpack(bytes, "b.flub");
  edit(entries);
  return pack(entries);
}

} // namespace

BOOST_AUTO_TEST_SUITE(bundle_file)

BOOST_AUTO_TEST_CASE(the_same_recipe_gives_the_same_bytes) {
  Keys keys;
  const auto r = t::recipe("vp8-encoder", "1.0.0", "vp8-encoder");
  const std::string a = t::build(r, &keys.release);
  const std::string b = t::build(r, &keys.release);
  BOOST_TEST(a == b);
  // Files given in another order: the bundle sorts them.
  auto shuffled = r;
  std::reverse(shuffled.files.begin(), shuffled.files.end());
  BOOST_TEST(t::build(shuffled, &keys.release) == a);
  // Signing an unsigned build afterwards gives the signed build.
  BOOST_TEST(sign_bundle(t::build(r, nullptr), "u.flub", keys.release) == a);
}

BOOST_AUTO_TEST_CASE(a_signed_bundle_opens_with_its_files_checked) {
  Keys keys;
  const std::string bytes =
      t::build(t::recipe("vp8-encoder", "1.2.0", "vp8-encoder", {{"flu-base", "^1.0"}}),
               &keys.release);
  const auto opened = open_bundle(bytes, "b.flub", keys.options());
  BOOST_TEST(opened.manifest.label() == "vp8-encoder 1.2.0");
  BOOST_TEST(opened.signer == "release (" + keys.release.public_key().id() + ")");
  BOOST_TEST(opened.sha256 == sha256_hex(bytes));
  BOOST_TEST(opened.files.size() == 3u);
  BOOST_TEST(opened.files[0].path == "modules/vp8-encoder/libflu-vp8-encoder.so");
}

BOOST_AUTO_TEST_CASE(a_tampered_file_is_refused) {
  Keys keys;
  const std::string bytes = t::build(t::recipe("x", "1.0.0", "x-type"), &keys.release);
  expect_refused(tampered(bytes,
                          [](auto &entries) {
                            for (auto &e : entries)
                              if (e.path.ends_with(".so"))
                                e.data[0] ^= 1;
                          }),
                 keys.options(), "does not match its SHA-256");
}

BOOST_AUTO_TEST_CASE(a_tampered_manifest_is_refused) {
  Keys keys;
  const std::string bytes = t::build(t::recipe("x", "1.0.0", "x-type"), &keys.release);
  expect_refused(tampered(bytes,
                          [](auto &entries) {
                            auto &m = entries[0].data;
                            m.replace(m.find("1.0.0"), 5, "9.0.0");
                          }),
                 keys.options(), "does not match");
}

BOOST_AUTO_TEST_CASE(an_unknown_or_missing_signature_is_refused) {
  Keys keys;
  const auto r = t::recipe("x", "1.0.0", "x-type");
  const auto stranger = generate_key("stranger");
  expect_refused(t::build(r, &stranger), keys.options(), "not in the trust store");
  expect_refused(t::build(r, nullptr), keys.options(), "not signed");
  VerifyOptions unsigned_ok = keys.options();
  unsigned_ok.allow_unsigned = true;
  BOOST_TEST(open_bundle(t::build(r, nullptr), "b.flub", unsigned_ok).signature.empty());
}

BOOST_AUTO_TEST_CASE(a_wrong_platform_or_abi_is_refused) {
  Keys keys;
  auto r = t::recipe("x", "1.0.0", "x-type");
  r.manifest.platform = "aarch64-linux-gnu";
  expect_refused(t::build(r, &keys.release), keys.options(),
                 "built for aarch64-linux-gnu");
  r = t::recipe("x", "1.0.0", "x-type");
  r.manifest.abi_major = FLU_ABI_MAJOR + 1;
  expect_refused(t::build(r, &keys.release), keys.options(), "needs module ABI");
  r.manifest.abi_major = FLU_ABI_MAJOR;
  r.manifest.abi_minor = FLU_ABI_MINOR + 1;
  expect_refused(t::build(r, &keys.release), keys.options(), "needs module ABI");
  // Without native code the platform does not matter.
  auto data = t::recipe("docs", "1.0.0");
  BOOST_TEST(open_bundle(t::build(data, &keys.release), "b.flub", keys.options())
                 .manifest.platform == "any");
}

BOOST_AUTO_TEST_CASE(files_must_match_the_manifest_exactly) {
  Keys keys;
  const std::string bytes = t::build(t::recipe("x", "1.0.0", "x-type"), &keys.release);
  expect_refused(tampered(bytes,
                          [](auto &entries) {
                            entries.push_back({"extra/payload.so", "x"});
                          }),
                 keys.options(), "not in its manifest");
  expect_refused(tampered(bytes, [](auto &entries) { entries.pop_back(); }),
                 keys.options(), "not in the bundle");
  expect_refused(
      tampered(bytes, [](auto &entries) { std::swap(entries[0], entries.back()); }),
      keys.options(), "not a bundle");
  expect_refused("", keys.options(), "b.flub");
  expect_refused("definitely not a bundle", keys.options(), "b.flub");
}

BOOST_AUTO_TEST_CASE(building_refuses_a_manifest_that_would_not_open) {
  auto r = t::recipe("x", "1.0.0", "x-type");
  r.files.erase(r.files.begin()); // the module's library
  BOOST_CHECK_EXCEPTION(t::build(r, nullptr), BundleError, [](const BundleError &e) {
    return says(e, "library of module");
  });
}

BOOST_AUTO_TEST_SUITE_END()
