// Starting and stopping real processes from tests, header-only.
//
//   flu::test::TempDir dir;                          // removed at scope exit
//   flu::test::Process manager({FLU_MANAGER, planet, "--port", std::to_string(port)},
//                              {.stdout_path = dir.file("manager.out"),
//                               .stderr_path = dir.file("manager.err"),
//                               .env = {{"FLU_MANAGER_DIR", dir.file("m").string()}}});
//   BOOST_REQUIRE(flu::test::poll_until(
//       [&] { return manager.err().find("listening on") != std::string::npos; }, 10s));
//   auto list = flu::test::run({FLU_COMMAND, "--manager", addr, "list"}, 10s);
//   BOOST_TEST(list.exited_ok());
//   BOOST_TEST(Process::describe(manager.stop()) == "exited with code 0");
//
// Process: posix_spawn (safe in a threaded test), stdin from /dev/null,
// stdout/stderr to files (no pipe to fill up and block the child; the test
// reads them whenever it likes with out()/err()). By default the child leads
// its own process group, so stop() and the destructor also end whatever it
// started (a manager's local worker, a worker's jobs). The destructor never
// leaves a child behind: SIGKILL to the group, then reaps it. An ended child
// is reaped only by stop() or the destructor, so the ids it signals are
// never someone else's.
//
// run(): start, wait with a timeout, return exit status and output.
// The rest of tests/support: temp_dir.hpp, wait.hpp (poll_until),
// free_port.hpp (free_tcp_port), text_file.hpp (read_text).
#pragma once

#include "later.hpp"

#include "temp_dir.hpp"
#include "text_file.hpp"
#include "wait.hpp"

#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

extern char **environ;

namespace flu::test {

struct SpawnOptions {
  std::filesystem::path stdout_path; // empty: /dev/null
  std::filesystem::path stderr_path; // empty: /dev/null
  // Set in the child's environment, on top of ours (overriding a variable).
  std::vector<std::pair<std::string, std::string>> env;
  bool own_process_group = true;
};

class Process {
public:
  // Starts argv[0] (a path, not searched in PATH). Throws std::runtime_error.
  explicit Process(std::vector<std::string> argv, SpawnOptions options = {})
      : options_(std::move(options)) {
    if (argv.empty())
      throw std::invalid_argument("Process: empty argv");
    std::vector<std::string> env_text;
    for (char **e = environ; *e; ++e) {
      const std::string entry = *e;
      bool overridden = false;
      for (const auto &[key, value] : options_.env)
        overridden = overridden || entry.rfind(key + "=", 0) == 0;
      if (!overridden)
        env_text.push_back(entry);
    }
    for (const auto &[key, value] : options_.env)
      env_text.push_back(key + "=" + value);

    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawnattr_init(&attr);
    const std::string out = path_or_null(options_.stdout_path);
    const std::string err = path_or_null(options_.stderr_path);
    const int flags = O_WRONLY | O_CREAT | O_TRUNC;
    ::posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), flags, 0644);
    ::posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), flags, 0644);
    if (options_.own_process_group) {
      ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
      ::posix_spawnattr_setpgroup(&attr, 0);
    }
    const int rc = ::posix_spawn(&pid_, argv[0].c_str(), &actions, &attr,
                                 pointers(argv).data(), pointers(env_text).data());
    ::posix_spawn_file_actions_destroy(&actions);
    ::posix_spawnattr_destroy(&attr);
    if (rc != 0)
      throw std::runtime_error("cannot start " + argv[0] + ": " + ::strerror(rc));
  }

  ~Process() {
    if (!reaped_) {
      kill_all(SIGKILL);
      reap();
    }
  }
  Process(const Process &) = delete;
  Process &operator=(const Process &) = delete;

  pid_t pid() const { return pid_; }

  // Whether it still runs. An ended child stays a zombie until stop() or the
  // destructor reaps it, so its pid (and group id) cannot be reused by an
  // unrelated process while we might still signal it.
  bool running() {
    if (status_)
      return false;
    siginfo_t info{};
    if (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) ==
            0 &&
        info.si_pid == pid_)
      status_ = info.si_code == CLD_EXITED
                    ? (info.si_status & 0xff) << 8
                    : (info.si_status & 0x7f) | (info.si_code == CLD_DUMPED ? 0x80 : 0);
    return !status_;
  }

  // Its wait status, or nullopt if it is still running after `timeout`.
  std::optional<int> wait_for(std::chrono::milliseconds timeout) {
    poll_until([this] { return !running(); }, timeout, 5ms);
    return status_;
  }

  void signal(int sig) {
    if (!reaped_)
      ::kill(pid_, sig);
  }

  // SIGTERM, SIGKILL after `grace`; then whatever is left of its process
  // group is killed too, and it is reaped. Returns its wait status.
  int stop(std::chrono::milliseconds grace = 5s) {
    if (!reaped_) {
      signal(SIGTERM);
      wait_for(grace);
      kill_all(SIGKILL);
      reap();
    }
    return *status_;
  }

  std::optional<int> status() const { return status_; }
  std::string out() const { return read_text(options_.stdout_path); }
  std::string err() const { return read_text(options_.stderr_path); }

  // "exited with code 0", "killed by signal 9".
  static std::string describe(int status) {
    if (WIFEXITED(status))
      return "exited with code " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
      return "killed by signal " + std::to_string(WTERMSIG(status));
    return "wait status " + std::to_string(status);
  }

private:
  static std::string path_or_null(const std::filesystem::path &p) {
    return p.empty() ? "/dev/null" : p.string();
  }
  static std::vector<char *> pointers(std::vector<std::string> &strings) {
    std::vector<char *> out;
    for (auto &s : strings)
      out.push_back(s.data());
    out.push_back(nullptr);
    return out;
  }
  // Only while not reaped: until then the pid and group id are still ours.
  void kill_all(int sig) {
    ::kill(pid_, sig); // harmless on a zombie
    if (options_.own_process_group)
      ::kill(-pid_, sig);
  }
  void reap() {
    int status = 0;
    if (::waitpid(pid_, &status, 0) == pid_ && !status_)
      status_ = status;
    reaped_ = true;
  }

  SpawnOptions options_;
  pid_t pid_ = -1;
  std::optional<int> status_;
  bool reaped_ = false;
};

struct RunResult {
  int status = -1; // wait status (the child was killed on timeout)
  bool timed_out = false;
  std::string out, err;
  bool exited_ok() const {
    return !timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  int exit_code() const { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }
};

// Runs argv to completion (killed after `timeout`) and returns its output.
inline RunResult run(std::vector<std::string> argv,
                     std::chrono::milliseconds timeout = 30s,
                     std::vector<std::pair<std::string, std::string>> env = {}) {
  TempDir dir("flu-run");
  Process p(std::move(argv),
            {dir.file("stdout"), dir.file("stderr"), std::move(env), true});
  RunResult r;
  if (auto status = p.wait_for(timeout)) {
    r.status = *status;
  } else {
    r.timed_out = true;
    r.status = p.stop(1s);
  }
  r.out = p.out();
  r.err = p.err();
  return r;
}

} // namespace flu::test
