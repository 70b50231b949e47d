// Component pages from bundles, in a real terminal: flu-admin fetches the
// component type's bundle from the manager, verifies it against its own
// trust store, and draws the page the bundle ships (or the generic page and
// the reason when it cannot).
#define BOOST_TEST_MODULE admin_pages
#include "console_fixture.hpp"

#include "bundle/signing.hpp"

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

// Selects a component of the default planet (rows in order: audio,
// audio-encoder, http, muxer, video, video-encoder) and opens its page.
void open_page(Console &console, int downs, const std::string &id) {
  std::vector<std::string> keys(downs, "Down");
  keys.push_back("Enter");
  console.keys(keys);
  BOOST_TEST_REQUIRE(
      console.shows([&](const std::string &s) { return contains(s, "== " + id + " "); }),
      console.screen());
}

} // namespace

BOOST_AUTO_TEST_CASE(the_http_streamer_page_plots_viewers_that_follow_a_viewer) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  Console console(planet);
  BOOST_TEST_REQUIRE(console.shows(
      [&](const std::string &) { return contains(console.row("http"), "happy"); }));
  open_page(console, 2, "/default/http");
  BOOST_TEST_REQUIRE(console.shows([](const std::string &s) {
    return contains(s, "page http-streamer from bundle http-streamer 1.0.0") &&
           contains(line_with(s, "  viewers "), "] 0 clients");
  }),
                     console.screen());
  // The page's plot, not the generic page's list.
  BOOST_TEST(!contains(console.screen(), "UI state"));
  BOOST_TEST(contains(line_with(console.screen(), "  viewers "), "▁"), console.screen());

  Process viewer(
      {"/usr/bin/curl", "-s", "-o", "/dev/null",
       "http://127.0.0.1:" + std::to_string(planet.http_port()) + "/live.webm"});
  BOOST_TEST(console.shows([](const std::string &s) {
    return contains(line_with(s, "  viewers "), "] 1 clients");
  }),
             console.screen());
  // Now plotted higher than before: the last column is the top block.
  BOOST_TEST(contains(line_with(console.screen(), "  viewers "), "█] 1 clients"),
             console.screen());
  viewer.stop();
  BOOST_TEST(console.shows([](const std::string &s) {
    return contains(line_with(s, "  viewers "), "] 0 clients");
  }),
             console.screen());
}

BOOST_AUTO_TEST_CASE(a_key_of_the_encoder_page_sets_the_bitrate) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  Console console(planet);
  BOOST_TEST_REQUIRE(console.shows([&](const std::string &) {
    return contains(console.row("video-encoder"), "happy");
  }));
  open_page(console, 5, "/default/video-encoder");
  BOOST_TEST_REQUIRE(console.shows([](const std::string &s) {
    return contains(s, "page video-encoder from bundle vp8-encoder 1.0.0") &&
           contains(line_with(s, "  target "), "400 kbit/s") &&
           contains(s, "+ bitrate +25%");
  }),
                     console.screen());
  console.keys({"+"});
  BOOST_TEST(console.shows([](const std::string &s) {
    return contains(line_with(s, "  target "), "500 kbit/s");
  }),
             console.screen());
  BOOST_TEST(
      contains(planet.command({"status", "/default/video-encoder"}).out, "500000"));
  // The key that asks: the operator types the figure.
  console.keys({"b"});
  BOOST_TEST_REQUIRE(console.shows(
      [](const std::string &s) { return contains(s, "bitrate in bit/s"); }));
  console.keys({"250000", "Enter"});
  BOOST_TEST(console.shows([](const std::string &s) {
    return contains(line_with(s, "  target "), "250 kbit/s");
  }),
             console.screen());
}

BOOST_AUTO_TEST_CASE(audio_pages_show_level_meters) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  Console console(planet);
  BOOST_TEST_REQUIRE(console.shows(
      [&](const std::string &) { return contains(console.row("audio"), "happy"); }));
  open_page(console, 0, "/default/audio");
  // audiotestsrc's sine at full volume: a channel's peak near 0 dBFS.
  BOOST_TEST(console.shows([](const std::string &s) {
    return contains(s, "page audiotest-producer") &&
           contains(line_with(s, "dBFS (rms"), "default") &&
           !contains(line_with(s, "dBFS (rms"), "-200.0 dBFS (rms");
  }),
             console.screen());
  // The encoder of that audio: its meters and its bitrate.
  console.keys({"Escape"});
  open_page(console, 1, "/default/audio-encoder");
  BOOST_TEST(console.shows([](const std::string &s) {
    return contains(s, "page audio-encoder from bundle opus-encoder") &&
           contains(line_with(s, "dBFS (rms"), "default") &&
           contains(line_with(s, "  target "), "kbit/s");
  }),
             console.screen());
}

BOOST_AUTO_TEST_CASE(a_bundle_signed_by_an_unknown_key_shows_why_and_the_generic_page) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  // flu-admin trusts another release key only: the manager's bundles are
  // signed by a key it does not know.
  const auto keys = planet.dir().path() / "other-keys";
  std::filesystem::create_directories(keys);
  const auto other = flu::bundle::generate_key("other");
  std::ofstream(keys / "other.pub") << other.public_key().text();
  Console console(planet, 120, 30, {"--trusted-keys", keys.string()});
  BOOST_TEST_REQUIRE(console.shows(
      [&](const std::string &) { return contains(console.row("http"), "happy"); }));
  open_page(console, 2, "/default/http");
  BOOST_TEST(console.shows([](const std::string &s) {
    return contains(s, "(generic page)") && contains(s, "http-streamer 1.0.0") &&
           contains(s, "UI state") && contains(line_with(s, "  viewers "), "0");
  }),
             console.screen());
  const std::string screen = console.screen();
  // The reason, wrapped whole onto the screen.
  BOOST_TEST(contains(screen, "which is not in the trust store"), screen);
  BOOST_TEST(!contains(screen, "page http-streamer from bundle"), screen);
}
