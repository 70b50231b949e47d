// A planet running for real: a manager, workers and their jobs on
// loopback, with free ports, and what a test asks of it through the real
// clients (flu-command, curl, gst-discoverer-1.0).
#pragma once

#include "free_port.hpp"
#include "process.hpp"
#include "temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <memory>
#include <regex>
#include <sstream>

namespace flu::test {

struct ComponentRow {
  std::string id, mood, worker, type;
  int pid = 0;
  std::vector<std::string> notes;
};

class RunningPlanet {
public:
  // Copies the example planet with its http-streamer ports replaced by free
  // ones (`http_port()`), and starts a manager with quick heartbeats.
  explicit RunningPlanet(const std::string &example, std::vector<std::string> extra = {})
      : RunningPlanet(example,
                      read_text(std::filesystem::path(FLU_SOURCE_DIR) /
                                "examples/planets" / example),
                      std::move(extra)) {}

  // How a planet's processes run, beyond the defaults.
  struct Options {
    // Put before every command the planet runs (manager, workers,
    // flu-command, curl): e.g. {"ip", "netns", "exec", "edge"}.
    std::vector<std::string> launcher;
    // Text replaced in the planet after its ports are: e.g. a port of
    // another planet's, which the fixture must not make this one's.
    std::map<std::string, std::string> substitutions;
  };

  // A planet given as text, named `name`.
  RunningPlanet(const std::string &name, std::string xml, std::vector<std::string> extra,
                Options how = {})
      : manager_port_(free_tcp_port()), http_port_(free_tcp_port()),
        launcher_(std::move(how.launcher)) {
    const std::string example = name;
    xml = std::regex_replace(xml, std::regex(R"(<property name="port">\d+</property>)"),
                             "<property name=\"port\">" + std::to_string(http_port_) +
                                 "</property>");
    for (const auto &[from, to] : how.substitutions)
      for (size_t at; (at = xml.find(from)) != std::string::npos;)
        xml.replace(at, from.size(), to);
    planet_ = dir_.file(example);
    std::ofstream(planet_) << xml;
    std::vector<std::string> argv{FLU_MANAGER,
                                  planet_.string(),
                                  "--port",
                                  std::to_string(manager_port_),
                                  "--heartbeat-ms",
                                  "300",
                                  "--peer-timeout-ms",
                                  "3000"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    manager_argv_ = launched(argv);
    manager_ = std::make_unique<Process>(manager_argv_, options("manager"));
    // Peers read the manager's key and local token, which it writes first
    // (after reading its repository: seconds on a loaded machine).
    BOOST_TEST_REQUIRE(
        poll_until(
            [this] { return std::filesystem::exists(manager_dir() / "local.token"); },
            60s, 20ms),
        "the manager wrote no local.token within 60 s:\n"
            << FLU_LATER(read_text(dir_.file("manager.err"))));
  }

  // Starts the manager again with the same arguments (and so the same keys
  // and port), after it died or was stopped.
  Process &restart_manager() {
    manager_->stop(1s);
    manager_ = std::make_unique<Process>(manager_argv_, options("manager-again"));
    return *manager_;
  }

  // flu-command against this planet's manager, with its local credentials.
  RunResult command(std::vector<std::string> args,
                    std::chrono::milliseconds timeout = 15s) {
    std::vector<std::string> argv{FLU_COMMAND, "--manager",
                                  "127.0.0.1:" + std::to_string(manager_port_)};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(launched(argv), timeout, env());
  }
  std::string manager_address() const {
    return "127.0.0.1:" + std::to_string(manager_port_);
  }
  std::filesystem::path manager_dir() const { return dir_.file("manager"); }
  const TempDir &dir() const { return dir_; }

  // A worker of this name, as its own process (feed port chosen by the kernel).
  Process &start_worker(const std::string &name, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{
        FLU_WORKER, "--manager", "127.0.0.1:" + std::to_string(manager_port_),
        "--name",   name,        "--feed-port",
        "0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    workers_[name] = std::make_unique<Process>(launched(argv), options("worker-" + name));
    return *workers_[name];
  }
  Process &worker(const std::string &name) { return *workers_.at(name); }
  Process &manager() { return *manager_; }
  uint16_t http_port() const { return http_port_; }

  std::vector<ComponentRow> components() {
    const auto r = command({"--timeout-ms", "2000", "list"}, 10s);
    std::vector<ComponentRow> rows;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line[0] == '/') {
        ComponentRow row;
        std::string pid;
        std::istringstream fields(line);
        fields >> row.id >> row.mood >> row.worker >> pid >> row.type;
        row.pid = pid == "-" ? 0 : std::stoi(pid);
        rows.push_back(row);
      } else if (line.rfind("    ", 0) == 0 && !rows.empty()) {
        rows.back().notes.push_back(line.substr(4));
      }
    }
    return rows;
  }

  ComponentRow component(const std::string &id) {
    for (auto &row : components())
      if (row.id == id)
        return row;
    return {};
  }

  // Waits until every component is in `mood`; on timeout says who is not.
  bool all_in_mood(const std::string &mood, std::chrono::milliseconds timeout) {
    std::vector<ComponentRow> last;
    const bool ok = poll_until(
        [&] {
          last = components();
          if (last.empty())
            return false;
          for (const auto &row : last)
            if (row.mood != mood)
              return false;
          return true;
        },
        timeout, 250ms);
    if (!ok)
      for (const auto &row : last)
        BOOST_TEST_MESSAGE(row.id << " is " << row.mood << " on " << row.worker);
    return ok;
  }

  // Fetches the stream like a viewer for `seconds`; returns the file.
  std::filesystem::path fetch(const std::string &mount, int seconds) {
    const auto file =
        dir_.file("fetched-" + std::filesystem::path(mount).filename().string());
    const auto r =
        run(launched({"/usr/bin/curl", "-s", "--max-time", std::to_string(seconds), "-o",
                      file.string(),
                      "http://127.0.0.1:" + std::to_string(http_port_) + mount}),
            std::chrono::seconds(seconds + 10));
    // curl ends a live stream by its own time limit: exit code 28.
    BOOST_TEST(r.exit_code() == 28,
               "curl: " << Process::describe(r.status) << " " << r.err);
    return file;
  }

  std::string logs() {
    std::string all = "manager:\n" + read_text(dir_.file("manager.err")) +
                      "manager (again):\n" + read_text(dir_.file("manager-again.err"));
    for (auto &[name, w] : workers_)
      all += "worker " + name + ":\n" + w->err();
    return all;
  }

private:
public:
  // Every process of the planet finds the manager's keys and local token in
  // the test's own directory (FLU_MANAGER_DIR), never in the user's, and
  // workers keep the bundles they fetch there too (FLU_WORKER_CACHE). No
  // module path: the manager knows the types of the bundles it imports
  // from the build's share/flu/bundles.
  std::vector<std::pair<std::string, std::string>> env() const {
    return {{"FLU_MANAGER_DIR", manager_dir().string()},
            {"FLU_WORKER_CACHE", (dir_.path() / "worker-cache").string()}};
  }
  SpawnOptions options(const std::string &name) {
    return {dir_.file(name + ".out"), dir_.file(name + ".err"), env(), true};
  }

private:
  std::vector<std::string> launched(std::vector<std::string> argv) const {
    argv.insert(argv.begin(), launcher_.begin(), launcher_.end());
    return argv;
  }

  TempDir dir_;
  uint16_t manager_port_, http_port_;
  std::vector<std::string> launcher_;
  std::filesystem::path planet_;
  std::vector<std::string> manager_argv_;
  std::unique_ptr<Process> manager_;
  std::map<std::string, std::unique_ptr<Process>> workers_;
};

// gst-discoverer-1.0's report on a file.
inline std::string discover(const std::filesystem::path &file) {
  return run({"/usr/bin/gst-discoverer-1.0", file.string()}, 30s).out;
}

} // namespace flu::test
