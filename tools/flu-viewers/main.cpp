// flu-viewers: N live viewers of a stream on this host, for hot-upgrade
// tests and benchmarks.
//
//   flu-viewers PORT PATH --viewers N [--seconds S] [--save FILE] [--status FILE]
//
// Connects N viewers to 127.0.0.1:PORT, GETs PATH and reads until S seconds
// passed or SIGTERM/SIGINT. Every 200 ms, and at the end on stdout, it
// writes its figures (to --status FILE, replaced atomically): viewers,
// connected, disconnected, the longest gap between two reads any viewer
// saw, and each viewer's body bytes. --save keeps the first viewer's body.
#include "viewers.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

namespace {

volatile std::sig_atomic_t stop = 0;

int usage() {
  std::cerr << "usage: flu-viewers PORT PATH --viewers N [--seconds S] [--save FILE] "
               "[--status FILE]\n";
  return 2;
}

void write_status(const std::string &file, const std::string &text) {
  if (file.empty())
    return;
  const std::string temp = file + ".new";
  if (FILE *f = std::fopen(temp.c_str(), "w")) {
    std::fputs(text.c_str(), f);
    std::fclose(f);
    std::rename(temp.c_str(), file.c_str());
  }
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3)
    return usage();
  const int port = std::atoi(argv[1]);
  const std::string path = argv[2];
  unsigned count = 1;
  int seconds = 0;
  std::string save, status;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc)
      return usage();
    const std::string value = argv[++i];
    if (arg == "--viewers")
      count = static_cast<unsigned>(std::stoul(value));
    else if (arg == "--seconds")
      seconds = std::stoi(value);
    else if (arg == "--save")
      save = value;
    else if (arg == "--status")
      status = value;
    else
      return usage();
  }
  if (port <= 0 || port > 65535 || count == 0 || path.empty() || path[0] != '/')
    return usage();
  std::signal(SIGTERM, [](int) { stop = 1; });
  std::signal(SIGINT, [](int) { stop = 1; });
  std::signal(SIGPIPE, SIG_IGN);
  try {
    flu::viewers::Viewers viewers(static_cast<uint16_t>(port), path, count, save);
    const int64_t end = flu::viewers::now_ms() + int64_t(seconds) * 1000;
    while (!stop && (seconds == 0 || flu::viewers::now_ms() < end)) {
      viewers.run_for(200);
      write_status(status, viewers.figures());
    }
    const std::string figures = viewers.figures();
    write_status(status, figures);
    std::cout << figures;
  } catch (const std::exception &e) {
    std::cerr << "flu-viewers: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
