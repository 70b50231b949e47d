// flu-admin in a real terminal (tmux) against a real manager and worker:
// what the screen shows, what the keys do, and the terminal left as found.
#define BOOST_TEST_MODULE admin
#include "flow_fixture.hpp"

#include <csignal>

using namespace flu::test;

namespace {

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

// One tmux server of the test's own, running flu-admin in a pane; the
// pane's command saves the terminal's settings before and after, so the
// test sees whether flu-admin restored them.
class Console {
public:
  Console(RunningPlanet &planet, int width = 120, int height = 30)
      : socket_("flu-admin-test-" + std::to_string(::getpid())),
        dir_(planet.dir().path()) {
    std::string env;
    for (const auto &[k, v] : planet.env())
      env += k + "=" + v + " ";
    const std::string script = "stty -g > " + (dir_ / "stty.before").string() + "; env " +
                               env + "LANG=C.UTF-8 " + FLU_ADMIN + " --manager " +
                               planet.manager_address() +
                               "; echo flu-admin-exited=$?; stty -g > " +
                               (dir_ / "stty.after").string() + "; sleep 600";
    tmux({"new-session", "-d", "-x", std::to_string(width), "-y", std::to_string(height),
          "sh", "-c", script});
  }
  ~Console() { tmux({"kill-server"}); }

  RunResult tmux(std::vector<std::string> args) {
    args.insert(args.begin(), {"/usr/bin/tmux", "-L", socket_});
    return run(args, 10s);
  }
  void keys(std::vector<std::string> keys) {
    keys.insert(keys.begin(), {"send-keys", "-t", "0"});
    tmux(keys);
  }
  std::string screen() { return tmux({"capture-pane", "-p", "-t", "0"}).out; }
  // The screen line that shows this component's name (first column).
  std::string row(const std::string &name) {
    std::istringstream in(screen());
    for (std::string line; std::getline(in, line);)
      if (line.size() > 2 && line.substr(2, name.size() + 1) == name + " ")
        return line;
    return "";
  }
  bool shows(const std::function<bool(const std::string &)> &done,
             std::chrono::milliseconds timeout = 20s) {
    return poll_until([&] { return done(screen()); }, timeout, 100ms);
  }
  std::string saved(const char *name) { return read_text(dir_ / name); }

private:
  std::string socket_;
  std::filesystem::path dir_;
};

RunningPlanet &with_local_worker(std::unique_ptr<RunningPlanet> &planet) {
  planet = std::make_unique<RunningPlanet>(
      "default.xml",
      std::vector<std::string>{"--local-worker", "localhost", "--local-feed-port", "0"});
  BOOST_TEST_REQUIRE(planet->all_in_mood("happy", 60s), FLU_LATER(planet->logs()));
  return *planet;
}

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
