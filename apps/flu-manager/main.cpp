// flu-manager: the centre of a planet.
//
//   flu-manager [PLANET.xml] [--bind tcp://*:7531] [--local-worker NAME] ...
//
// Without a planet file it loads the default planet; with --local-worker it
// also starts a worker on loopback: the embedded default, one command from
// nothing to a stream.
#include "cli/arguments.hpp"
#include "manager.hpp"

#include "files/install_dirs.hpp"
#include "log/log.hpp"
#include "planet/planet_writer.hpp"
#include "scrape/scrape_server.hpp"

#include <iostream>

namespace {

int usage(std::ostream &out, int code) {
  out << "usage: flu-manager [PLANET.xml] [options]\n"
         "  --bind ENDPOINT          ZeroMQ endpoint to listen on (tcp://*:7531)\n"
         "  --port N                 same as --bind tcp://*:N\n"
         "  --local-worker NAME      also run a worker called NAME on loopback\n"
         "  --local-feed-port N      that worker's feed port (8600; 0: any free port)\n"
         "  --repository DIR         the bundle repository (KEY-DIR/repository)\n"
         "  --trusted-keys DIR       release keys bundles must be signed with "
         "(repeatable;\n"
         "                           default: KEY-DIR/trusted-keys and "
         "share/flu/trusted-keys)\n"
         "  --bundle-dir DIR         bundle files to publish at start (repeatable;\n"
         "                           default: share/flu/bundles beside bin/)\n"
         "  --heartbeat-ms N         how often workers ping (2000)\n"
         "  --peer-timeout-ms N      silence after which a worker is lost (30000)\n"
         "  --hungry-timeout-ms N    eater silence after which a component is hungry "
         "(5000)\n"
         "  --max-frame-bytes N      largest message accepted from a peer (1048576)\n"
         "  --key-dir DIR            where the CURVE key pair and the local token live\n"
         "                           ($FLU_MANAGER_DIR, else ~/.config/flu/manager)\n"
         "  --print-public-key       print the manager's public key (made if absent), "
         "exit\n"
         "  --check                  load the planet as a start would (types, version\n"
         "                           ranges and bouncers from the repository), then "
         "exit\n"
         "  --convert                load the planet as --check does, then write it in\n"
         "                           flu's own words on stdout (a planet written for\n"
         "                           Flumotion, translated; notes on stderr)\n"
         "  --metrics-bind ADDR:PORT serve Prometheus metrics at "
         "http://ADDR:PORT/metrics\n"
         "                           (off by default)\n"
         "  --metrics-token-file FILE\n"
         "                           scrapers must send the token in FILE (mode 0600)\n"
         "                           as 'Authorization: Bearer TOKEN', or get 401\n"
         "  --insecure               no CURVE: unencrypted, unauthenticated manager "
         "link\n"
         "                           (development only; logged loudly)\n"
         "Without PLANET.xml the default planet is loaded.\n";
  return code;
}

std::filesystem::path default_planet() {
  const auto installed = flu::files::data_dir() / "planets" / "default.xml";
  if (std::filesystem::exists(installed))
    return installed;
  return std::filesystem::path(FLU_SOURCE_DIR) / "examples/planets/default.xml";
}

} // namespace

int main(int argc, char **argv) {
  flu::manager::ManagerOptions options;
  bool print_key = false, check = false, convert = false;
  try {
    for (flu::cli::Arguments args(argc, argv); args.next();) {
      const std::string &arg = args.current();
      auto next = [&] { return args.value(); };
      if (arg == "--help" || arg == "-h")
        return usage(std::cout, 0);
      else if (arg == "--bind")
        options.bind = next();
      else if (arg == "--port")
        options.bind = "tcp://*:" + std::to_string(std::stoi(next()));
      else if (arg == "--local-worker")
        options.local_worker = next();
      else if (arg == "--local-feed-port")
        options.local_feed_port = std::stoi(next());
      else if (arg == "--repository")
        options.repository = next();
      else if (arg == "--trusted-keys")
        options.trusted_keys.push_back(next());
      else if (arg == "--bundle-dir")
        options.bundle_dirs.push_back(next());
      else if (arg == "--heartbeat-ms")
        options.heartbeat_ms = std::stoi(next());
      else if (arg == "--peer-timeout-ms")
        options.peer_timeout_ms = std::stoi(next());
      else if (arg == "--hungry-timeout-ms")
        options.hungry_timeout_ms = std::stoi(next());
      else if (arg == "--max-frame-bytes")
        options.max_frame_bytes = std::stoul(next());
      else if (arg == "--key-dir")
        options.key_dir = next();
      else if (arg == "--metrics-bind")
        options.metrics_bind = next();
      else if (arg == "--metrics-token-file")
        options.metrics_token_file = next();
      else if (arg == "--insecure")
        options.insecure = true;
      else if (arg == "--print-public-key")
        print_key = true;
      else if (arg == "--check")
        check = true;
      else if (arg == "--convert")
        convert = true;
      else if (!arg.empty() && arg[0] != '-' && options.planet_file.empty())
        options.planet_file = arg;
      else
        throw std::invalid_argument("unexpected argument " + arg);
    }
    if (!options.metrics_token_file.empty() && options.metrics_bind.empty())
      throw std::invalid_argument("--metrics-token-file needs --metrics-bind");
    if (!options.metrics_bind.empty())
      flu::scrape::parse_bind(options.metrics_bind); // says what is wrong before a start
  } catch (const std::exception &e) {
    std::cerr << "flu-manager: " << e.what() << "\n";
    return usage(std::cerr, 2);
  }
  if (print_key) {
    try {
      std::cout << flu::manager::Manager::public_key(options.key_dir) << "\n";
      return 0;
    } catch (const std::exception &e) {
      std::cerr << "flu-manager: " << e.what() << "\n";
      return 1;
    }
  }
  if (options.planet_file.empty())
    options.planet_file = default_planet();
  try {
    flu::manager::Manager manager(options);
    if (check || convert) {
      // What was translated from Flumotion's spelling or left out, so an
      // operator sees every change the load made to their file.
      for (const auto &note : manager.planet().notes)
        std::cerr << note << "\n";
      if (convert)
        std::cout << flu::planet::to_xml(manager.planet());
      else
        std::cout << options.planet_file.string() << ": ok\n";
      return 0;
    }
    return manager.run();
  } catch (const std::exception &e) {
    std::cerr << "flu-manager: " << e.what() << "\n";
    return 1;
  }
}
