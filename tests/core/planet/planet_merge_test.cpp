// Loading flow files into a running planet and deleting components: all or
// nothing, with errors that name the flow or the component.
#include "planet/planet_merge.hpp"
#include "planet/planet_parser.hpp"
#include "planet/planet_writer.hpp"
#include "planet_test_registry.hpp"

#include <boost/test/unit_test.hpp>

using namespace flu::planet;
using flu::planet::test::fixtures;
using flu::planet::test::test_registry;

namespace {

Planet studio() { return parse_planet_file(fixtures() / "studio.xml", test_registry()); }

// A file loaded into `running`, parsed the way the manager does.
Planet loaded(const std::string &xml, const Planet &running) {
  return parse_planet_string(xml, "load.xml", test_registry(), &running);
}

// Merging must throw with `wording` and leave `planet` as it was.
void expect_refused(Planet &planet, Planet more, const std::string &wording) {
  const Planet before = planet;
  BOOST_TEST_CONTEXT(wording) {
    try {
      merge(planet, std::move(more));
      BOOST_ERROR("merged without error");
    } catch (const ChangeError &error) {
      BOOST_TEST(std::string(error.what()).find(wording) != std::string::npos,
                 error.what());
    }
    BOOST_TEST((planet == before), "the planet changed");
  }
}

const std::string second_streamer = R"(<planet>
  <flow name="live">
    <component name="web2" type="http-streamer" worker="edge2">
      <eater name="default"><feed>mux</feed></eater>
      <property name="bouncer">viewers</property>
    </component>
  </flow>
</planet>)";

} // namespace

BOOST_AUTO_TEST_CASE(adds_new_flows_and_atmosphere_components) {
  Planet planet = studio();
  const std::size_t flows_before = planet.flows.size();
  merge(planet, loaded(R"(<planet name="ignored">
  <atmosphere>
    <component name="staff" type="ip-bouncer" worker="edge1">
      <property name="allow">10.1.0.0/16</property>
    </component>
  </atmosphere>
  <flow name="second">
    <component name="src" type="videotest-producer" worker="cap2"/>
    <component name="enc" type="vp8-encoder" worker="cap2">
      <eater name="default"><feed>src</feed></eater>
      <clock-master>false</clock-master>
    </component>
  </flow>
</planet>)",
                       planet));
  BOOST_TEST(planet.name == "studio");
  BOOST_TEST(planet.flows.size() == flows_before + 1);
  BOOST_TEST(planet.find("/second/enc")->eaters[0].feeds[0].component == "src");
  BOOST_TEST(planet.find("/atmosphere/staff")->worker == "edge1");
  BOOST_TEST(planet.find("/atmosphere/viewers"));
  // Still a planet the parser accepts as a whole.
  BOOST_TEST(
      (parse_planet_string(to_xml(planet), "merged.xml", test_registry()) == planet));
}

BOOST_AUTO_TEST_CASE(adds_components_to_an_existing_flow) {
  Planet planet = studio();
  const std::size_t before = planet.flow("live")->components.size();
  merge(planet, loaded(second_streamer, planet));
  BOOST_TEST(planet.flows.size() == 1u);
  BOOST_TEST(planet.flow("live")->components.size() == before + 1);
  BOOST_TEST(planet.find("/live/web2")->worker == "edge2");
  BOOST_TEST(
      (parse_planet_string(to_xml(planet), "merged.xml", test_registry()) == planet));
}

BOOST_AUTO_TEST_CASE(refuses_a_component_that_exists_and_changes_nothing) {
  Planet planet = studio();
  Planet more = loaded(second_streamer, planet);
  merge(planet, more);
  expect_refused(planet, more, "component '/live/web2' already exists");

  Planet atmosphere = loaded(R"(<planet><atmosphere>
    <component name="viewers" type="ip-bouncer" worker="w">
      <property name="allow">x</property></component>
  </atmosphere></planet>)",
                             planet);
  expect_refused(planet, atmosphere, "component '/atmosphere/viewers' already exists");

  // One good flow and one bad one: the good one is not added either.
  Planet mixed = loaded(R"(<planet>
  <flow name="fresh"><component name="src" type="videotest-producer" worker="w"/></flow>
  <flow name="live"><component name="cam" type="videotest-producer" worker="w"/></flow>
</planet>)",
                        planet);
  expect_refused(planet, mixed, "component '/live/cam' already exists");
  BOOST_TEST(!planet.flow("fresh"));
}

BOOST_AUTO_TEST_CASE(refuses_a_manager_section) {
  Planet planet = studio();
  expect_refused(planet, loaded(R"(<planet><manager name="other"/></planet>)", planet),
                 "a loaded file may not have a <manager> section");
  expect_refused(planet,
                 loaded(R"(<planet><manager><port>1</port></manager></planet>)", planet),
                 "<manager> section");
}

BOOST_AUTO_TEST_CASE(refuses_a_second_clock_master_naming_both) {
  Planet planet = studio();
  const std::string xml = R"(<planet><flow name="live">
    <component name="src" type="videotest-producer" worker="w">
      <clock-master>true</clock-master>
    </component></flow></planet>)";
  // The parser says so with the line when it knows the running planet...
  BOOST_CHECK_EXCEPTION(loaded(xml, planet), PlanetError, [](const PlanetError &e) {
    return e.line() == 2 && e.message() ==
                                "component 'src' is a second clock master in flow 'live' "
                                "('mic' already is)";
  });
  // ... and merge() checks it anyway.
  expect_refused(planet, parse_planet_string(xml, "load.xml", test_registry()),
                 "component '/live/src' would be a second clock master in flow 'live' "
                 "('/live/mic' already is)");
}

// Planets built by hand (not parsed with the running planet) with references
// only merge() can see are dangling.
BOOST_AUTO_TEST_CASE(refuses_references_the_merged_planet_cannot_resolve) {
  Planet planet = studio();
  Planet feeds = parse_planet_string(R"(<planet><flow name="other">
    <component name="src" type="videotest-producer" worker="w"/>
    <component name="enc" type="vp8-encoder" worker="w">
      <eater name="default"><feed>src</feed></eater>
    </component></flow></planet>)",
                                     "x.xml", test_registry());
  feeds.flows[0].components.erase(feeds.flows[0].components.begin());
  expect_refused(planet, feeds,
                 "component '/other/enc': feed 'src:default' names no component 'src' in "
                 "flow 'other'");

  Planet bouncers = parse_planet_string(R"(<planet>
  <atmosphere>
    <component name="b2" type="ip-bouncer" worker="w"><property name="allow">x</property></component>
  </atmosphere>
  <flow name="other">
    <component name="src" type="videotest-producer" worker="w"/>
    <component name="web" type="http-streamer" worker="w">
      <eater name="default"><feed>src</feed></eater>
      <property name="bouncer">b2</property>
    </component>
  </flow></planet>)",
                                        "x.xml", test_registry());
  Planet with_atmosphere = bouncers;
  bouncers.atmosphere.clear();
  expect_refused(planet, bouncers,
                 "component '/other/web': bouncer 'b2' is not in the atmosphere");
  // The bouncer arriving in the same file is fine.
  merge(planet, with_atmosphere);
  BOOST_TEST(planet.find("/other/web"));
}

BOOST_AUTO_TEST_CASE(removes_components_and_flows_left_empty) {
  Planet planet = studio();
  merge(planet, loaded(R"(<planet><flow name="other">
    <component name="src" type="videotest-producer" worker="w"/>
    <component name="enc" type="vp8-encoder" worker="w">
      <eater name="default"><feed>src</feed></eater>
    </component></flow></planet>)",
                       planet));
  BOOST_TEST(!remove(planet, "/other/nope"));
  BOOST_TEST(!remove(planet, "/nope/src"));
  BOOST_TEST(!remove(planet, "other/src"));
  BOOST_TEST(remove(planet, "/other/enc"));
  BOOST_TEST(!planet.find("/other/enc"));
  BOOST_TEST(planet.flow("other"));
  BOOST_TEST(remove(planet, "/other/src"));
  BOOST_TEST(!planet.flow("other"));
  BOOST_TEST(!remove(planet, "/other/src"));
  BOOST_TEST(planet.flow("live"));
}

BOOST_AUTO_TEST_CASE(refuses_to_remove_what_others_need_and_changes_nothing) {
  Planet planet = studio();
  const Planet before = planet;
  auto expect = [&](const std::string &id, const std::string &wording) {
    BOOST_TEST_CONTEXT(id) {
      try {
        remove(planet, id);
        BOOST_ERROR("removed");
      } catch (const ChangeError &error) {
        BOOST_TEST(std::string(error.what()) == wording);
      }
      BOOST_TEST((planet == before));
    }
  };
  expect("/live/cam", "component '/live/cam' feeds '/live/venc'; delete that first");
  expect("/atmosphere/viewers", "component '/atmosphere/viewers' is the bouncer of "
                                "'/live/web'; delete or change that first");
  expect("/manager/mgr-bouncer",
         "component '/manager/mgr-bouncer' is the manager's bouncer; it goes only with "
         "the manager");
  // Once its users are gone, it goes.
  BOOST_TEST(remove(planet, "/live/web"));
  BOOST_TEST(remove(planet, "/atmosphere/viewers"));
  BOOST_TEST(planet.atmosphere.empty());
}

// A virtual feed two components of the running flow offer (feed failover):
// a loaded file's eater may take it, and a provider it feeds is not
// deleted from under it.
BOOST_AUTO_TEST_CASE(virtual_feeds_of_the_running_flow_are_eaten_and_kept) {
  Planet planet = parse_planet_string(R"(<planet>
  <flow name="live">
    <component name="cam" type="videotest-producer" worker="w"/>
    <component name="mux1" type="ogg-muxer" worker="w">
      <eater name="default"><feed>cam</feed></eater>
      <virtual-feed name="line:video" real="default"/>
    </component>
    <component name="mux2" type="ogg-muxer" worker="w">
      <eater name="default"><feed>cam</feed></eater>
      <virtual-feed name="line:video" real="default"/>
    </component>
  </flow>
</planet>)",
                                      "running.xml", test_registry());
  merge(planet, loaded(R"(<planet>
  <flow name="live">
    <component name="web" type="http-streamer" worker="w">
      <eater name="default"><feed>line:video</feed></eater>
    </component>
  </flow>
</planet>)",
                       planet));
  BOOST_TEST_REQUIRE(planet.find("/live/web") != nullptr);
  BOOST_TEST(planet.find("/live/web")->eater("default")->feeds.at(0).component == "line");
  const Planet before = planet;
  try {
    remove(planet, "/live/mux2");
    BOOST_ERROR("removed a provider of an eaten virtual feed");
  } catch (const ChangeError &error) {
    BOOST_TEST(std::string(error.what()).find("feeds '/live/web'") != std::string::npos,
               error.what());
  }
  BOOST_TEST((planet == before));
}
