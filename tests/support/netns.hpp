// A network namespace of a test's own, joined to the test's namespace by a
// veth pair, so that two planets have separate addresses and the link
// between them can be cut and restored (a partition) while both run.
#pragma once

#include "process.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

namespace flu::test {

class NetNamespace {
public:
  // Throws std::runtime_error when it cannot be made (not root, no `ip`).
  NetNamespace() {
    const std::string id = std::to_string(::getpid());
    name_ = "flu-test-" + id;
    here_ = "flu" + id + "a";
    there_ = "flu" + id + "b";
    // A /30 of 10.213.0.0/16 per process: tests running side by side
    // never share one.
    const int net = static_cast<int>(::getpid() % 16384) * 4;
    const std::string prefix =
        "10.213." + std::to_string(net / 256) + "." + std::to_string(net % 256 + 1);
    here_address_ = prefix;
    there_address_ =
        "10.213." + std::to_string(net / 256) + "." + std::to_string(net % 256 + 2);
    ip({"netns", "add", name_});
    try {
      ip({"link", "add", here_, "type", "veth", "peer", "name", there_, "netns", name_});
      ip({"addr", "add", here_address_ + "/30", "dev", here_});
      ip({"link", "set", here_, "up"});
      in({"/usr/sbin/ip", "link", "set", "lo", "up"});
      in({"/usr/sbin/ip", "addr", "add", there_address_ + "/30", "dev", there_});
      in({"/usr/sbin/ip", "link", "set", there_, "up"});
    } catch (...) {
      remove();
      throw;
    }
  }

  ~NetNamespace() { remove(); }

  NetNamespace(const NetNamespace &) = delete;
  NetNamespace &operator=(const NetNamespace &) = delete;

  // What runs a command inside: put before its argv.
  std::vector<std::string> launcher() const {
    return {"/usr/sbin/ip", "netns", "exec", name_};
  }
  // The test's end of the pair, and the namespace's.
  const std::string &here_address() const { return here_address_; }
  const std::string &there_address() const { return there_address_; }

  // The partition: nothing passes between the two until restore().
  void cut() { ip({"link", "set", here_, "down"}); }
  void restore() { ip({"link", "set", here_, "up"}); }

private:
  void remove() const { // the veth pair goes with the namespace
    run({"/usr/sbin/ip", "netns", "del", name_}, std::chrono::seconds(10));
  }
  static void ip(std::vector<std::string> args) {
    args.insert(args.begin(), "/usr/sbin/ip");
    check(run(args, std::chrono::seconds(10)), args);
  }
  void in(std::vector<std::string> args) const {
    auto argv = launcher();
    argv.insert(argv.end(), args.begin(), args.end());
    check(run(argv, std::chrono::seconds(10)), argv);
  }
  static void check(const RunResult &r, const std::vector<std::string> &argv) {
    if (!r.exited_ok()) {
      std::string command;
      for (const auto &a : argv)
        command += a + " ";
      throw std::runtime_error(command + "failed: " + r.err);
    }
  }

  std::string name_, here_, there_, here_address_, there_address_;
};

} // namespace flu::test
