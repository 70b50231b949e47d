// Planet files that are wrong: each kind of mistake is refused with
// "FILE:LINE: message" naming the thing that is wrong.
#include "planet/planet_parser.hpp"
#include "planet_test_registry.hpp"

#include <boost/test/unit_test.hpp>

using namespace flu::planet;
using flu::planet::test::test_registry;

namespace {

// Parses `xml` as "bad.xml" and checks the error's line and wording.
void expect_error(const std::string &xml, int line, const std::string &wording) {
  BOOST_TEST_CONTEXT(wording) {
    try {
      parse_planet_string(xml, "bad.xml", test_registry());
      BOOST_ERROR("parsed without error");
    } catch (const PlanetError &error) {
      std::string what = error.what();
      std::string prefix = "bad.xml:" + std::to_string(line) + ": ";
      BOOST_TEST(what.rfind(prefix, 0) == 0u, what << " should start with " << prefix);
      BOOST_TEST(what.find(wording) != std::string::npos, what);
      BOOST_TEST(error.line() == line);
      BOOST_TEST(error.file() == "bad.xml");
    }
  }
}

// A flow holding `body`, which starts on line 3.
std::string flow(const std::string &body) {
  return "<planet>\n<flow name=\"f\">\n" + body + "\n</flow>\n</planet>\n";
}

const std::string src = R"(<component name="src" type="videotest-producer" worker="w"/>)";

} // namespace

BOOST_AUTO_TEST_CASE(refuses_malformed_xml) {
  expect_error("<planet>\n<flow name=\"f\">\n</planet>\n", 3, "malformed XML: ");
  expect_error("<planet>\n\n<flow name=f/>\n</planet>", 3, "malformed XML");
  expect_error("", 1, "malformed XML: No document element found");
  expect_error("<flows/>", 1, "root element is <flows>, expected <planet>");
}

BOOST_AUTO_TEST_CASE(refuses_unknown_elements_and_attributes) {
  expect_error("<planet>\n<flwo name=\"f\"/>\n</planet>", 2,
               "unknown element <flwo> in <planet>");
  expect_error("<planet owner=\"me\"/>", 1, "unknown attribute 'owner' on <planet>");
  expect_error("<planet>\n<manager>\n<transport>tcp</transport>\n</manager>\n</planet>",
               3, "Flumotion's manager <transport> is not supported");
  expect_error(flow(R"(<component name="src" type="videotest-producer" workr="w"/>)"), 3,
               "unknown attribute 'workr' on <component>");
  expect_error(flow(R"(<component name="src" type="videotest-producer" worker="w">
  <plugs>
    <plugin type="requestlogger-file"/>
  </plugs>
</component>)"),
               5, "unknown element <plugin> in component 'src' <plugs>");
  expect_error(flow(src + "\n<component name=\"enc\" type=\"vp8-encoder\" worker=\"w\">\n"
                          "<eater name=\"default\"><feed alias=\"x\" as=\"y\">src</feed>"
                          "</eater>\n</component>"),
               5, "unknown attribute 'as' on <feed>");
  expect_error(flow("oops\n" + src), 3, "unexpected text in flow 'f'");
}

BOOST_AUTO_TEST_CASE(refuses_unknown_types_and_properties) {
  expect_error(flow(R"(<component name="cam" type="videotest-producr" worker="w"/>)"), 3,
               "component 'cam': unknown component type 'videotest-producr': no bundle "
               "provides it");
  expect_error(flow(R"(<component name="cam" worker="w"/>)"), 3,
               "component 'cam' needs a 'type'");
  expect_error(flow(R"(<component name="cam" type="videotest-producer" worker="w">
  <property name="width">320</property>
  <property name="colour">red</property>
</component>)"),
               5, "component 'cam': type 'videotest-producer' has no property 'colour'");
  expect_error(flow(R"(<component name="cam" type="videotest-producer" worker="w">
  <property name="width">320</property>
  <property name="width">640</property>
</component>)"),
               5, "component 'cam': property 'width' given twice but it takes one value");
  expect_error("<planet>\n<atmosphere>\n"
               "<component name=\"b\" type=\"ip-bouncer\" worker=\"w\"/>\n"
               "</atmosphere>\n</planet>",
               3, "component 'b' (type 'ip-bouncer'): missing required property 'allow'");
}

BOOST_AUTO_TEST_CASE(refuses_ill_typed_values) {
  auto property = [](const std::string &name, const std::string &value) {
    return flow("<component name=\"cam\" type=\"videotest-producer\" worker=\"w\">\n"
                "<property name=\"" +
                name + "\">" + value + "</property>\n</component>");
  };
  expect_error(property("width", "12abc"), 4,
               "component 'cam': property 'width': expected an integer, got '12abc'");
  expect_error(property("width", "99999999999999999999"), 4, "out of the 64-bit range");
  expect_error(property("framerate", "30/0"), 4,
               "property 'framerate': expected a fraction (N/D with D > 0, or N), got "
               "'30/0' (denominator must be positive)");
  expect_error(property("overlay-timestamps", "maybe"), 4,
               "property 'overlay-timestamps': expected a boolean");
  expect_error(flow(src +
                    "\n<component name=\"web\" type=\"http-streamer\" worker=\"w\">\n"
                    "<eater name=\"default\"><feed>src</feed></eater>\n"
                    "<property name=\"burst-time\">nan</property>\n</component>"),
               6, "property 'burst-time': expected a finite number, got 'nan'");
  expect_error(property("width", "<b>3</b>"), 4, "holds text only");
  expect_error(flow(src + "\n<component name=\"enc\" type=\"vp8-encoder\" worker=\"w\">\n"
                          "<eater name=\"default\"><feed>src</feed></eater>\n"
                          "<clock-master>sometimes</clock-master>\n</component>"),
               6, "component 'enc': <clock-master>: expected a boolean");
  expect_error("<planet>\n<manager>\n<port>70000</port>\n</manager>\n</planet>", 3,
               "manager <port> 70000 is not a TCP port");
}

BOOST_AUTO_TEST_CASE(refuses_feeds_that_lead_nowhere) {
  auto encoder = [](const std::string &feed) {
    return flow(src +
                "\n<component name=\"enc\" type=\"vp8-encoder\" worker=\"w\">\n"
                "<eater name=\"default\">\n<feed>" +
                feed + "</feed>\n</eater>\n</component>");
  };
  expect_error(encoder("camera"), 6,
               "component 'enc': feed 'camera:default' names no component 'camera' in "
               "flow 'f'");
  expect_error(encoder("src:audio"), 6,
               "component 'enc': feed 'src:audio': component 'src' (type "
               "'videotest-producer') has no feeder 'audio'");
  expect_error(encoder("enc"), 6, "feed 'enc:default' is the component's own output");
  expect_error(encoder("src:"), 6, "feed 'src:' is not COMPONENT or COMPONENT:FEEDER");
  expect_error(encoder("/f/src:default"), 6, "is not COMPONENT or COMPONENT:FEEDER");
  expect_error(encoder(""), 6, "is not COMPONENT or COMPONENT:FEEDER");
}

BOOST_AUTO_TEST_CASE(refuses_wrong_eaters) {
  expect_error(flow(src + "\n<component name=\"enc\" type=\"vp8-encoder\" worker=\"w\">\n"
                          "<eater name=\"video\"><feed>src</feed></eater>\n</component>"),
               5, "component 'enc': type 'vp8-encoder' has no eater 'video'");
  expect_error(
      flow(src + "\n<component name=\"enc\" type=\"vp8-encoder\" worker=\"w\"/>"), 4,
      "component 'enc' (type 'vp8-encoder'): missing required eater 'default'");
  expect_error(flow(src + "\n<component name=\"enc\" type=\"vp8-encoder\" worker=\"w\">\n"
                          "<eater name=\"default\">\n<feed>src</feed>\n<feed>src:default"
                          "</feed>\n</eater>\n</component>"),
               7, "feed 'src:default' given twice");
  expect_error(flow(src + "\n" +
                    R"(<component name="src2" type="videotest-producer" worker="w"/>)" +
                    "\n<component name=\"enc\" type=\"vp8-encoder\" worker=\"w\">\n"
                    "<eater name=\"default\">\n<feed>src</feed>\n<feed>src2</feed>\n"
                    "</eater>\n</component>"),
               8, "component 'enc' eater 'default' takes one feed, got 2");
  expect_error(flow(src + "\n<component name=\"enc\" type=\"vp8-encoder\" worker=\"w\">\n"
                          "<eater name=\"default\"/>\n</component>"),
               5, "component 'enc' eater 'default' has no <feed>");
  expect_error(flow(src +
                    "\n<component name=\"enc\" type=\"vp8-encoder\" worker=\"w\">\n"
                    "<eater name=\"default\"><feed>src</feed></eater>\n"
                    "<eater name=\"default\"><feed>src</feed></eater>\n</component>"),
               6, "component 'enc': eater 'default' given twice");
  expect_error("<planet>\n<atmosphere>\n"
               "<component name=\"b\" type=\"ip-bouncer\" worker=\"w\">\n"
               "<eater name=\"default\"><feed>x</feed></eater>\n</component>\n"
               "</atmosphere>\n</planet>",
               4, "component 'b': components outside a flow have no eaters");
}

BOOST_AUTO_TEST_CASE(refuses_bad_and_duplicate_names) {
  expect_error(flow(src + "\n" + src), 4,
               "duplicate component 'src' in flow 'f' (first at line 3)");
  expect_error("<planet>\n<flow name=\"a\"/>\n<flow name=\"a\"/>\n</planet>", 3,
               "flow 'a' given twice (first at line 2)");
  expect_error("<planet>\n<flow name=\"atmosphere\"/>\n</planet>", 2,
               "a flow may not be called 'atmosphere'");
  expect_error("<planet>\n<flow name=\"manager\"/>\n</planet>", 2,
               "a flow may not be called 'manager'");
  expect_error("<planet>\n<flow/>\n</planet>", 2, "<flow> needs a non-empty 'name'");
  expect_error(flow(R"(<component name="a/b" type="videotest-producer" worker="w"/>)"), 3,
               "component name 'a/b' may not contain '/' or ':'");
  expect_error(flow(R"(<component name="a:b" type="videotest-producer" worker="w"/>)"), 3,
               "component name 'a:b' may not contain '/' or ':'");
  expect_error(flow(R"(<component name="" type="videotest-producer" worker="w"/>)"), 3,
               "<component> needs a non-empty 'name'");
  expect_error("<planet>\n<atmosphere>\n"
               "<component name=\"b\" type=\"ip-bouncer\" worker=\"w\">"
               "<property name=\"allow\">x</property></component>\n</atmosphere>\n"
               "<atmosphere>\n"
               "<component name=\"b\" type=\"ip-bouncer\" worker=\"w\">"
               "<property name=\"allow\">x</property></component>\n</atmosphere>\n"
               "</planet>",
               6, "duplicate component 'b' in the atmosphere (first at line 3)");
}

BOOST_AUTO_TEST_CASE(refuses_misplaced_workers_and_clock_masters) {
  expect_error(flow(R"(<component name="cam" type="videotest-producer"/>)"), 3,
               "component 'cam' needs a 'worker'");
  expect_error(
      "<planet>\n<manager>\n"
      "<component name=\"m\" type=\"htpasswdcrypt-bouncer\" worker=\"w\">\n"
      "<property name=\"data\">x</property>\n</component>\n</manager>\n</planet>",
      3, "component 'm': the manager's bouncer runs inside the manager");
  expect_error("<planet>\n<manager/>\n<manager/>\n</planet>", 3, "<manager> given twice");
  expect_error(flow(R"(<component name="a" type="audiotest-producer" worker="w">
  <clock-master>true</clock-master>
</component>
<component name="b" type="videotest-producer" worker="w">
  <clock-master>yes</clock-master>
</component>)"),
               6, "component 'b' is a second clock master in flow 'f' ('a' already is)");
}

BOOST_AUTO_TEST_CASE(names_the_file_it_cannot_read) {
  try {
    parse_planet_file("/nonexistent/planet.xml", test_registry());
    BOOST_ERROR("parsed a missing file");
  } catch (const PlanetError &error) {
    BOOST_TEST(std::string(error.what()) ==
               "/nonexistent/planet.xml: cannot read: No such file or directory");
  }
}

BOOST_AUTO_TEST_CASE(refuses_bad_restart_policies) {
  expect_error(
      flow(R"(<component name="src" type="videotest-producer" worker="w">
  <restart>always</restart>
</component>)"),
      4, "component 'src': <restart> is 'always', expected 'never' or 'on-failure'");
  expect_error(flow(R"(<component name="src" type="videotest-producer" worker="w">
  <restart>never</restart>
  <restart>on-failure</restart>
</component>)"),
               5, "component 'src': <restart> given twice");
  expect_error(flow(R"(<component name="src" type="videotest-producer" worker="w">
  <restart kind="x">never</restart>
</component>)"),
               4, "unknown attribute 'kind' on <restart>");
  expect_error("<planet>\n<manager>\n"
               "<component name=\"m\" type=\"htpasswdcrypt-bouncer\">\n"
               "<property name=\"data\">x</property>\n"
               "<restart>on-failure</restart>\n</component>\n</manager>\n</planet>",
               5, "component 'm': <restart> only applies to components run by a worker");
}

BOOST_AUTO_TEST_CASE(refuses_bouncers_that_are_not_bouncers_in_the_atmosphere) {
  const std::string streamer = R"(<component name="web" type="http-streamer" worker="w">
  <eater name="default"><feed>src</feed></eater>
  <property name="bouncer">%s</property>
</component>)";
  auto with_bouncer = [&](const std::string &name) {
    std::string text = streamer;
    return src + "\n" + text.replace(text.find("%s"), 2, name);
  };
  // Named nowhere.
  expect_error(flow(with_bouncer("viewers")), 6,
               "component 'web': bouncer 'viewers' is not a bouncer in the atmosphere");
  // A flow component of that name does not count.
  expect_error(flow(with_bouncer("src")), 6,
               "component 'web': bouncer 'src' is not a bouncer in the atmosphere");
  // In the atmosphere, but not a bouncer.
  expect_error("<planet>\n<atmosphere>\n"
               "<component name=\"porter\" type=\"porter\" worker=\"w\">\n"
               "<property name=\"port\">8800</property>\n</component>\n</atmosphere>\n"
               "<flow name=\"f\">\n" +
                   with_bouncer("porter") + "\n</flow>\n</planet>\n",
               11,
               "component 'web': bouncer 'porter' is not a bouncer in the atmosphere "
               "(its type 'porter' is not a bouncer)");
}

BOOST_AUTO_TEST_CASE(refuses_a_manager_bouncer_that_is_not_a_bouncer) {
  expect_error(
      "<planet>\n<manager>\n"
      "<component name=\"m\" type=\"porter\">\n"
      "<property name=\"port\">1</property>\n</component>\n</manager>\n</planet>",
      3,
      "component 'm': type 'porter' is not a bouncer; the manager's <component> "
      "must be one");
}

BOOST_AUTO_TEST_CASE(refuses_a_version_that_is_not_a_range) {
  expect_error(
      flow(src + "\n" +
           R"(<component name="web" type="http-streamer" worker="w" version="^1.x.2">
  <eater name="default"><feed>src</feed></eater>
</component>)"),
      4,
      "component 'web': 'version' is not a version range: version range "
      "\"^1.x.2\"");
  expect_error(flow(R"(<component name="src" type="videotest-producer" worker="w"
    version="1.0 ||"/>)"),
               3, "component 'src': 'version' is not a version range");
  expect_error(
      "<planet>\n<manager>\n"
      "<component name=\"m\" type=\"ip-bouncer\" version=\">=banana\">\n"
      "<property name=\"allow\">x</property>\n</component>\n</manager>\n</planet>",
      3, "component 'm': 'version' is not a version range");
}
