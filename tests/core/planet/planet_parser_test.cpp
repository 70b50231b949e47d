// Planet files that are right: what the parser reads back, with defaults
// filled in and values canonical.
#define BOOST_TEST_MODULE planet
#include "planet/planet_parser.hpp"
#include "planet_test_registry.hpp"

#include <boost/test/unit_test.hpp>

using namespace flu::planet;
using flu::planet::test::fixtures;
using flu::planet::test::test_registry;
using Values = std::vector<std::string>;
using Properties = std::vector<std::pair<std::string, Values>>;

namespace {

Planet parse(const std::string &xml) {
  return parse_planet_string(xml, "test.xml", test_registry());
}

} // namespace

BOOST_AUTO_TEST_CASE(reads_every_section_of_a_file) {
  Planet planet = parse_planet_file(fixtures() / "studio.xml", test_registry());
  BOOST_TEST(planet.name == "studio");

  BOOST_TEST(planet.manager.name == "studio-manager");
  BOOST_TEST(planet.manager.host == "manager.example.org");
  BOOST_TEST(planet.manager.port == 7600);
  BOOST_REQUIRE(planet.manager.bouncer);
  BOOST_TEST(planet.manager.bouncer->component_id() == "/manager/mgr-bouncer");
  BOOST_TEST(planet.manager.bouncer->worker.empty());
  BOOST_TEST(planet.manager.bouncer->line == 8);

  BOOST_REQUIRE(planet.atmosphere.size() == 1u);
  const Component &viewers = planet.atmosphere[0];
  BOOST_TEST(viewers.component_id() == "/atmosphere/viewers");
  BOOST_TEST(viewers.worker == "edge1");
  BOOST_TEST(
      (viewers.properties == Properties{{"allow", {"10.0.0.0/8", "192.168.0.0/16"}}}));

  BOOST_REQUIRE(planet.flows.size() == 1u);
  BOOST_TEST(planet.flows[0].name == "live");
  BOOST_TEST(planet.flows[0].components.size() == 6u);
}

BOOST_AUTO_TEST_CASE(fills_defaults_in_schema_order_and_canonicalises) {
  Planet planet = parse_planet_file(fixtures() / "studio.xml", test_registry());
  const Component *cam = planet.find("/live/cam");
  BOOST_REQUIRE(cam);
  BOOST_TEST(cam->label == "Camera");
  BOOST_TEST(cam->line == 19);
  // Schema order, not file order; defaults from the manifest ("25" there).
  BOOST_TEST((cam->properties == Properties{{"width", {"320"}},
                                            {"height", {"240"}},
                                            {"framerate", {"30000/1001"}},
                                            {"pattern", {"smpte"}},
                                            {"overlay-timestamps", {"true"}}}));

  const Component *mic = planet.find("/live/mic");
  BOOST_REQUIRE(mic);
  BOOST_TEST(mic->clock_master);
  BOOST_TEST(
      (mic->properties ==
       Properties{{"frequency", {"440"}}, {"volume", {"1"}}, {"samplerate", {"44100"}}}));

  const Component *web = planet.find("/live/web");
  BOOST_REQUIRE(web);
  // burst-on-connect defaults to "yes" in the manifest; ip-filter has no
  // default and stays absent.
  BOOST_TEST((web->properties == Properties{{"port", {"8800"}},
                                            {"mount-point", {"/live.ogg"}},
                                            {"burst-on-connect", {"true"}},
                                            {"burst-time", {"3"}},
                                            {"bouncer", {"viewers"}}}));
  BOOST_TEST(web->values("ip-filter") == nullptr);
  BOOST_TEST((*web->values("mount-point") == Values{"/live.ogg"}));
}

BOOST_AUTO_TEST_CASE(reads_eaters_and_multiple_feeds) {
  Planet planet = parse_planet_file(fixtures() / "studio.xml", test_registry());
  const Component *venc = planet.find("/live/venc");
  BOOST_REQUIRE(venc);
  BOOST_TEST(venc->version == "1.2.0");
  BOOST_REQUIRE(venc->eaters.size() == 1u);
  BOOST_TEST(venc->eaters[0].feeds[0].component == "cam");
  BOOST_TEST(venc->eaters[0].feeds[0].feeder == "default");
  BOOST_TEST(venc->eaters[0].feeds[0].line == 27);

  const Component *mux = planet.find("/live/mux");
  BOOST_REQUIRE(mux);
  const Eater *eater = mux->eater("default");
  BOOST_REQUIRE(eater);
  BOOST_REQUIRE(eater->feeds.size() == 2u);
  BOOST_TEST(feed_id("live", eater->feeds[0]) == "/live/venc:default");
  BOOST_TEST(feed_id("live", eater->feeds[1]) == "/live/aenc:default");
  BOOST_TEST(eater->feeds[1].line == 35);
  BOOST_TEST(!mux->clock_master);
}

BOOST_AUTO_TEST_CASE(names_feeders_and_eaters_and_allows_forward_feeds) {
  Planet planet = parse(R"(<planet name="switch">
  <flow name="main">
    <component name="switch" type="single-switch-combiner" worker="w">
      <eater name="master"><feed>dv:video</feed></eater>
      <eater name="backup"><feed>test</feed></eater>
    </component>
    <component name="dv" type="firewire-producer" worker="w"/>
    <component name="test" type="videotest-producer" worker="w">
      <property name="framerate">50</property>
      <property name="pattern">  snow
      </property>
    </component>
  </flow>
  <flow name="other">
    <component name="dv" type="firewire-producer" worker="w2"/>
  </flow>
</planet>)");
  const Component *combiner = planet.find("/main/switch");
  BOOST_REQUIRE(combiner);
  BOOST_REQUIRE(combiner->eaters.size() == 2u);
  BOOST_TEST(feed_id("main", combiner->eater("master")->feeds.at(0)) == "/main/dv:video");
  BOOST_TEST(feed_id("main", combiner->eater("backup")->feeds.at(0)) ==
             "/main/test:default");
  const Component *test = planet.find("/main/test");
  BOOST_TEST((*test->values("framerate") == Values{"50/1"}));
  BOOST_TEST((*test->values("pattern") == Values{"snow"}));
  // One name may be used again in another flow.
  BOOST_TEST(planet.find("/other/dv")->worker == "w2");
}

BOOST_AUTO_TEST_CASE(keeps_multiple_values_in_file_order) {
  Planet planet = parse(R"(<planet>
  <flow name="f">
    <component name="src" type="videotest-producer" worker="w"/>
    <component name="enc" type="vp8-encoder" worker="w">
      <eater name="default"><feed>src</feed></eater>
    </component>
    <component name="web" type="http-streamer" worker="w">
      <eater name="default"><feed>enc</feed></eater>
      <property name="ip-filter">10.0.0.0/8</property>
      <property name="ip-filter"><![CDATA[127.0.0.1]]></property>
      <property name="burst-on-connect">No</property>
    </component>
  </flow>
</planet>)");
  const Component *web = planet.find("/f/web");
  BOOST_REQUIRE(web);
  BOOST_TEST((*web->values("ip-filter") == Values{"10.0.0.0/8", "127.0.0.1"}));
  BOOST_TEST((*web->values("burst-on-connect") == Values{"false"}));
}

BOOST_AUTO_TEST_CASE(names_an_unnamed_planet_after_its_manager) {
  Planet empty = parse("<planet/>");
  BOOST_TEST(empty.name == "planet");
  BOOST_TEST(empty.manager.port == 7531);
  BOOST_TEST(!empty.manager.bouncer);
  BOOST_TEST(empty.flows.empty());

  Planet managed = parse(R"(<planet><manager name="studio"/></planet>)");
  BOOST_TEST(managed.name == "studio");
}

BOOST_AUTO_TEST_CASE(merges_atmosphere_sections) {
  Planet planet = parse(R"(<planet>
  <atmosphere>
    <component name="a" type="ip-bouncer" worker="w"><property name="allow">x</property></component>
  </atmosphere>
  <atmosphere>
    <component name="b" type="ip-bouncer" worker="w"><property name="allow">y</property></component>
  </atmosphere>
</planet>)");
  BOOST_TEST(planet.atmosphere.size() == 2u);
  BOOST_TEST(planet.find("/atmosphere/b")->line == 6);
}

BOOST_AUTO_TEST_CASE(finds_components_by_component_id_only) {
  Planet planet = parse_planet_file(fixtures() / "studio.xml", test_registry());
  BOOST_TEST(planet.find("/live/web"));
  BOOST_TEST(!planet.find("/live/nope"));
  BOOST_TEST(!planet.find("/nope/web"));
  BOOST_TEST(!planet.find("live/web"));
  BOOST_TEST(!planet.find("/live/"));
  BOOST_TEST(!planet.find("//web"));
  BOOST_TEST(!planet.find("/manager/other"));
  BOOST_TEST(planet.flow("live"));
}

BOOST_AUTO_TEST_CASE(reads_the_restart_policy_never_by_default) {
  Planet planet = parse_planet_file(fixtures() / "studio.xml", test_registry());
  BOOST_TEST((planet.find("/live/web")->restart == Restart::on_failure));
  BOOST_TEST((planet.find("/live/cam")->restart == Restart::never));
  BOOST_TEST((planet.find("/atmosphere/viewers")->restart == Restart::never));
  BOOST_TEST((planet.manager.bouncer->restart == Component::Restart::never));
  BOOST_TEST(to_string(Restart::on_failure) == std::string("on-failure"));

  Planet atmosphere = parse(R"(<planet><atmosphere>
    <component name="b" type="ip-bouncer" worker="w">
      <property name="allow">x</property>
      <restart> never </restart>
    </component>
    <component name="c" type="ip-bouncer" worker="w">
      <property name="allow">x</property>
      <restart>on-failure</restart>
    </component>
  </atmosphere></planet>)");
  BOOST_TEST((atmosphere.find("/atmosphere/b")->restart == Restart::never));
  BOOST_TEST((atmosphere.find("/atmosphere/c")->restart == Restart::on_failure));
}

BOOST_AUTO_TEST_CASE(reads_the_version_range_any_when_absent) {
  Planet planet = parse(R"(<planet><flow name="f">
    <component name="src" type="videotest-producer" worker="w" version=" ^1.0 "/>
    <component name="web" type="http-streamer" worker="w" version="&gt;=1.2 &lt;2 || =3.0.0">
      <eater name="default"><feed>src</feed></eater>
    </component>
    <component name="mux" type="webm-muxer" worker="w" version="">
      <eater name="default"><feed>src</feed></eater>
    </component>
    <component name="raw" type="videotest-producer" worker="w"/>
  </flow></planet>)");
  BOOST_TEST(planet.find("/f/src")->version == "^1.0"); // trimmed
  BOOST_TEST(planet.find("/f/web")->version == ">=1.2 <2 || =3.0.0");
  BOOST_TEST(planet.find("/f/mux")->version.empty());
  BOOST_TEST(planet.find("/f/raw")->version.empty());
}

BOOST_AUTO_TEST_CASE(a_bouncer_may_come_after_the_flow_that_uses_it) {
  Planet planet = parse(R"(<planet>
  <flow name="f">
    <component name="src" type="videotest-producer" worker="w"/>
    <component name="web" type="http-streamer" worker="w">
      <eater name="default"><feed>src</feed></eater>
      <property name="bouncer">viewers</property>
    </component>
  </flow>
  <atmosphere>
    <component name="viewers" type="ip-bouncer" worker="w">
      <property name="allow">10.0.0.0/8</property>
    </component>
  </atmosphere>
</planet>)");
  BOOST_TEST((*planet.find("/f/web")->values("bouncer") == Values{"viewers"}));
}

// A flow file loaded into a running planet names the running atmosphere's
// bouncers and eats from components already in its flow.
BOOST_AUTO_TEST_CASE(a_flow_file_may_refer_to_the_running_planet) {
  Planet running = parse_planet_file(fixtures() / "studio.xml", test_registry());
  Planet more = parse_planet_string(R"(<planet>
  <flow name="live">
    <component name="web2" type="http-streamer" worker="edge2">
      <eater name="default"><feed>mux</feed></eater>
      <property name="bouncer">viewers</property>
    </component>
  </flow>
</planet>)",
                                    "more.xml", test_registry(), &running);
  BOOST_TEST(more.find("/live/web2")->eaters[0].feeds[0].component == "mux");
  BOOST_CHECK_THROW(parse(R"(<planet><flow name="live">
    <component name="web2" type="http-streamer" worker="edge2">
      <eater name="default"><feed>mux</feed></eater>
    </component></flow></planet>)"),
                    PlanetError);
}
