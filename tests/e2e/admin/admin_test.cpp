// flu-admin in a real terminal (tmux) against a real manager and worker:
// what the screen shows, what the keys do, and the terminal left as found.
#define BOOST_TEST_MODULE admin
#include "console_fixture.hpp"

#include <csignal>

using namespace flu::test;

namespace {

const std::vector<std::string> names{"audio", "audio-encoder", "http",
                                     "muxer", "video",         "video-encoder"};

} // namespace

BOOST_AUTO_TEST_CASE(moods_on_screen_and_stop_start_through_the_console) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  Console console(planet);
  BOOST_TEST_REQUIRE(console.shows([&](const std::string &) {
    for (const auto &name : names)
      if (!contains(console.row(name), "happy"))
        return false;
    return true;
  }),
                     console.screen());
  BOOST_TEST(contains(console.screen(), "flow default"));
  BOOST_TEST(contains(console.row("http"), "localhost"));

  // audio, audio-encoder, http: two down.
  console.keys({"Down", "Down", "t"});
  BOOST_TEST_REQUIRE(console.shows(
      [](const std::string &s) { return contains(s, "stop /default/http? (y/n)"); }));
  console.keys({"y"});
  BOOST_TEST(console.shows([&](const std::string &) {
    return contains(console.row("http"), "sleeping");
  }),
             console.screen());
  BOOST_TEST(poll_until(
      [&] { return planet.component("/default/http").mood == "sleeping"; }, 20s, 200ms));
  console.keys({"s"});
  BOOST_TEST(
      console.shows(
          [&](const std::string &) { return contains(console.row("http"), "happy"); },
          40s),
      console.screen());
  BOOST_TEST(planet.component("/default/http").mood == "happy");
}

BOOST_AUTO_TEST_CASE(a_killed_job_shows_sad_with_its_message) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  Console console(planet);
  BOOST_TEST_REQUIRE(console.shows(
      [&](const std::string &) { return contains(console.row("video"), "happy"); }));
  const int pid = planet.component("/default/video").pid;
  BOOST_TEST_REQUIRE(pid > 0);
  ::kill(pid, SIGKILL);
  BOOST_TEST(console.shows([&](const std::string &) {
    const auto row = console.row("video");
    return contains(row, "sad") && contains(row, "error:");
  }),
             console.screen());
  BOOST_TEST(contains(console.row("video"), "signal 9"), console.screen());
}

BOOST_AUTO_TEST_CASE(a_lost_manager_shows_and_the_console_reconnects) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  Console console(planet);
  BOOST_TEST_REQUIRE(
      console.shows([](const std::string &s) { return contains(s, "[live]"); }));
  ::kill(planet.manager().pid(), SIGKILL);
  BOOST_TEST(console.shows([](const std::string &s) { return contains(s, "LOST"); }),
             console.screen());
  planet.restart_manager();
  BOOST_TEST(
      console.shows([](const std::string &s) { return contains(s, "[live]"); }, 40s),
      console.screen());
  BOOST_TEST(contains(console.screen(), "flow default"), console.screen());
}

BOOST_AUTO_TEST_CASE(resize_keeps_the_screen_whole_and_quit_restores_the_terminal) {
  RunningPlanet planet("default.xml");
  Console console(planet);
  BOOST_TEST_REQUIRE(
      console.shows([](const std::string &s) { return contains(s, "[live]"); }));
  const auto whole = [](const std::string &s, int lines) {
    std::istringstream in(s);
    std::vector<std::string> rows;
    for (std::string line; std::getline(in, line);)
      rows.push_back(line);
    return static_cast<int>(rows.size()) >= lines && contains(rows[0], "flu-admin") &&
           contains(rows[lines - 1], "q quit") && contains(s, "/default") == false &&
           contains(s, "flow default");
  };
  console.tmux({"resize-window", "-t", "0", "-x", "80", "-y", "24"});
  BOOST_TEST(console.shows([&](const std::string &s) { return whole(s, 24); }),
             console.screen());
  console.tmux({"resize-window", "-t", "0", "-x", "120", "-y", "30"});
  BOOST_TEST(console.shows([&](const std::string &s) { return whole(s, 30); }),
             console.screen());
  console.keys({"?"});
  BOOST_TEST(
      console.shows([](const std::string &s) { return contains(s, "== help =="); }));
  console.keys({"Escape", "q"});
  BOOST_TEST_REQUIRE(console.shows(
      [](const std::string &s) { return contains(s, "flu-admin-exited=0"); }));
  BOOST_TEST(console.saved("stty.before") == console.saved("stty.after"));
  BOOST_TEST(console.tmux({"display", "-p", "-t", "0", "#{alternate_on}"}).out == "0\n");
}
