// The pages of the switch and of the composite combiner, in a real terminal
// against a real manager and worker: the switch's page shows the feed on air
// and its keys switch it (seen on screen and by flu-command); the
// composite's page draws its layout as a picture and re-lays it out.
#define BOOST_TEST_MODULE admin_pages_switch_composite
#include "console_fixture.hpp"
#include "switch_planet.hpp"

using namespace flu::test;

namespace {

// The screen line that holds `part`.
std::string line_with(const std::string &screen, const std::string &part) {
  std::istringstream in(screen);
  for (std::string line; std::getline(in, line);)
    if (contains(line, part))
      return line;
  return "";
}

// The selected row of the planet's table (it starts with "> ").
std::string selected(const std::string &screen) {
  std::istringstream in(screen);
  for (std::string line; std::getline(in, line);)
    if (line.rfind("> ", 0) == 0)
      return line.substr(0, 24);
  return "";
}

// Moves the selection down, a row at a time (each seen on screen before the
// next), to the component named `name`, and opens its page.
void open_page(Console &console, const std::string &name, const std::string &id) {
  BOOST_TEST_REQUIRE(
      console.shows([](const std::string &s) { return !selected(s).empty(); }),
      console.screen());
  for (int rows = 0; rows < 20; ++rows) {
    const std::string now = selected(console.screen());
    if (now.rfind("> " + name + " ", 0) == 0)
      break;
    console.keys({"Down"});
    BOOST_TEST_REQUIRE(console.shows([&](const std::string &s) {
      const auto next = selected(s);
      return !next.empty() && next != now;
    }),
                       console.screen());
  }
  BOOST_TEST_REQUIRE(contains(selected(console.screen()), "> " + name + " "),
                     console.screen());
  console.keys({"Enter"});
  BOOST_TEST_REQUIRE(
      console.shows([&](const std::string &s) { return contains(s, "== " + id + " "); }),
      console.screen());
}

// Clicks (mouse button 1, pressed and released, as an xterm reports it to
// the application) on the screen's first `text`.
bool click(Console &console, const std::string &text) {
  std::istringstream in(console.screen());
  int y = 0;
  for (std::string line; std::getline(in, line); ++y)
    if (const auto x = line.find(text); x != std::string::npos) {
      const auto at = [&](int button) {
        return std::string("\x1b[M") + char(32 + button) + char(32 + 1 + int(x)) +
               char(32 + 1 + y);
      };
      console.tmux({"send-keys", "-t", "0", "-l", at(0) + at(3)});
      return true;
    }
  return false;
}

// flu-command status's line for a UI-state entry of a component.
std::string status_line(RunningPlanet &planet, const std::string &id,
                        const std::string &key) {
  return line_with(planet.command({"status", id}).out, "    " + key + " ");
}

} // namespace

BOOST_AUTO_TEST_CASE(the_switch_page_shows_the_active_feed_and_its_keys_switch_it) {
  SwitchPlanet s("single-switch-combiner", "");
  BOOST_TEST_REQUIRE(s.planet.all_in_mood("happy", 60s), FLU_LATER(s.planet.logs()));
  BOOST_TEST_REQUIRE(s.wait_active("master", 10s) > 0);
  Console console(s.planet);
  open_page(console, "switch", "/f/switch");
  BOOST_TEST_REQUIRE(console.shows([](const std::string &s) {
    return contains(s, "page switch-combiner from bundle single-switch-combiner 1.0.0") &&
           contains(line_with(s, "  active feed "), "master") &&
           contains(s, "b switch to backup");
  }),
                     console.screen());

  console.keys({"b"});
  BOOST_TEST(console.shows([](const std::string &s) {
    return contains(line_with(s, "  active feed "), "backup") &&
           contains(line_with(s, "  why "), "an operator asked for it") &&
           contains(line_with(s, "  switches "), " 1");
  }),
             console.screen());
  // The job itself, and the manager's replicated state, say the same.
  BOOST_TEST(s.ui("active-eater") == "backup");
  BOOST_TEST(poll_until(
      [&] {
        return contains(status_line(s.planet, "/f/switch", "active-eater"), "backup");
      },
      10s, 100ms));

  console.keys({"m"});
  BOOST_TEST(console.shows([](const std::string &s) {
    return contains(line_with(s, "  active feed "), "master") &&
           contains(line_with(s, "  switches "), " 2");
  }),
             console.screen());
  BOOST_TEST(s.ui("active-eater") == "master");
  BOOST_TEST(poll_until(
      [&] {
        return contains(status_line(s.planet, "/f/switch", "active-eater"), "master");
      },
      10s, 100ms));

  // A mouse click on the key's words does what the key does.
  BOOST_TEST_REQUIRE(click(console, "b switch to backup"), console.screen());
  BOOST_TEST(console.shows([](const std::string &s) {
    return contains(line_with(s, "  active feed "), "backup") &&
           contains(line_with(s, "  switches "), " 3");
  }),
             console.screen());
}

namespace {

// Two test pictures on one: input 0 the whole picture, input 1 its
// top-left corner above it.
const char *const composite_planet = R"(<?xml version="1.0"?>
<planet name="mix">
  <flow name="f">
    <component name="back" type="videotest-producer" worker="localhost">
      <property name="width">320</property>
      <property name="height">180</property>
      <property name="framerate">10/1</property>
      <property name="pattern">blue</property>
    </component>
    <component name="corner" type="videotest-producer" worker="localhost">
      <property name="width">160</property>
      <property name="height">100</property>
      <property name="framerate">10/1</property>
      <property name="pattern">red</property>
    </component>
    <component name="mix" type="composite-combiner" worker="localhost">
      <eater name="default"><feed>back</feed><feed>corner</feed></eater>
      <property name="width">320</property>
      <property name="height">180</property>
      <property name="framerate">10/1</property>
      <property name="input">position-left=0 position-top=0 width=320 height=180 z-order=0</property>
      <property name="input">position-left=0 position-top=0 width=160 height=100 z-order=1</property>
    </component>
  </flow>
</planet>
)";

// The first row inside the picture's frame holds the label of the box on
// top at its top-left corner.
bool top_left_shows(const std::string &screen, char label) {
  return !line_with(screen, std::string("║│") + label).empty();
}

} // namespace

BOOST_AUTO_TEST_CASE(the_composite_page_draws_its_layout_and_its_keys_re_lay_it_out) {
  RunningPlanet planet("mix.xml", composite_planet, {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", 60s), FLU_LATER(planet.logs()));
  Console console(planet, 120, 50);
  open_page(console, "mix", "/f/mix");
  BOOST_TEST_REQUIRE(console.shows([](const std::string &s) {
    return contains(s, "page composite-combiner from bundle composite-combiner 1.0.0") &&
           contains(line_with(s, "  picture "), "320x180") && contains(s, "╔═") &&
           top_left_shows(s, '1') && !top_left_shows(s, '0') &&
           contains(line_with(s, "  input 1 "), "at 0,0 160x100 z 1") &&
           contains(s, "> input 0 to the top");
  }),
                     console.screen());

  // Input 0 raised above input 1: it hides it, on screen and in the job.
  console.keys({">"});
  BOOST_TEST(console.shows([](const std::string &s) {
    return top_left_shows(s, '0') && !top_left_shows(s, '1') &&
           contains(line_with(s, "  input 0 "), "z 2") &&
           contains(s, "> input 1 to the top");
  }),
             console.screen());
  BOOST_TEST(poll_until(
      [&] { return contains(status_line(planet, "/f/mix", "input:0"), "z-order=2"); },
      10s, 100ms));

  // The operator moves input 1 by words typed at the prompt.
  console.keys({"m"});
  BOOST_TEST_REQUIRE(
      console.shows([](const std::string &s) { return contains(s, "INDEX KEY=VALUE"); }),
      console.screen());
  console.keys({"1 position-left=160 position-top=80 z-order=5", "Enter"});
  BOOST_TEST(console.shows([](const std::string &s) {
    return contains(line_with(s, "  input 1 "), "at 160,80 160x100 z 5") &&
           top_left_shows(s, '0');
  }),
             console.screen());
  BOOST_TEST(contains(status_line(planet, "/f/mix", "input:1"), "position-left=160"));
}
