// flu-bench-state: the latency of a state change from a job to an admin.
//
//   flu-bench-state [peer options] [--samples N] [--prefix /atmosphere/]
//
// Logs in as an admin, subscribes, then again and again kills the job of a
// running component whose id starts with the prefix (SIGKILL, so the job's
// end is the state change) and times how long until a delta shows that
// component's new mood. Prints p50/p90/p99/max in milliseconds. Components
// with a restart policy come back by themselves, so samples keep coming.
#include "cli/arguments.hpp"
#include "message/codec.hpp"
#include "session/credentials.hpp"
#include "session/peer_session.hpp"

#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <iostream>
#include <map>
#include <random>

using namespace flu;
using clock_type = std::chrono::steady_clock;

int main(int argc, char **argv) {
  session::SessionOptions options;
  options.role = flu::message::PeerRole::admin;
  options.name = "flu-bench-state";
  int samples = 100;
  std::string prefix = "/";
  try {
    for (cli::Arguments args(argc, argv); args.next();) {
      auto next = [&] { return args.value(); };
      if (session::peer_option(args.current(), next, options))
        continue;
      if (args.is("--samples"))
        samples = std::stoi(next());
      else if (args.is("--prefix"))
        prefix = next();
      else
        throw std::invalid_argument("unexpected argument " + args.current());
    }
    session::complete_from_local_manager(options);
  } catch (const std::exception &e) {
    std::cerr << "flu-bench-state: " << e.what() << "\n"
              << "usage: flu-bench-state [--samples N] [--prefix ID-PREFIX]\n"
              << session::peer_options_help();
    return 2;
  }

  boost::asio::io_context io;
  session::PeerSession peer(io, options, "flu-bench-state");
  std::map<std::string, message::ComponentStatus> state;
  std::string victim;
  clock_type::time_point killed_at;
  std::vector<double> latencies;
  std::mt19937 random(42);

  auto pick_and_kill = [&] {
    std::vector<const message::ComponentStatus *> running;
    for (const auto &[id, c] : state)
      if (c.pid && c.mood == Mood::happy && id.rfind(prefix, 0) == 0)
        running.push_back(&c);
    if (running.empty())
      return false;
    const auto *c = running[random() % running.size()];
    victim = c->component_id;
    killed_at = clock_type::now();
    ::kill(static_cast<pid_t>(c->pid), SIGKILL);
    return true;
  };
  // Between samples, wait until some component is happy again.
  std::function<void()> try_next = [&] {
    if (static_cast<int>(latencies.size()) >= samples)
      return io.stop();
    if (!victim.empty())
      return;
    pick_and_kill();
  };
  peer.on_logged_in([&](const message::LoginReply &) {
    peer.send(message::pack(message::Subscribe{}));
  });
  peer.on_refused([&](const std::string &why) {
    std::cerr << "flu-bench-state: " << why << "\n";
    io.stop();
  });
  peer.on_message([&](const message::Envelope &e) {
    if (e.type == uint16_t(message::Type::state_snapshot)) {
      for (auto &c : message::decode<message::StateSnapshot>(e.payload).components)
        state[c.component_id] = c;
    } else if (e.type == uint16_t(message::Type::state_delta)) {
      const auto now = clock_type::now();
      for (auto &c : message::decode<message::StateDelta>(e.payload).components) {
        if (c.component_id == victim && c.mood != Mood::happy) {
          latencies.push_back(
              std::chrono::duration<double, std::milli>(now - killed_at).count());
          victim.clear();
        }
        state[c.component_id] = c;
      }
    }
    try_next();
  });
  peer.start();
  io.run_for(std::chrono::seconds(30 + samples * 3));
  if (latencies.empty()) {
    std::cerr << "flu-bench-state: no sample\n";
    return 1;
  }
  std::sort(latencies.begin(), latencies.end());
  auto at = [&](double q) {
    return latencies[std::min(latencies.size() - 1,
                              static_cast<std::size_t>(q * latencies.size()))];
  };
  std::cout << "state change job -> admin, " << latencies.size() << " samples: p50 "
            << at(0.5) << " ms, p90 " << at(0.9) << " ms, p99 " << at(0.99) << " ms, max "
            << latencies.back() << " ms\n";
  return 0;
}
