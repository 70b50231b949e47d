#include <boost/test/unit_test.hpp>

#include <algorithm>

#include "bundle/bundle_manifest.hpp"
#include "bundle_fixtures.hpp"

using namespace flu::bundle;
namespace t = flu::bundle::test;

namespace {

BundleManifest sample() {
  auto r = t::recipe("http-streamer", "1.1.0", "http-streamer", {{"flu-base", "^1.0"}});
  r.manifest.translations.push_back({"flu", "fr", "share/locale/fr/LC_MESSAGES/flu.mo"});
  r.files.push_back({"share/locale/fr/LC_MESSAGES/flu.mo", "mo"});
  for (const auto &f : r.files)
    r.manifest.files.push_back({f.path, f.data.size(), sha256_hex(f.data)});
  return r.manifest;
}

bool says(const ManifestError &e, const std::string &what) {
  return std::string(e.what()).find(what) != std::string::npos;
}

// The sample's XML with `from` replaced by `to`, parsed.
void expect_refused(const std::string &from, const std::string &to,
                    const std::string &message) {
  std::string xml = write_bundle_manifest(sample());
  const auto at = xml.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, from);
  xml.replace(at, from.size(), to);
  BOOST_CHECK_EXCEPTION(parse_bundle_manifest(xml, "test.xml"), ManifestError,
                        [&](const ManifestError &e) {
                          BOOST_TEST_MESSAGE(e.what());
                          return says(e, message) && says(e, "test.xml:");
                        });
}

} // namespace

BOOST_AUTO_TEST_SUITE(bundle_manifest)

BOOST_AUTO_TEST_CASE(writes_and_reads_back_everything) {
  const auto m = sample();
  const std::string xml = write_bundle_manifest(m);
  BOOST_TEST(write_bundle_manifest(m) == xml); // deterministic
  const auto back = parse_bundle_manifest(xml, "test.xml");
  BOOST_TEST(back.name == "http-streamer");
  BOOST_TEST(back.version == "1.1.0");
  BOOST_TEST(back.platform == host_platform());
  BOOST_TEST(back.abi_major == FLU_ABI_MAJOR);
  BOOST_REQUIRE(back.depends.size() == 1u);
  BOOST_TEST(back.depends[0].range == "^1.0");
  BOOST_REQUIRE(back.modules.size() == 1u);
  BOOST_TEST(back.modules[0].library_path() ==
             "modules/http-streamer/libflu-http-streamer.so");
  // The schema travels inside the manifest.
  const auto *type = back.modules[0].manifest.types.data();
  BOOST_TEST(type->name == "http-streamer");
  BOOST_REQUIRE(type->properties.size() == 1u);
  BOOST_TEST(type->properties[0].default_value.value_or("") == "400000");
  BOOST_TEST(back.component_types() == std::vector<std::string>{"http-streamer"});
  BOOST_TEST(back.translations.size() == 1u);
  BOOST_TEST(back.files.size() == m.files.size());
  BOOST_TEST(write_bundle_manifest(back) == xml);
}

// What the manager lists (flu-command types) without loading anything: a
// wizard step's role, title and formats, a type's runtime checks.
BOOST_AUTO_TEST_CASE(carries_wizard_steps_and_checks) {
  auto m = sample();
  m.files.push_back({"wizard/s/libflu-wizard-s.so", 1, std::string(64, 'a')});
  m.files.push_back({"wizard/t/libflu-wizard-t.so", 1, std::string(64, 'b')});
  std::sort(m.files.begin(), m.files.end(),
            [](const auto &a, const auto &b) { return a.path < b.path; });
  m.wizard_steps.push_back({"http-streamer", "wizard/s/libflu-wizard-s.so", "consumer",
                            "an HTTP stream", "webm mpegts", ""});
  m.wizard_steps.push_back(
      {"http-streamer", "wizard/t/libflu-wizard-t.so", "", "", "", ""});
  m.modules[0].manifest.types[0].checks.push_back(
      {"port", "is the port free", "PORT", {"port", "state"}});
  const std::string xml = write_bundle_manifest(m);
  BOOST_TEST(xml.find("role=\"consumer\" title=\"an HTTP stream\" accepts=\"webm "
                      "mpegts\" />") != std::string::npos,
             xml);
  BOOST_TEST(xml.find("path=\"wizard/t/libflu-wizard-t.so\" />") != std::string::npos,
             xml); // a 1.0 step's manifest, as before
  const auto back = parse_bundle_manifest(xml, "test.xml");
  BOOST_REQUIRE(back.wizard_steps.size() == 2u);
  BOOST_TEST(back.wizard_steps[0].role == "consumer");
  BOOST_TEST(back.wizard_steps[0].accepts == "webm mpegts");
  BOOST_TEST(back.wizard_steps[1].role.empty());
  BOOST_REQUIRE(back.modules[0].manifest.types[0].checks.size() == 1u);
  BOOST_TEST(back.modules[0].manifest.types[0].checks[0].usage == "PORT");
  BOOST_TEST(write_bundle_manifest(back) == xml);
}

BOOST_AUTO_TEST_CASE(refuses_what_later_stages_rely_on) {
  expect_refused("name=\"http-streamer\" version", "name=\"Bad Name\" version",
                 "bundle name");
  expect_refused("version=\"1.1.0\" abi", "version=\"1.1\" abi",
                 "not a semantic version");
  expect_refused("abi=\"", "abi=\"x", "abi");
  expect_refused("range=\"^1.0\"", "range=\"^^1\"", "dependency flu-base");
  expect_refused("path=\"share/doc/http-streamer/README\"", "path=\"../README\"",
                 "unsafe path");
  expect_refused("path=\"share/doc/http-streamer/README\"", "path=\"/etc/passwd\"",
                 "unsafe path");
  expect_refused("path=\"modules/http-streamer/libflu-http-streamer.so\"",
                 "path=\"modules/http-streamer/other.so\"", "library of module");
  expect_refused("path=\"share/locale/fr/LC_MESSAGES/flu.mo\" size",
                 "path=\"share/doc/http-streamer/README\" size", "listed twice");
  expect_refused("sha256=\"", "sha256=\"XYZ", "sha256");
  expect_refused("<files>", "<files><link path=\"a\"/>", "unknown element <link>");
  expect_refused("<bundle ", "<bundle evil=\"1\" ", "unknown attribute evil");
  expect_refused("type=\"http-streamer\"", "type=\"\"", "module");
}

BOOST_AUTO_TEST_CASE(malformed_xml_names_the_line) {
  BOOST_CHECK_EXCEPTION(parse_bundle_manifest("<bundle>\n<oops", "m.xml"), ManifestError,
                        [](const ManifestError &e) { return says(e, "m.xml:2"); });
  BOOST_CHECK_EXCEPTION(
      parse_bundle_manifest("<recipe/>", "m.xml"), ManifestError,
      [](const ManifestError &e) { return says(e, "expected <bundle>"); });
  BOOST_CHECK_THROW(parse_bundle_manifest("", "m.xml"), ManifestError);
}

BOOST_AUTO_TEST_SUITE_END()
