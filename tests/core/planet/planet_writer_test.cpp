// Planets written out read back equal, and writing is deterministic: every
// example planet and test planet goes parse → write → parse → write.
#include "planet/planet_parser.hpp"
#include "planet/planet_writer.hpp"
#include "planet_test_registry.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace flu::planet;
using flu::planet::test::fixtures;
using flu::planet::test::test_registry;

namespace {

// Parses `first`, writes it, reads that back and writes again; the planets
// must be equal and the two writes byte-identical. Returns the first write.
std::string round_trip(const Planet &first) {
  const std::string written = to_xml(first);
  Planet again = parse_planet_string(written, "written.xml", test_registry());
  BOOST_TEST((again == first), "differs after a round trip:\n" << written);
  const std::string rewritten = to_xml(again);
  BOOST_TEST(rewritten == written);
  return written;
}

std::vector<std::filesystem::path> planet_files() {
  std::vector<std::filesystem::path> files;
  for (const auto &dir :
       {std::filesystem::path(FLU_SOURCE_DIR) / "examples/planets", fixtures()})
    for (const auto &entry : std::filesystem::directory_iterator(dir))
      if (entry.path().extension() == ".xml")
        files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_example_and_test_planet_survives_a_round_trip) {
  const auto files = planet_files();
  BOOST_TEST(files.size() >= 5u); // four examples and studio.xml
  for (const auto &file : files)
    BOOST_TEST_CONTEXT(file.filename()) {
      round_trip(parse_planet_file(file, test_registry()));
    }
}

BOOST_AUTO_TEST_CASE(writes_every_part_of_the_studio_planet) {
  const std::string xml =
      round_trip(parse_planet_file(fixtures() / "studio.xml", test_registry()));
  for (
      const char *part : {
          R"(<planet name="studio">)",
          R"(<manager name="studio-manager">)",
          "<host>manager.example.org</host>",
          "<port>7600</port>",
          R"(<component name="mgr-bouncer" type="htpasswdcrypt-bouncer">)",
          R"(<component name="viewers" type="ip-bouncer" worker="edge1">)",
          R"(<property name="allow">10.0.0.0/8</property>)",
          R"(<property name="allow">192.168.0.0/16</property>)",
          R"(<component name="cam" type="videotest-producer" label="Camera" worker="cap1">)",
          R"(<property name="framerate">30000/1001</property>)",
          "<clock-master>true</clock-master>",
          R"(<component name="venc" type="theora-encoder" worker="enc1" version="1.2.0">)",
          "<feed>mic</feed>",
          "<restart>on-failure</restart>",
          R"(<property name="bouncer">viewers</property>)",
      })
    BOOST_TEST(xml.find(part) != std::string::npos, part << " not in\n" << xml);
}

BOOST_AUTO_TEST_CASE(leaves_out_what_holds_its_default) {
  const std::string xml = round_trip(parse_planet_string(
      R"(<planet><flow name="f">
  <component name="src" type="videotest-producer" worker="w"/>
</flow></planet>)",
      "test.xml", test_registry()));
  BOOST_TEST(xml.find("<manager") == std::string::npos, xml);
  BOOST_TEST(xml.find("<atmosphere") == std::string::npos, xml);
  BOOST_TEST(xml.find("clock-master") == std::string::npos, xml);
  BOOST_TEST(xml.find("<restart") == std::string::npos, xml);
  BOOST_TEST(xml.find("label=") == std::string::npos, xml);
  // Defaults are written: the model no longer knows they were left out.
  BOOST_TEST(xml.find(R"(<property name="width">320</property>)") != std::string::npos,
             xml);
}

BOOST_AUTO_TEST_CASE(keeps_named_feeders_special_characters_and_manager_ports) {
  const std::string xml = round_trip(parse_planet_string(
      R"(<planet name="a &amp; b">
  <manager><port>7000</port></manager>
  <flow name="f">
    <component name="fw" type="firewire-producer" worker="w" project="p &lt;1&gt;"/>
    <component name="web" type="http-streamer" worker="w">
      <eater name="default"><feed>fw:video</feed></eater>
      <property name="mount-point">/a b?c="d"&amp;e</property>
      <property name="ip-filter">1.2.3.4</property>
      <property name="ip-filter">5.6.7.8</property>
    </component>
  </flow>
  <flow name="empty"/>
</planet>)",
      "test.xml", test_registry()));
  BOOST_TEST(xml.find("<feed>fw:video</feed>") != std::string::npos, xml);
  BOOST_TEST(xml.find("<port>7000</port>") != std::string::npos, xml);
  BOOST_TEST(xml.find(R"(<flow name="empty")") != std::string::npos, xml);
}

BOOST_AUTO_TEST_CASE(equality_ignores_lines_but_not_configuration) {
  Planet a = parse_planet_file(fixtures() / "studio.xml", test_registry());
  Planet b = a;
  b.flows[0].components[0].line += 10;
  b.flows[0].components[2].eaters[0].feeds[0].line += 10;
  BOOST_TEST((a == b));
  b.flows[0].components[0].restart = Restart::on_failure;
  BOOST_TEST(!(a == b));
  b = a;
  b.manager.bouncer->properties[0].second[0] = "other";
  BOOST_TEST(!(a == b));
  b = a;
  b.flows[0].components[2].eaters[0].feeds[0].feeder = "other";
  BOOST_TEST(!(a == b));
}
