// A stand-in for flu-command (main.cpp) while core/session/ has no
// implementation yet: lists with the old PlanetRequest. Goes away with the
// admin protocol (see CMakeLists.txt).
//
//   flu-command [--manager HOST:PORT] [--timeout-ms N] [--json] list
//   flu-command ... workers
//
// Exit codes: 0 done, 1 the manager did not answer or refused, 2 usage.
#include "cli/arguments.hpp"
#include "i18n/translate.hpp"
#include "link/zmq_link.hpp"
#include "message/codec.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <iomanip>
#include <iostream>
#include <optional>
#include <random>
#include <sstream>

namespace {

using namespace flu;

int usage(std::ostream &out, int code) {
  out << "usage: flu-command [--manager HOST:PORT] [--timeout-ms N] [--json] COMMAND\n"
         "commands:\n"
         "  list      components with mood, worker, pid, type and messages\n"
         "  workers   workers with their feed address and whether they are connected\n";
  return code;
}

std::string json_string(const std::string &s) {
  std::ostringstream out;
  out << '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\')
      out << '\\' << c;
    else if (c < 0x20)
      out << "\\u" << std::hex << std::setw(4) << std::setfill('0') << int(c) << std::dec;
    else
      out << c;
  }
  out << '"';
  return out.str();
}

const char *level_name(uint8_t level) {
  return level == 1 ? "error" : level == 2 ? "warning" : "info";
}

void print_components(const message::PlanetSnapshot &s, bool json) {
  if (json) {
    std::cout << "{\"planet\":" << json_string(s.planet) << ",\"components\":[";
    for (std::size_t i = 0; i < s.components.size(); ++i) {
      const auto &c = s.components[i];
      std::cout << (i ? "," : "") << "{\"id\":" << json_string(c.avatar_id)
                << ",\"type\":" << json_string(c.type)
                << ",\"worker\":" << json_string(c.worker)
                << ",\"mood\":" << json_string(to_string(c.mood)) << ",\"pid\":" << c.pid
                << ",\"messages\":[";
      for (std::size_t n = 0; n < c.notes.size(); ++n)
        std::cout << (n ? "," : "")
                  << "{\"level\":" << json_string(level_name(c.notes[n].level))
                  << ",\"id\":" << json_string(c.notes[n].id)
                  << ",\"text\":" << json_string(i18n::render(c.notes[n])) << "}";
      std::cout << "]}";
    }
    std::cout << "]}\n";
    return;
  }
  std::cout << std::left << std::setw(28) << "COMPONENT" << std::setw(10) << "MOOD"
            << std::setw(14) << "WORKER" << std::setw(8) << "PID"
            << "TYPE\n";
  for (const auto &c : s.components) {
    std::cout << std::setw(28) << c.avatar_id << std::setw(10) << to_string(c.mood)
              << std::setw(14) << c.worker << std::setw(8)
              << (c.pid ? std::to_string(c.pid) : "-") << c.type << "\n";
    for (const auto &n : c.notes)
      std::cout << "    " << level_name(n.level) << ": " << i18n::render(n) << "\n";
  }
}

void print_workers(const message::PlanetSnapshot &s, bool json) {
  if (json) {
    std::cout << "{\"workers\":[";
    for (std::size_t i = 0; i < s.workers.size(); ++i)
      std::cout << (i ? "," : "") << "{\"name\":" << json_string(s.workers[i].name)
                << ",\"host\":" << json_string(s.workers[i].host)
                << ",\"feed_port\":" << s.workers[i].feed_port
                << ",\"connected\":" << (s.workers[i].connected ? "true" : "false")
                << "}";
    std::cout << "]}\n";
    return;
  }
  for (const auto &w : s.workers)
    std::cout << std::left << std::setw(16) << w.name << w.host << ":" << w.feed_port
              << "  " << (w.connected ? "connected" : "gone") << "\n";
}

} // namespace

int main(int argc, char **argv) {
  std::string manager = "127.0.0.1:7531", command;
  int timeout_ms = 5000;
  bool json = false;
  try {
    for (flu::cli::Arguments args(argc, argv); args.next();) {
      const std::string &arg = args.current();
      auto next = [&] { return args.value(); };
      if (arg == "--help" || arg == "-h")
        return usage(std::cout, 0);
      else if (arg == "--manager" || arg == "-m")
        manager = next();
      else if (arg == "--timeout-ms")
        timeout_ms = std::stoi(next());
      else if (arg == "--json")
        json = true;
      else if (command.empty() && arg[0] != '-')
        command = arg;
      else
        throw std::invalid_argument("unexpected argument " + arg);
    }
  } catch (const std::exception &e) {
    std::cerr << "flu-command: " << e.what() << "\n";
    return usage(std::cerr, 2);
  }
  if (command != "list" && command != "workers")
    return usage(std::cerr, 2);

  boost::asio::io_context io;
  std::optional<message::PlanetSnapshot> snapshot;
  std::string refused;
  link::ZmqLink link(
      io, "flu-command", 16 << 20, [&](const link::Peer &, const message::Envelope &e) {
        try {
          if (e.type == static_cast<uint16_t>(message::Type::planet_snapshot))
            snapshot = message::decode<message::PlanetSnapshot>(e.payload);
          else if (e.type == static_cast<uint16_t>(message::Type::refused))
            refused = message::decode<message::Refused>(e.payload).reason;
        } catch (const std::exception &ex) {
          refused = ex.what();
        }
        io.stop();
      });
  std::random_device rd;
  link.connect_dealer("tcp://" + manager, link::ClientSecurity{true, {}});
  link.send("", message::pack(message::PlanetRequest{}));
  boost::asio::steady_timer timer(io, std::chrono::milliseconds(timeout_ms));
  timer.async_wait([&](auto ec) {
    if (!ec)
      io.stop();
  });
  io.run();
  if (!refused.empty()) {
    std::cerr << "flu-command: the manager refused: " << refused << "\n";
    return 1;
  }
  if (!snapshot) {
    std::cerr << "flu-command: no answer from the manager at " << manager << " within "
              << timeout_ms << " ms\n";
    return 1;
  }
  if (command == "list")
    print_components(*snapshot, json);
  else
    print_workers(*snapshot, json);
  return 0;
}
