// flu-worker: runs components on this machine for a manager.
//
//   flu-worker [--manager HOST:PORT] [--name NAME] [--feed-port 8600] ...
#include "cli/arguments.hpp"
#include "worker.hpp"

#include "registry/module_path.hpp"
#include "session/credentials.hpp"

#include <iostream>
#include <unistd.h>

namespace {

int usage(std::ostream &out, int code) {
  out << "usage: flu-worker [options]\n"
         "  --name NAME           this worker's name in the planet (the host name)\n"
         "  --feed-port N         the port eaters connect to for feeds (8600; 0: any)\n"
         "  --feed-host HOST      the address other workers reach this one at\n"
         "                        (default: as the manager sees it)\n"
         "  --module-path DIR     where modules are (repeatable; default: "
         "FLU_MODULE_PATH,\n"
         "                        then beside the executable)\n"
         "  --job PATH            the flu-job executable (default: beside this one)\n"
      << flu::session::peer_options_help();
  return code;
}

} // namespace

int main(int argc, char **argv) {
  flu::worker::WorkerOptions options;
  try {
    for (flu::cli::Arguments args(argc, argv); args.next();) {
      const std::string &arg = args.current();
      auto next = [&] { return args.value(); };
      if (arg == "--help" || arg == "-h")
        return usage(std::cout, 0);
      else if (flu::session::peer_option(arg, next, options.session))
        continue;
      else if (arg == "--name")
        options.name = next();
      else if (arg == "--feed-port")
        options.feed_port = static_cast<uint16_t>(std::stoul(next()));
      else if (arg == "--feed-host")
        options.feed_host = next();
      else if (arg == "--module-path")
        options.module_path.push_back(next());
      else if (arg == "--job")
        options.job_executable = next();
      else
        throw std::invalid_argument("unexpected argument " + arg);
    }
  } catch (const std::exception &e) {
    std::cerr << "flu-worker: " << e.what() << "\n";
    return usage(std::cerr, 2);
  }
  if (options.name.empty()) {
    char host[256] = {};
    gethostname(host, sizeof(host) - 1);
    options.name = host;
  }
  try {
    flu::session::complete_from_local_manager(options.session);
  } catch (const std::exception &e) {
    std::cerr << "flu-worker: " << e.what() << "\n";
    return 2;
  }
  options.session.max_backoff_ms = 10000;
  for (auto &p : flu::registry::default_module_path())
    options.module_path.push_back(p);
  if (options.job_executable.empty())
    options.job_executable = flu::registry::executable_dir() / "flu-job";
  try {
    flu::worker::Worker worker(options);
    return worker.run();
  } catch (const std::exception &e) {
    std::cerr << "flu-worker: " << e.what() << "\n";
    return 1;
  }
}
