// The registry scans module folders, keeps going past broken manifests and
// reports clashes, the first module keeping a contested type.
#include "registry/manifest.hpp"
#include "registry/registry.hpp"
#include "scratch_dir.hpp"

#include <boost/test/unit_test.hpp>

using namespace flu::registry;
using flu::registry::test::ScratchDir;

namespace {

std::string manifest(const std::string &id, const std::vector<std::string> &types) {
  std::string xml = "<module id=\"" + id +
                    "\" version=\"1.0.0\" abi=\"1.0\" library=\"lib" + id + ".so\">\n";
  for (const auto &type : types)
    xml += "  <component type=\"" + type + "\"><feeder name=\"default\"/></component>\n";
  return xml + "</module>\n";
}

bool mentions(const std::vector<std::string> &errors, const std::string &text) {
  for (const auto &error : errors)
    if (error.find(text) != std::string::npos)
      return true;
  return false;
}

} // namespace

BOOST_AUTO_TEST_CASE(scans_module_folders_and_skips_broken_manifests) {
  ScratchDir dir;
  dir.write("modules/producers/module.xml",
            manifest("producers", {"videotest-producer", "audiotest-producer"}));
  dir.write("modules/encoders/module.xml", manifest("encoders", {"vp8-encoder"}));
  auto broken = dir.write("modules/broken/module.xml",
                          "<module id=\"broken\">\n<oops>\n</module>\n");
  auto invalid =
      dir.write("modules/invalid/module.xml",
                "<module id=\"x\" version=\"1\" abi=\"one\" library=\"x.so\"/>");
  dir.write("modules/no-manifest/readme.txt", "not a module");
  dir.write("modules/stray-file.xml", manifest("ignored", {"ignored-type"}));
  // A module.xml directly in a listed directory counts too.
  dir.write("single/module.xml", manifest("muxers", {"webm-muxer"}));

  Registry registry;
  registry.scan({dir.path() / "modules", dir.path() / "absent", dir.path() / "single"});

  BOOST_TEST(registry.type_names() ==
                 (std::vector<std::string>{"audiotest-producer", "videotest-producer",
                                           "vp8-encoder", "webm-muxer"}),
             boost::test_tools::per_element());
  BOOST_REQUIRE(registry.errors().size() == 2u);
  BOOST_TEST(registry.errors()[0].rfind(broken.string() + ":3: malformed XML", 0) == 0u,
             registry.errors()[0]);
  BOOST_TEST(registry.errors()[1] ==
             invalid.string() + ":1: abi 'one' is not MAJOR.MINOR");

  BOOST_REQUIRE(registry.find_type("vp8-encoder"));
  BOOST_TEST(registry.find_type("vp8-encoder")->feeder("default"));
  BOOST_TEST(registry.module_of("vp8-encoder")->id == "encoders");
  BOOST_TEST(registry.module_of("vp8-encoder")->directory ==
             dir.path() / "modules/encoders");
  BOOST_TEST(registry.module_of("webm-muxer")->directory == dir.path() / "single");
  BOOST_TEST(!registry.find_type("ignored-type"));
  BOOST_TEST(!registry.module_of("nothing"));
  BOOST_TEST(registry.find_module("producers")->types.size() == 2u);
  BOOST_TEST(registry.modules().size() == 3u);
}

BOOST_AUTO_TEST_CASE(first_module_keeps_a_contested_type) {
  ScratchDir dir;
  // Scanned in name order: "a-first" before "b-second".
  dir.write("a-first/module.xml", manifest("first", {"vp8-encoder", "opus-encoder"}));
  dir.write("b-second/module.xml", manifest("second", {"vp8-encoder", "vp9-encoder"}));

  Registry registry;
  registry.scan({dir.path()});
  BOOST_TEST(registry.module_of("vp8-encoder")->id == "first");
  BOOST_TEST(registry.module_of("vp9-encoder")->id == "second");
  BOOST_REQUIRE(registry.errors().size() == 1u);
  BOOST_TEST(mentions(registry.errors(),
                      "component type 'vp8-encoder' is already provided "
                      "by module 'first'"),
             registry.errors()[0]);
  BOOST_TEST(mentions(registry.errors(), (dir.path() / "b-second/module.xml").string()));
}

BOOST_AUTO_TEST_CASE(refuses_a_second_module_with_the_same_id) {
  Registry registry;
  BOOST_TEST(registry.add(parse_manifest(manifest("m", {"a"}), "one.xml")));
  BOOST_TEST(!registry.add(parse_manifest(manifest("m", {"b"}), "two.xml")));
  BOOST_TEST(!registry.find_type("b"));
  BOOST_TEST(mentions(registry.errors(), "module 'm' already registered"));
  BOOST_TEST(registry.type_names() == std::vector<std::string>{"a"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(lookups_survive_a_move) {
  Registry registry;
  registry.add(parse_manifest(manifest("m", {"a"}), "m.xml"));
  const ComponentType *before = registry.find_type("a");
  Registry moved = std::move(registry);
  BOOST_TEST(moved.find_type("a") == before);
}
