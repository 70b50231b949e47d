// flu-job: runs one component in its own process.
//
// A worker starts it as `flu-job --control-fd FD --module LIB`; the
// configuration then arrives over the control channel. For module authors
// (and tests) it also runs alone, like Flumotion's flumotion-launch:
//
//   flu-job --standalone --module LIB --type T [--property NAME=VALUE]...
//           [--eater NAME[:INDEX]=GST-FRAGMENT]... [--feeder NAME=GST-FRAGMENT]...
//           [--bouncer NAME=LIB:TYPE [--bouncer-property NAME:KEY=VALUE]...]...
//           [--id /flow/name] [--seconds N]
//
// Standalone, it prints moods, messages and UI state to stdout and takes
// commands on stdin (invoke METHOD ARGS, expire KEYCARD-ID, stop; see
// standalone_console.hpp).
//
// It also runs one runtime check of a module and ends (check_run.hpp):
//
//   flu-job --check NAME --module LIB --type T [--result-fd FD] [-- ARG...]
#include "check_run.hpp"
#include "cli/arguments.hpp"
#include "job.hpp"

#include <gst/gst.h>

#include <cstring>
#include <iostream>
#include <stdexcept>

namespace {

int usage(std::ostream &out, int code) {
  out << "usage: flu-job --control-fd FD --module LIB\n"
         "       flu-job --standalone --module LIB --type TYPE [--id /flow/name]\n"
         "               [--property NAME=VALUE]... [--eater NAME[:INDEX]=FRAGMENT]...\n"
         "               [--feeder NAME=FRAGMENT]... [--seconds N]\n"
         "               [--bouncer NAME=LIB:TYPE] [--bouncer-property "
         "NAME:KEY=VALUE]...\n"
         "       flu-job --check NAME --module LIB --type TYPE [--result-fd FD]\n"
         "               [-- ARG...]\n"
         "In standalone mode each eater is replaced by a gst-launch fragment and\n"
         "each feeder by one (default: fakesink); moods, messages and UI state go\n"
         "to stdout. --bouncer runs a bouncer in the job, for a component whose\n"
         "'bouncer' property names it. Commands on stdin: invoke METHOD [ARG...],\n"
         "expire KEYCARD-ID, stop.\n";
  return code;
}

bool split(const std::string &arg, std::string &key, std::string &value) {
  const auto eq = arg.find('=');
  if (eq == std::string::npos || eq == 0)
    return false;
  key = arg.substr(0, eq);
  value = arg.substr(eq + 1);
  return true;
}

void add_value(flu::message::Values &values, const std::string &key,
               const std::string &value) {
  for (auto &[name, list] : values)
    if (name == key) {
      list.push_back(value);
      return;
    }
  values.push_back({key, {value}});
}

// --bouncer NAME=LIB:TYPE (the type after the last colon).
flu::job::StandaloneBouncer parse_bouncer(const std::string &arg) {
  std::string name, rest;
  const auto colon = arg.rfind(':');
  if (!split(arg, name, rest) || colon == std::string::npos || colon < name.size() + 2 ||
      colon + 1 == arg.size())
    throw std::runtime_error("--bouncer wants NAME=LIB:TYPE, got " + arg);
  flu::job::StandaloneBouncer b;
  b.name = name;
  b.module = arg.substr(name.size() + 1, colon - name.size() - 1);
  b.type = arg.substr(colon + 1);
  return b;
}

// --bouncer-property NAME:KEY=VALUE, for a bouncer given before.
void add_bouncer_property(std::vector<flu::job::StandaloneBouncer> &bouncers,
                          const std::string &arg) {
  const auto colon = arg.find(':');
  std::string key, value;
  if (colon == std::string::npos || !split(arg.substr(colon + 1), key, value))
    throw std::runtime_error("--bouncer-property wants NAME:KEY=VALUE, got " + arg);
  for (auto &b : bouncers)
    if (b.name == arg.substr(0, colon)) {
      add_value(b.properties, key, value);
      return;
    }
  throw std::runtime_error("--bouncer-property for " + arg.substr(0, colon) +
                           ", which no --bouncer before it names");
}

} // namespace

int main(int argc, char **argv) {
  // A check's own arguments follow "--": taken before gst_init, whose
  // option parser would swallow the "--" and read them as its options.
  flu::job::CheckOptions check;
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--") {
      check.args.assign(argv + i + 1, argv + argc);
      argc = i;
      break;
    }
  gst_init(&argc, &argv);
  flu::job::JobOptions options;
  bool standalone = false;
  auto &config = options.config;
  config.component_id = "/standalone/component";
  for (flu::cli::Arguments args(argc, argv); args.next();) {
    const std::string &arg = args.current();
    auto next = [&] { return args.value(); };
    try {
      std::string key, value;
      if (arg == "--help" || arg == "-h")
        return usage(std::cout, 0);
      else if (arg == "--standalone")
        standalone = true;
      else if (arg == "--check")
        check.check = next();
      else if (arg == "--result-fd")
        check.result_fd = std::stoi(next());
      else if (arg == "--control-fd")
        options.control_fd = std::stoi(next());
      else if (arg == "--module")
        options.module = next();
      else if (arg == "--type")
        config.type = next();
      else if (arg == "--id")
        config.component_id = next();
      else if (arg == "--seconds")
        options.seconds = std::stoi(next());
      else if (arg == "--property" && split(next(), key, value))
        add_value(config.properties, key, value);
      else if (arg == "--eater" && split(next(), key, value)) {
        options.eater_fragments[key] = value;
        const std::string eater = key.substr(0, key.find(':'));
        bool known = false;
        for (auto &[name, feeds] : config.eaters)
          if (name == eater) {
            feeds.push_back(key);
            known = true;
          }
        if (!known)
          config.eaters.push_back({eater, {key}});
      } else if (arg == "--feeder" && split(next(), key, value))
        options.feeder_fragments[key] = value;
      else if (arg == "--bouncer")
        options.bouncers.push_back(parse_bouncer(next()));
      else if (arg == "--bouncer-property")
        add_bouncer_property(options.bouncers, next());
      else {
        std::cerr << "flu-job: unexpected argument " << arg << "\n";
        return usage(std::cerr, 2);
      }
    } catch (const std::exception &e) {
      std::cerr << "flu-job: " << e.what() << "\n";
      return usage(std::cerr, 2);
    }
  }
  if (!check.check.empty()) {
    if (options.module.empty() || config.type.empty() || standalone ||
        options.control_fd >= 0)
      return usage(std::cerr, 2);
    check.module = options.module;
    check.type = config.type;
    return flu::job::check_main(check);
  }
  if (options.module.empty() || (standalone == (options.control_fd >= 0)) ||
      (standalone && config.type.empty()) || !check.args.empty())
    return usage(std::cerr, 2);
  if (standalone)
    for (const auto &[name, fragment] : options.feeder_fragments)
      config.feeders.push_back(name);
  return flu::job::run_job(std::move(options));
}
