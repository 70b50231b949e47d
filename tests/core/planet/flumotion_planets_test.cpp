// Planets written for Flumotion 0.10, in its spellings (flumotion_compat.hpp):
// each construct is understood (translated into flu's model, or refused with
// FILE:LINE naming it), never ignored silently. The stand-in registry here
// lacks some of flu's types (http-server), so their refusal stays testable.
#include "planet/flumotion_compat.hpp"
#include "planet/planet_parser.hpp"
#include "planet/planet_writer.hpp"
#include "planet_test_registry.hpp"

#include <boost/test/unit_test.hpp>

using namespace flu::planet;
using flu::planet::test::test_registry;

// Named, and holding the cases too: in a unity batch its helpers must not
// meet another file's of the same name.
namespace flumotion_planets_test {

Planet parse(const std::string &xml) {
  return parse_planet_string(xml, "old.xml", test_registry());
}

void expect_error(const std::string &xml, int line, const std::string &wording) {
  BOOST_TEST_CONTEXT(wording) {
    try {
      parse(xml);
      BOOST_ERROR("parsed without error");
    } catch (const PlanetError &error) {
      const std::string what = error.what();
      const std::string prefix = "old.xml:" + std::to_string(line) + ": ";
      BOOST_TEST(what.rfind(prefix, 0) == 0u, what << " should start with " << prefix);
      BOOST_TEST(what.find(wording) != std::string::npos, what);
    }
  }
}

bool has_note(const Planet &planet, const std::string &text) {
  for (const auto &note : planet.notes)
    if (note.find(text) != std::string::npos)
      return true;
  return false;
}

// A flow "default" holding `body`, which starts on line 3.
std::string flow(const std::string &body) {
  return "<planet>\n<flow name=\"default\">\n" + body + "\n</flow>\n</planet>\n";
}

const std::string video =
    R"(<component name="producer-video" project="flumotion" type="videotest-producer" version="0.10.0" worker="localhost"/>)";

BOOST_AUTO_TEST_CASE(project_flumotion_version_is_a_release_not_a_range) {
  // "0.5.2.1" is no semver range; on a Flumotion component it is the release
  // that wrote the file, so it pins no bundle version.
  Planet planet = parse(flow(
      R"(<component name="v" project="flumotion" type="videotest-producer" version="0.5.2.1" worker="localhost"/>)"));
  const Component *v = planet.find("/default/v");
  BOOST_REQUIRE(v);
  BOOST_TEST(v->version.empty());
  BOOST_TEST(v->project == "flumotion");
  BOOST_TEST(has_note(planet, "old.xml:3: version 0.5.2.1 is the flumotion release"));
  expect_error(
      flow(
          R"(<component name="v" project="flumotion" type="videotest-producer" version="^1.0" worker="w"/>)"),
      3,
      "component 'v': 'version' '^1.0' of project 'flumotion' is not a Flumotion "
      "release number");
  // Without Flumotion's project the version stays flu's bundle range.
  expect_error(
      flow(
          R"(<component name="v" type="videotest-producer" version="0.5.2.1" worker="w"/>)"),
      3, "'version' is not a version range");
}

BOOST_AUTO_TEST_CASE(release_numbers) {
  using flu::planet::flumotion::is_release_number;
  BOOST_TEST(is_release_number("0.10.0"));
  BOOST_TEST(is_release_number("0.5.2.1"));
  BOOST_TEST(is_release_number("1.0"));
  BOOST_TEST(!is_release_number("1"));
  BOOST_TEST(!is_release_number("0.1.2.3.4"));
  BOOST_TEST(!is_release_number("0..1"));
  BOOST_TEST(!is_release_number("^1.0"));
  BOOST_TEST(!is_release_number(""));
}

BOOST_AUTO_TEST_CASE(feed_alias_is_kept_and_written_back) {
  Planet planet = parse(flow(video + R"(
<component name="mux" project="flumotion" type="ogg-muxer" version="0.10.0" worker="localhost">
  <eater name="default">
    <feed alias="video">producer-video:default</feed>
  </eater>
</component>)"));
  const auto &feed = planet.find("/default/mux")->eater("default")->feeds.at(0);
  BOOST_TEST(feed.alias == "video");
  BOOST_TEST(feed.component == "producer-video");
  const std::string xml = to_xml(planet);
  BOOST_TEST(
      xml.find(R"(<feed alias="video">producer-video</feed>)") != std::string::npos, xml);
  BOOST_TEST((parse_planet_string(xml, "again.xml", test_registry()) == planet));
}

BOOST_AUTO_TEST_CASE(feed_alias_given_twice_is_refused) {
  expect_error(flow(video + "\n" +
                    R"(<component name="v2" type="videotest-producer" worker="w"/>
<component name="mux" type="ogg-muxer" worker="w">
  <eater name="default">
    <feed alias="a">producer-video</feed>
    <feed alias="a">v2</feed>
  </eater>
</component>)"),
               8, "component 'mux': feed alias 'a' given twice (first at line 7)");
}

BOOST_AUTO_TEST_CASE(source_is_a_feed_of_the_first_eater) {
  Planet planet = parse(flow(
      R"(<component name="a" type="audiotest-producer" worker="localhost"/>
<component name="enc" project="flumotion" type="vorbis-encoder" worker="localhost">
  <source>a</source>
</component>)"));
  const auto *eater = planet.find("/default/enc")->eater("default");
  BOOST_REQUIRE(eater);
  BOOST_TEST(eater->feeds.at(0).component == "a");
  BOOST_TEST(has_note(planet, "old.xml:5: <source> is a <feed> of eater 'default'"));
  expect_error(flow(R"(<component name="a" type="audiotest-producer" worker="w">
  <source>b</source>
</component>)"),
               4, "component 'a': <source> but type 'audiotest-producer' has no eaters");
}

BOOST_AUTO_TEST_CASE(virtual_feed_with_one_provider_is_its_real_feeder) {
  Planet planet = parse(flow(video + R"(
<component name="mux" type="ogg-muxer" worker="localhost">
  <eater name="default"><feed>producer-video</feed></eater>
  <virtual-feed name="production:video" real="default"/>
</component>
<component name="http" type="http-streamer" worker="localhost">
  <eater name="default"><feed>production:video</feed></eater>
</component>)"));
  const auto &feed = planet.find("/default/http")->eater("default")->feeds.at(0);
  BOOST_TEST(feed.component == "mux");
  BOOST_TEST(feed.feeder == "default");
  BOOST_TEST(
      has_note(planet, "old.xml:9: virtual feed 'production:video' is 'mux:default'"));
}

// failover.xml's construct: two components offer one virtual feed. The
// eater keeps the virtual name, the providers their offers in file order
// (the manager feeds the eater from the first happy one), and an export
// writes them back.
BOOST_AUTO_TEST_CASE(virtual_feed_with_two_providers_is_kept_for_failover) {
  const std::string muxers = R"(
<component name="mux1" type="ogg-muxer" worker="w">
  <eater name="default"><feed>producer-video</feed></eater>
  <virtual-feed name="production:video" real="default"/>
</component>
<component name="mux2" type="ogg-muxer" worker="w">
  <eater name="default"><feed>producer-video</feed></eater>
  <virtual-feed name="production:video" real="default"/>
</component>)";
  const std::string http = R"(
<component name="http" type="http-streamer" worker="w">
  <eater name="default"><feed>production:video</feed></eater>
</component>)";
  const Planet planet = parse(flow(video + muxers + http));
  const auto &feed = planet.find("/default/http")->eater("default")->feeds.at(0);
  BOOST_TEST(feed.component == "production");
  BOOST_TEST(feed.feeder == "video");
  const auto providers = planet.flow("default")->providers("production", "video");
  BOOST_TEST_REQUIRE(providers.size() == 2u);
  BOOST_TEST(providers[0].component->name == "mux1");
  BOOST_TEST(providers[1].component->name == "mux2");
  BOOST_TEST(providers[1].feeder == "default");
  BOOST_TEST(planet.flow("default")->providers("mux1", "default").empty());
  BOOST_TEST(!has_note(planet, "virtual feed 'production:video' is"));
  const std::string xml = to_xml(planet);
  BOOST_TEST(xml.find(R"(<virtual-feed name="production:video" real="default" />)") !=
                 std::string::npos,
             xml);
  BOOST_TEST((parse_planet_string(xml, "again.xml", test_registry()) == planet));

  // A component offering the same name twice; an eater among the providers.
  expect_error(flow(video + R"(
<component name="mux1" type="ogg-muxer" worker="w">
  <eater name="default"><feed>producer-video</feed></eater>
  <virtual-feed name="production:video" real="default"/>
  <virtual-feed name="production:video" real="default"/>
</component>)"),
               7,
               "component 'mux1': virtual feed 'production:video' given twice (first at "
               "line 6)");
  expect_error(flow(video + muxers + R"(
<component name="mux3" type="ogg-muxer" worker="w">
  <eater name="default"><feed>production:video</feed></eater>
  <virtual-feed name="production:video" real="default"/>
</component>)"),
               13,
               "component 'mux3': feed 'production:video' is offered by the "
               "component itself");
}

BOOST_AUTO_TEST_CASE(bad_virtual_feeds_are_refused) {
  expect_error(flow(video + R"(
<component name="mux1" type="ogg-muxer" worker="w">
  <eater name="default"><feed>producer-video</feed></eater>
  <virtual-feed name="production:video" real="video"/>
</component>)"),
               6, "names feeder 'video', which type 'ogg-muxer' does not have");
  expect_error(flow(video + R"(
<component name="mux1" type="ogg-muxer" worker="w">
  <eater name="default"><feed>producer-video</feed></eater>
  <virtual-feed name="producer-video" real="default"/>
</component>)"),
               6,
               "virtual feed 'producer-video:default' has the name of component "
               "'producer-video'");
}

BOOST_AUTO_TEST_CASE(compound_property_is_refused_naming_it) {
  expect_error(flow(R"(<component name="v" type="videotest-producer" worker="w">
  <compound-property name="input">
    <property name="feeder-alias">a</property>
  </compound-property>
</component>)"),
               4, "component 'v': <compound-property> 'input' is not supported");
}

BOOST_AUTO_TEST_CASE(plugs_become_properties_or_are_refused_naming_the_plug) {
  // A plug flu's type does as a property of its own.
  const auto planet =
      parse(flow(R"(<component name="v" type="videotest-producer" worker="w"/>
<component name="http" type="http-streamer" worker="w">
  <eater name="default"><feed>v</feed></eater>
  <plugs>
    <plug socket="flumotion.component.plugs.loggers.RequestLogger"
          type="requestlogger-file">
      <property name="logfile">/var/log/x.log</property>
    </plug>
  </plugs>
</component>)"));
  const auto &http = planet.flows.at(0).components.at(1);
  BOOST_TEST_REQUIRE(http.values("access-log") != nullptr);
  BOOST_TEST(http.values("access-log")->at(0) == "/var/log/x.log");
  // A type without the property the plug becomes.
  expect_error(flow(R"(<component name="v" type="videotest-producer" worker="w">
  <plugs>
    <plug type="requestlogger-file">
      <property name="logfile">/tmp/x</property>
    </plug>
  </plugs>
</component>)"),
               6,
               "component 'v': plug 'requestlogger-file' does not apply: type "
               "'videotest-producer' has no property 'access-log'");
  // A plug flu does not know, and a plug's property flu has no setting for.
  expect_error(flow(R"(<component name="v" type="videotest-producer" worker="w">
  <plugs>
    <plug type="cortado"/>
  </plugs>
</component>)"),
               5, "component 'v': plug 'cortado' is not supported: flu has no such plug");
  expect_error(flow(R"(<component name="v" type="videotest-producer" worker="w">
  <plugs>
    <plug type="ratecontroller-fixed">
      <property name="initial-level">5</property>
    </plug>
  </plugs>
</component>)"),
               6,
               "component 'v': plug 'ratecontroller-fixed': its property "
               "'initial-level' is not supported");
}

// The manager plugs of Flumotion's managers/default: the admin-action logger
// and the lifecycle printer are kept under 0.10's names (the manager acts on
// them) and written back; the identity provider and the manhole are left
// out with a note saying why, the manhole's a warning.
BOOST_AUTO_TEST_CASE(manager_plugs_are_read_as_what_the_manager_does) {
  const Planet planet = parse(R"(<planet>
  <manager name="planet">
    <plugs>
      <plug socket="flumotion.component.plugs.adminaction.AdminAction"
            type="adminactionfilelogger">
        <property name="logfile"> /var/log/flu/actions.log </property>
      </plug>
      <plug type="exampleidentityprovider"/>
      <plug type="managerlifecycleprinter"></plug>
      <plug type="manager-manhole">
        <property name="port">2222</property>
      </plug>
    </plugs>
  </manager>
</planet>)");
  const auto &plugs = planet.manager.plugs;
  BOOST_TEST_REQUIRE(plugs.size() == 2u);
  BOOST_TEST(plugs[0].type == "adminaction-loggerfile");
  BOOST_TEST_REQUIRE(plugs[0].value("logfile") != nullptr);
  BOOST_TEST(*plugs[0].value("logfile") == "/var/log/flu/actions.log");
  BOOST_TEST(plugs[1].type == "manager-example");
  BOOST_TEST((planet.manager.plug("manager-example") == &plugs[1]));
  BOOST_TEST(has_note(planet, "old.xml:4: the manager: plug 'adminactionfilelogger' is "
                              "'adminaction-loggerfile' (Flumotion 0.10's name)"));
  BOOST_TEST(has_note(planet, "old.xml:8: the manager: plug 'exampleidentityprovider' "
                              "is left out: flu's manager names every admin USER@HOST"));
  BOOST_TEST(has_note(planet, "old.xml:10: warning: the manager: plug 'manager-manhole' "
                              "is left out: it opened a Python shell"));
  const std::string xml = to_xml(planet);
  BOOST_TEST(
      xml.find(
          R"(<plug socket="flumotion.component.plugs.adminaction.AdminActionPlug" type="adminaction-loggerfile">)") !=
          std::string::npos,
      xml);
  const Planet again = parse_planet_string(xml, "again.xml", test_registry());
  BOOST_TEST((again == planet));
  BOOST_TEST(again.notes.empty());

  auto manager = [](const std::string &plugs) {
    return "<planet>\n<manager name=\"planet\">\n<plugs>\n" + plugs +
           "\n</plugs>\n</manager>\n</planet>\n";
  };
  expect_error(manager(R"(<plug type="manager-rrd"/>)"), 4,
               "the manager: plug 'manager-rrd' is not supported: flu's manager reads "
               "adminaction-loggerfile");
  expect_error(manager(R"(<plug type="adminaction-loggerfile"/>)"), 4,
               "plug 'adminaction-loggerfile': missing required property 'logfile'");
  expect_error(manager(R"(<plug type="adminaction-loggerfile">
<property name="logfile">a</property>
<property name="logfile">b</property>
</plug>)"),
               6, "property 'logfile' given twice");
  expect_error(manager(R"(<plug type="managerlifecycleprinter">
<property name="verbose">true</property>
</plug>)"),
               5, "plug 'managerlifecycleprinter' has no property 'verbose'");
  expect_error(manager(R"(<plug type="adminaction-loggerfile">
<property name="logfile">  </property>
</plug>)"),
               5, "property 'logfile' is empty");
  expect_error(manager(R"(<rule type="x"/>)"), 4, "unknown element <rule>");
}

BOOST_AUTO_TEST_CASE(types_flu_has_no_module_for_say_what_does_their_job) {
  expect_error(flow(R"(<component name="enc" type="dirac-encoder" worker="w"/>)"), 3,
               "unknown component type 'dirac-encoder': no bundle provides it; "
               "GStreamer 1.x has no Dirac encoder; vp9-encoder or av1-encoder take its "
               "place");
  // A type flu has a module for, missing from the repository: that is all
  // there is to say (the stand-in registry has no http-server).
  try {
    parse(R"(<planet>
  <atmosphere>
    <component name="files" type="http-server" worker="localhost"/>
  </atmosphere>
</planet>)");
    BOOST_ERROR("parsed without error");
  } catch (const PlanetError &error) {
    BOOST_TEST(std::string(error.what()) ==
               "old.xml:3: component 'files': unknown component type 'http-server': no "
               "bundle provides it");
  }
}

// Core knows no GStreamer names: a 0.10 fragment is kept as written, with no
// note; the module that runs it reads it in 1.x's names
// (<flu/sdk/gst_launch_compat.hpp>, tests/modules/pipeline-converter).
BOOST_AUTO_TEST_CASE(pipeline_converter_fragment_is_kept_as_written) {
  const std::string fragment = "ffmpegcolorspace ! video/x-raw-yuv,format=(fourcc)I420";
  Planet planet = parse(flow(video + R"(
<component name="small" project="flumotion" type="pipeline-converter" version="0.4.1" worker="w">
  <eater name="default"><feed>producer-video</feed></eater>
  <property name="pipeline">)" +
                             fragment + R"(</property>
</component>)"));
  const auto *values = planet.find("/default/small")->values("pipeline");
  BOOST_REQUIRE(values);
  BOOST_TEST(values->at(0) == fragment);
  BOOST_TEST(!has_note(planet, "GStreamer"));
  BOOST_TEST(!has_note(planet, "pipeline"));
  // --convert writes it as written (XML-escaped) too.
  BOOST_TEST(to_xml(planet).find(
                 "ffmpegcolorspace ! video/x-raw-yuv,format=(fourcc)I420</property>") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(renamed_properties_take_flu_names) {
  Planet planet = parse(flow(video + R"(
<component name="enc" type="theora-encoder" worker="w">
  <eater name="default"><feed>producer-video</feed></eater>
  <property name="keyframe-maxdistance">64</property>
  <property name="noise-sensitivity">1</property>
  <property name="sharpness">0</property>
</component>)"));
  const auto *distance = planet.find("/default/enc")->values("keyframe-distance");
  BOOST_REQUIRE(distance);
  BOOST_TEST(distance->at(0) == "64");
  BOOST_TEST(!planet.find("/default/enc")->values("noise-sensitivity"));
  BOOST_TEST(has_note(planet, "old.xml:6: component 'enc': Flumotion's property "
                              "'keyframe-maxdistance' of 'theora-encoder' is "
                              "'keyframe-distance' = '64'"));
  BOOST_TEST(has_note(planet, "old.xml:7: component 'enc': Flumotion's property "
                              "'noise-sensitivity' of 'theora-encoder' is left out: "
                              "Flumotion 0.10 itself ignored it"));
}

BOOST_AUTO_TEST_CASE(ip_bouncer_deny_default_is_default) {
  auto planet_with = [](const std::string &deny) {
    return parse(R"(<planet>
  <atmosphere>
    <component name="b" project="flumotion" type="ip-bouncer" version="0.5.2.1" worker="w">
      <property name="deny-default">)" +
                 deny + R"(</property>
      <property name="allow">127.0.0.1/32</property>
    </component>
  </atmosphere>
</planet>)");
  };
  BOOST_TEST(planet_with("True").atmosphere.at(0).values("default")->at(0) == "deny");
  BOOST_TEST(planet_with("False").atmosphere.at(0).values("default")->at(0) == "allow");
  BOOST_CHECK_THROW(planet_with("perhaps"), PlanetError);
}

BOOST_AUTO_TEST_CASE(properties_flu_cannot_honour_are_refused_with_the_reason) {
  expect_error(flow(R"(<component name="t" type="theora-encoder" worker="w">
  <property name="keyframe-mindistance">4</property>
</component>)"),
               4,
               "component 't': Flumotion's property 'keyframe-mindistance' of "
               "'theora-encoder' is not supported");
}

BOOST_AUTO_TEST_CASE(manager_elements_flu_does_not_have_are_refused) {
  expect_error(
      "<planet>\n<manager name=\"planet\">\n<debug>5</debug>\n</manager>\n</planet>", 3,
      "Flumotion's manager <debug> is not supported");
}

BOOST_AUTO_TEST_CASE(a_mapping_applies_only_when_its_flu_property_exists) {
  // The stand-in theora-encoder has no speed-level: Flumotion's `speed`
  // cannot become it, so the schema's own refusal stands.
  expect_error(flow(video + R"(
<component name="enc" type="theora-encoder" worker="w">
  <eater name="default"><feed>producer-video</feed></eater>
  <property name="speed">2</property>
</component>)"),
               6, "component 'enc': type 'theora-encoder' has no property 'speed'");
}

BOOST_AUTO_TEST_CASE(source_and_eater_of_the_same_name_are_refused) {
  expect_error(flow(video + R"(
<component name="enc" type="theora-encoder" worker="w">
  <source>producer-video</source>
  <eater name="default"><feed>producer-video</feed></eater>
</component>)"),
               6, "eater 'default' given twice (or also by a <source>)");
}

BOOST_AUTO_TEST_CASE(tokentest_bouncer_is_token_bouncer) {
  Planet planet = parse(R"(<planet>
  <atmosphere>
    <component name="t" type="tokentest-bouncer" worker="w">
      <property name="authorized-token">s3cret</property>
    </component>
  </atmosphere>
</planet>)");
  const Component &bouncer = planet.atmosphere.at(0);
  BOOST_TEST(bouncer.type == "token-bouncer");
  BOOST_TEST(bouncer.values("token")->at(0) == "s3cret");
  BOOST_TEST(has_note(planet, "old.xml:3: Flumotion's type 'tokentest-bouncer' is flu's "
                              "'token-bouncer'"));
}

BOOST_AUTO_TEST_CASE(http_hlsstreamer_is_hls_streamer) {
  Planet planet = parse(flow(video + R"(
<component name="hls" type="http-hlsstreamer" worker="w">
  <eater name="default"><feed>producer-video</feed></eater>
  <property name="mount-point">/hls</property>
</component>)"));
  const Component *hls = planet.find("/default/hls");
  BOOST_TEST_REQUIRE(hls);
  BOOST_TEST(hls->type == "hls-streamer");
  BOOST_TEST(hls->values("mount-point")->at(0) == "/hls");
}

} // namespace flumotion_planets_test
