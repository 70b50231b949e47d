// flu-worker: runs components on this machine for a manager.
//
//   flu-worker [--manager HOST:PORT] [--name NAME] [--feed-port 8600] ...
#include "cli/arguments.hpp"
#include "worker.hpp"

#include "files/install_dirs.hpp"
#include "session/credentials.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace {

int usage(std::ostream &out, int code) {
  out << "usage: flu-worker [options]\n"
         "  --name NAME           this worker's name in the planet (the host name)\n"
         "  --feed-port N         the port eaters connect to for feeds (8600; 0: any)\n"
         "  --feed-host HOST      the address other workers reach this one at\n"
         "                        (default: as the manager sees it)\n"
         "  --cache DIR           the bundle cache (default: $FLU_WORKER_CACHE, else\n"
         "                        ~/.cache/flu/worker-NAME)\n"
         "  --cache-max-bytes N   evict unused bundles past N bytes (1 GiB)\n"
         "  --trusted-keys DIR    release keys (*.pub) bundles must be signed with\n"
         "                        (repeatable; default: share/flu/trusted-keys beside\n"
         "                        the executable and ~/.config/flu/trusted-keys)\n"
         "  --bundle-dir DIR      a trusted local folder of bundle files, used before\n"
         "                        fetching from the manager (repeatable; verified)\n"
         "  --job PATH            the flu-job executable (default: beside this one)\n"
      << flu::session::peer_options_help();
  return code;
}

std::filesystem::path home_dir(const char *xdg, const char *fallback) {
  // The XDG spec says a relative path there is to be ignored.
  if (const char *dir = std::getenv(xdg); dir && *dir == '/')
    return dir;
  if (const char *home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / fallback;
  throw std::runtime_error(std::string("cannot tell where the worker keeps its files: "
                                       "set --cache and --trusted-keys, or HOME"));
}

void default_bundle_options(flu::worker::FetcherOptions &o, const std::string &name) {
  if (o.cache.empty()) {
    if (const char *dir = std::getenv("FLU_WORKER_CACHE"); dir && *dir)
      o.cache = dir;
    else
      o.cache = home_dir("XDG_CACHE_HOME", ".cache") / "flu" / ("worker-" + name);
  }
  if (o.trusted_keys.empty()) {
    o.trusted_keys.push_back(flu::files::data_dir() / "trusted-keys");
    o.trusted_keys.push_back(home_dir("XDG_CONFIG_HOME", ".config") / "flu" /
                             "trusted-keys");
  }
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
      else if (arg == "--cache")
        options.bundles.cache = next();
      else if (arg == "--cache-max-bytes")
        options.bundles.cache_max_bytes = std::stoull(next());
      else if (arg == "--trusted-keys")
        options.bundles.trusted_keys.push_back(next());
      else if (arg == "--bundle-dir")
        options.bundles.bundle_dirs.push_back(next());
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
  try {
    default_bundle_options(options.bundles, options.name);
  } catch (const std::exception &e) {
    std::cerr << "flu-worker: " << e.what() << "\n";
    return 2;
  }
  if (options.job_executable.empty())
    options.job_executable = flu::files::executable_dir() / "flu-job";
  try {
    flu::worker::Worker worker(options);
    return worker.run();
  } catch (const std::exception &e) {
    std::cerr << "flu-worker: " << e.what() << "\n";
    return 1;
  }
}
