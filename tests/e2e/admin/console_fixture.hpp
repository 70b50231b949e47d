// flu-admin in a tmux pane of the test's own, against a RunningPlanet:
// send keys, read the screen (tests/e2e/admin).
#pragma once

#include "flow_fixture.hpp"

#include <unistd.h>

#include <functional>
#include <sstream>

namespace flu::test {

inline bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

// One tmux server of the test's own, running flu-admin in a pane; the
// pane's command saves the terminal's settings before and after, so the
// test sees whether flu-admin restored them.
class Console {
public:
  // `options`: flu-admin's own, after --manager.
  Console(RunningPlanet &planet, int width = 120, int height = 30,
          std::vector<std::string> options = {})
      : socket_("flu-admin-test-" + std::to_string(::getpid())),
        dir_(planet.dir().path()) {
    std::string extra;
    for (const auto &o : options)
      extra += " '" + o + "'";
    std::string env;
    for (const auto &[k, v] : planet.env())
      env += k + "=" + v + " ";
    const std::string script = "stty -g > " + (dir_ / "stty.before").string() + "; env " +
                               env + "XDG_CACHE_HOME=" + (dir_ / "admin-cache").string() +
                               " LANG=C.UTF-8 " + FLU_ADMIN + " --manager " +
                               planet.manager_address() + extra +
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

// The default planet with the manager's local worker, every component happy.
inline RunningPlanet &with_local_worker(std::unique_ptr<RunningPlanet> &planet) {
  planet = std::make_unique<RunningPlanet>(
      "default.xml",
      std::vector<std::string>{"--local-worker", "localhost", "--local-feed-port", "0"});
  BOOST_TEST_REQUIRE(planet->all_in_mood("happy", 60s), FLU_LATER(planet->logs()));
  return *planet;
}

} // namespace flu::test
