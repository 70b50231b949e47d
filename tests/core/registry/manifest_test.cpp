// module.xml: written deterministically, read back identically, and refused
// with file:line when it is wrong.
#include "registry/manifest.hpp"
#include "scratch_dir.hpp"

#include <boost/test/unit_test.hpp>

using namespace flu::registry;
using flu::registry::test::ScratchDir;

namespace {

ModuleManifest vp8_module() {
  ModuleManifest manifest;
  manifest.id = "vp8-encoder";
  manifest.version = "1.0.0";
  manifest.abi_major = 1;
  manifest.abi_minor = 0;
  manifest.library = "libflu-vp8-encoder.so";
  ComponentType type;
  type.name = "vp8-encoder";
  type.description = "Encodes video to VP8 & friends <fast>";
  type.eaters.push_back({"default", true, false, ""});
  type.feeders.push_back({"default", false, false, ""});
  type.properties.push_back({"bitrate", PropertyType::integer, "400000", false, false,
                             "Target bit rate \"bps\""});
  type.properties.push_back(
      {"deadline", PropertyType::integer, std::nullopt, true, false, ""});
  type.properties.push_back(
      {"keyframe-max-distance", PropertyType::fraction, "25", false, true, "two\nlines"});
  manifest.types.push_back(type);
  ComponentType second;
  second.name = "vp8-passthrough";
  second.clock_priority = -5;
  second.eaters.push_back({"video", false, true, "any VP8"});
  second.feeders.push_back({"out", true, true, "copied"});
  manifest.types.push_back(second);
  return manifest;
}

const char *const vp8_xml = R"(<?xml version="1.0"?>
<module id="vp8-encoder" version="1.0.0" abi="1.0" library="libflu-vp8-encoder.so">
  <component type="vp8-encoder" clock-priority="100">
    <description>Encodes video to VP8 &amp; friends &lt;fast&gt;</description>
    <eater name="default" required="true" multiple="false" />
    <feeder name="default" />
    <property name="bitrate" type="int" default="400000" required="false" multiple="false" description="Target bit rate &quot;bps&quot;" />
    <property name="deadline" type="int" required="true" multiple="false" />
    <property name="keyframe-max-distance" type="fraction" default="25" required="false" multiple="true" description="two&#10;lines" />
  </component>
  <component type="vp8-passthrough" clock-priority="-5">
    <eater name="video" required="false" multiple="true" description="any VP8" />
    <feeder name="out" required="true" multiple="true" description="copied" />
  </component>
</module>
)";

// Parses `xml` as "module.xml" and checks the error's line and wording.
void expect_error(const std::string &xml, int line, const std::string &wording) {
  BOOST_TEST_CONTEXT(wording) {
    try {
      parse_manifest(xml, "module.xml");
      BOOST_ERROR("parsed without error");
    } catch (const ManifestError &error) {
      std::string prefix = "module.xml:" + std::to_string(line) + ": ";
      std::string what = error.what();
      BOOST_TEST(what.rfind(prefix, 0) == 0u, what << " should start with " << prefix);
      BOOST_TEST(what.find(wording) != std::string::npos, what);
    }
  }
}

std::string module(const std::string &body) {
  return "<module id=\"m\" version=\"1.0.0\" abi=\"1.0\" library=\"libm.so\">\n" + body +
         "\n</module>\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(writes_the_documented_format) {
  BOOST_TEST(write_manifest(vp8_module()) == vp8_xml);
}

BOOST_AUTO_TEST_CASE(round_trips_byte_for_byte) {
  std::string first = write_manifest(vp8_module());
  ModuleManifest read = parse_manifest(first, "module.xml");
  BOOST_TEST(write_manifest(read) == first);

  BOOST_TEST(read.abi_major == 1u);
  BOOST_REQUIRE(read.types.size() == 2u);
  const ComponentType &type = read.types[0];
  BOOST_TEST(type.description == "Encodes video to VP8 & friends <fast>");
  BOOST_TEST(type.property("keyframe-max-distance")->description == "two\nlines");
  BOOST_TEST(*type.property("keyframe-max-distance")->default_value == "25");
  BOOST_TEST(!type.property("deadline")->default_value);
  BOOST_TEST(type.property("deadline")->required);
  BOOST_TEST(type.eater("default")->required);
  BOOST_TEST(!type.eater("missing"));
  BOOST_TEST(read.types[1].clock_priority == -5);
  BOOST_TEST(read.types[1].feeder("out")->multiple);
}

BOOST_AUTO_TEST_CASE(reads_a_file_and_remembers_its_directory) {
  ScratchDir dir;
  auto path = dir.write("vp8/module.xml", write_manifest(vp8_module()));
  ModuleManifest read = read_manifest(path);
  BOOST_TEST(read.directory == dir.path() / "vp8");
  BOOST_TEST(read.library == "libflu-vp8-encoder.so");

  auto broken = dir.write("bad/module.xml", "<module>\n  <component>\n</module>\n");
  try {
    read_manifest(broken);
    BOOST_ERROR("read a broken manifest");
  } catch (const ManifestError &error) {
    BOOST_TEST(error.file() == broken.string());
    BOOST_TEST(error.line() == 3);
    BOOST_TEST(
        std::string(error.what()).rfind(broken.string() + ":3: malformed XML", 0) == 0u);
  }
  BOOST_CHECK_THROW(read_manifest(dir.path() / "none/module.xml"), ManifestError);
}

BOOST_AUTO_TEST_CASE(a_bouncer_type_says_so_and_only_a_bouncer) {
  ModuleManifest manifest = vp8_module();
  // vp8_xml above has no bouncer attribute: other types' manifests are as
  // they were before bouncers existed.
  BOOST_TEST(write_manifest(manifest).find("bouncer") == std::string::npos);

  ComponentType bouncer;
  bouncer.name = "ip-bouncer";
  bouncer.bouncer = true;
  bouncer.properties.push_back(
      {"allow", PropertyType::string, std::nullopt, false, true, "CIDR"});
  manifest.types.push_back(bouncer);
  const std::string xml = write_manifest(manifest);
  BOOST_TEST(xml.find("<component type=\"ip-bouncer\" clock-priority=\"100\" "
                      "bouncer=\"true\">") != std::string::npos,
             xml);
  ModuleManifest read = parse_manifest(xml, "module.xml");
  BOOST_REQUIRE(read.types.size() == 3u);
  BOOST_TEST(!read.types[0].bouncer);
  BOOST_TEST(!read.types[1].bouncer);
  BOOST_TEST(read.types[2].bouncer);
  BOOST_TEST(write_manifest(read) == xml);

  read = parse_manifest(
      module("<component type=\"b\" bouncer=\"false\"/><component type=\"c\" "
             "bouncer=\"yes\"/>"),
      "module.xml");
  BOOST_TEST(!read.types[0].bouncer);
  BOOST_TEST(read.types[1].bouncer);
  expect_error(module("<component type=\"b\" bouncer=\"maybe\"/>"), 2,
               "attribute 'bouncer'");
}

BOOST_AUTO_TEST_CASE(a_type_that_hands_over_says_so_and_only_such_a_type) {
  ModuleManifest manifest = vp8_module();
  BOOST_TEST(write_manifest(manifest).find("handover") == std::string::npos);

  ComponentType streamer;
  streamer.name = "http-streamer";
  streamer.handover = true;
  streamer.eaters.push_back({"default", true, false, ""});
  manifest.types.push_back(streamer);
  const std::string xml = write_manifest(manifest);
  BOOST_TEST(xml.find("<component type=\"http-streamer\" clock-priority=\"100\" "
                      "handover=\"true\">") != std::string::npos,
             xml);
  ModuleManifest read = parse_manifest(xml, "module.xml");
  BOOST_REQUIRE(read.types.size() == 3u);
  BOOST_TEST(!read.types[0].handover);
  BOOST_TEST(!read.types[1].handover);
  BOOST_TEST(read.types[2].handover);
  BOOST_TEST(!read.types[2].bouncer);
  BOOST_TEST(write_manifest(read) == xml);

  read = parse_manifest(
      module("<component type=\"b\" handover=\"false\"/><component type=\"c\" "
             "handover=\"true\"/>"),
      "module.xml");
  BOOST_TEST(!read.types[0].handover);
  BOOST_TEST(read.types[1].handover);
  expect_error(module("<component type=\"b\" handover=\"sometimes\"/>"), 2,
               "attribute 'handover'");
}

BOOST_AUTO_TEST_CASE(refuses_broken_modules) {
  expect_error("<module id=\"m\"", 1, "malformed XML");
  expect_error("<registry/>", 1, "root element is <registry>, expected <module>");
  expect_error("<module version=\"1\" abi=\"1.0\" library=\"l.so\"/>", 1,
               "<module> needs a non-empty 'id'");
  expect_error("<module id=\"m\" version=\"1\" abi=\"1\" library=\"l.so\"/>", 1,
               "abi '1' is not MAJOR.MINOR");
  expect_error("<module id=\"m\" version=\"1\" abi=\"1.x\" library=\"l.so\"/>", 1,
               "abi '1.x' is not MAJOR.MINOR");
  expect_error("<module id=\"m\" version=\"1\" abi=\"-1.0\" library=\"l.so\"/>", 1,
               "is not MAJOR.MINOR");
  expect_error("<module id=\"m\" version=\"1\" abi=\"1.0\" library=\"../l.so\"/>", 1,
               "must be a file name beside the manifest");
  expect_error("<module id=\"m\" version=\"1\" abi=\"1.0\" library=\"l.so\" x=\"y\"/>", 1,
               "unknown attribute 'x' on <module>");
  expect_error(module("<plugin/>"), 2, "unknown element <plugin> in <module>");
}

BOOST_AUTO_TEST_CASE(refuses_broken_component_types) {
  expect_error(module("<component type=\"a\"/>\n<component type=\"a\"/>"), 3,
               "component type 'a' given twice");
  expect_error(module("<component/>"), 2, "<component> needs a non-empty 'type'");
  expect_error(module("<component type=\"a\" clock-priority=\"high\"/>"), 2,
               "clock-priority 'high' is not a 32-bit integer");
  expect_error(module("<component type=\"a\" clock-priority=\"3000000000\"/>"), 2,
               "is not a 32-bit integer");
  expect_error(module("<component type=\"a\">\n<property name=\"p\" type=\"long\"/>\n"
                      "</component>"),
               3, "property 'p': unknown type 'long'");
  expect_error(module("<component type=\"a\">\n<property name=\"p\" type=\"int\"/>\n"
                      "<property name=\"p\" type=\"int\"/>\n</component>"),
               4, "property 'p' given twice");
  expect_error(module("<component type=\"a\">\n<property name=\"\" type=\"int\"/>\n"
                      "</component>"),
               3, "<property> needs a non-empty 'name'");
  expect_error(
      module("<component type=\"a\">\n"
             "<property name=\"p\" type=\"int\" default=\"12abc\"/>\n</component>"),
      3, "property 'p': bad default: expected an integer, got '12abc'");
  expect_error(module("<component type=\"a\">\n"
                      "<property name=\"p\" type=\"fraction\" default=\"1/0\"/>\n"
                      "</component>"),
               3, "bad default");
  expect_error(module("<component type=\"a\">\n<eater name=\"e\"/>\n<eater name=\"e\"/>\n"
                      "</component>"),
               4, "eater 'e' given twice");
  expect_error(
      module("<component type=\"a\">\n<feeder name=\"f\"/>\n<feeder name=\"f\"/>\n"
             "</component>"),
      4, "feeder 'f' given twice");
  expect_error(module("<component type=\"a\">\n<eater name=\"e\" required=\"perhaps\"/>\n"
                      "</component>"),
               3, "attribute 'required': expected a boolean");
  expect_error(module("<component type=\"a\">\n<wizard/>\n</component>"), 3,
               "unknown element <wizard> in <component>");
  expect_error(module("<component type=\"a\">\n<feeder name=\"f\" alias=\"g\"/>\n"
                      "</component>"),
               3, "unknown attribute 'alias' on <feeder>");
}

BOOST_AUTO_TEST_CASE(a_type_lists_its_runtime_checks) {
  ModuleManifest manifest = vp8_module();
  manifest.types[0].checks.push_back(
      {"files", "the files of a directory", "DIRECTORY", {"file", "media-type"}});
  manifest.types[0].checks.push_back({"element", "", "", {}});
  const std::string xml = write_manifest(manifest);
  BOOST_TEST(xml.find("<check name=\"files\" usage=\"DIRECTORY\" description=\"the files "
                      "of a directory\">") != std::string::npos,
             xml);
  BOOST_TEST(xml.find("<column name=\"media-type\" />") != std::string::npos, xml);
  const ModuleManifest read = parse_manifest(xml, "module.xml");
  BOOST_REQUIRE(read.types[0].checks.size() == 2u);
  BOOST_TEST(read.types[0].checks[0].usage == "DIRECTORY");
  BOOST_TEST(read.types[0].checks[0].columns ==
                 std::vector<std::string>({"file", "media-type"}),
             boost::test_tools::per_element());
  BOOST_TEST(read.types[0].checks[1].name == "element");
  BOOST_TEST(read.types[1].checks.empty());
  BOOST_TEST(write_manifest(read) == xml);

  expect_error(module("<component type=\"a\">\n<check name=\"c\"/>\n<check name=\"c\"/>\n"
                      "</component>"),
               4, "check 'c' given twice");
  expect_error(module("<component type=\"a\">\n<check usage=\"X\"/>\n</component>"), 3,
               "<check> needs a non-empty 'name'");
  expect_error(module("<component type=\"a\">\n<check name=\"c\">\n<row/>\n</check>\n"
                      "</component>"),
               4, "unknown element <row> in <check>");
}
