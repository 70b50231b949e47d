// Parses flu-command's command line; see command_line.hpp.
#include "command_line.hpp"

#include <cctype>
#include <charconv>
#include <climits>
#include <sstream>

namespace flu::command {
namespace {

constexpr std::size_t any = SIZE_MAX;

int positive_number(const std::string &option, const std::string &text, int min) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min)
    throw UsageError(option + " takes a whole number of at least " + std::to_string(min) +
                     ", not '" + text + "'");
  return value;
}

bool is_operand(const std::string &word) {
  return word.empty() || word[0] != '-' || word == "-" ||
         (word.size() > 1 &&
          (std::isdigit(static_cast<unsigned char>(word[1])) || word[1] == '.'));
}

} // namespace

const std::vector<Verb> &verbs() {
  using K = Verb::Kind;
  static const std::vector<Verb> all = {
      {"list", "", "every component: mood, worker, pid, type and messages", K::snapshot,
       0, 0},
      {"status", "[TARGET]", "one component (or all) in detail, with its UI state",
       K::snapshot, 0, 1},
      {"workers", "", "every worker: address, feed port, connected, pid, types",
       K::snapshot, 0, 0},
      {"edges", "",
       "per stream (mount point), the streamers that carry it: mood, worker, viewers of "
       "client-limit, load, CPU, URL, draining",
       K::snapshot, 0, 0},
      {"watch", "[TARGET] [--count N]",
       "print each change of the planet (or of one component) as it happens", K::watch, 0,
       1},
      {"start", "TARGET", "start a sleeping component", K::request, 1, 1},
      {"stop", "TARGET", "stop a component (a sad one goes to sleeping)", K::request, 1,
       1},
      {"restart", "TARGET", "stop a component and start it again", K::request, 1, 1},
      {"upgrade", "TARGET [VERSION]",
       "run a component's newer (or given) code in place, keeping its clients; waits "
       "until it is done (default --timeout-ms 60000)",
       K::request, 1, 2},
      {"delete", "TARGET", "remove a sleeping component from the planet", K::request, 1,
       1},
      {"property", "TARGET NAME", "a property's configured values, one per line",
       K::request, 2, 2},
      {"invoke", "TARGET METHOD [ARG...]", "call a method of a running component",
       K::request, 2, any},
      {"load", "FILE", "add the flows and atmosphere components of a planet file",
       K::request, 1, 1},
      {"export", "[--output FILE]", "the running planet as a planet file", K::request, 0,
       0},
      {"keycards", "[BOUNCER]", "the keycards a bouncer (default: the manager's) holds",
       K::request, 0, 1},
      {"expire", "BOUNCER KEYCARD-ID",
       "expire a keycard now; its holder is dropped (BOUNCER \"\" or manager: the "
       "manager's)",
       K::request, 2, 2},
      {"check", "WORKER TYPE CHECK [ARG...]",
       "run a runtime check of a component type's module on a worker and print its "
       "table (--limit-ms: the check's time limit, default 10000)",
       K::request, 3, any},
      {"types", "[TYPE]",
       "the component types of the manager's bundles, with the wizard step each "
       "ships and its runtime checks; with TYPE, its checks (usage and columns)",
       K::request, 0, 1},
  };
  return all;
}

const Verb *find_verb(const std::string &name) {
  for (const auto &verb : verbs())
    if (name == verb.name)
      return &verb;
  return nullptr;
}

std::string usage_line(const Verb &verb) {
  std::string line = std::string("usage: flu-command [OPTIONS] ") + verb.name;
  if (*verb.operands)
    line += std::string(" ") + verb.operands;
  return line;
}

std::string verb_help(const Verb &verb) {
  return usage_line(verb) + "\n  " + verb.summary + "\n";
}

std::string help_text(const std::string &peer_options_help) {
  std::ostringstream out;
  out << "usage: flu-command [OPTIONS] VERB [OPERAND...]\n"
         "The scriptable admin: asks the manager, prints the answer, exits.\n"
         "\nverbs:\n";
  for (const auto &verb : verbs()) {
    std::string head = std::string(verb.name) + " " + verb.operands;
    out << "  " << head << std::string(head.size() < 30 ? 30 - head.size() : 1, ' ')
        << verb.summary << "\n";
  }
  out << "TARGET is a component's id, /flow/name or /atmosphere/name.\n"
         "\noptions:\n"
         "  --json              print JSON (watch: one object per line)\n"
         "  --timeout-ms N      wait this long to log in, and as long again for the\n"
         "                      answer (default 5000)\n"
         "  --count N           watch: stop after N changes (of TARGET, with one)\n"
         "  --output FILE       export: write the planet to FILE\n"
         "  --limit-ms N        check: kill the check after N ms (default 10000)\n"
         "  -m HOST[:PORT]      same as --manager\n"
         "  -h, --help          this text; `flu-command VERB --help` for one verb\n"
      << peer_options_help
      << "\nexit codes:\n"
         "  0  done\n"
         "  1  could not reach or log into the manager (or it went away)\n"
         "  2  usage error, or a request the manager found malformed\n"
         "  3  no such component or target\n"
         "  4  not possible now (e.g. the component is in the wrong mood)\n"
         "  5  the component or the manager failed the request\n";
  return out.str();
}

CommandLine parse_command_line(const std::vector<std::string> &args,
                               const PeerOptionParser &peer_option) {
  CommandLine line;
  bool timeout_given = false;
  line.session.role = message::PeerRole::admin;
  line.session.name = "flu-command";
  line.session.max_backoff_ms = 20000; // Flumotion's admin back-off
  std::vector<std::string> words;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (options_done || is_operand(arg)) {
      words.push_back(arg);
      continue;
    }
    auto next = [&]() -> std::string {
      if (i + 1 >= args.size())
        throw UsageError(arg + " needs a value");
      return args[++i];
    };
    if (arg == "--") {
      options_done = true;
    } else if (arg == "--help" || arg == "-h") {
      line.help = true;
    } else if (arg == "--json") {
      line.json = true;
    } else if (arg == "--timeout-ms") {
      line.timeout_ms = positive_number(arg, next(), 1);
      timeout_given = true;
    } else if (arg == "--count") {
      line.count = positive_number(arg, next(), 1);
    } else if (arg == "--limit-ms") {
      line.limit_ms = positive_number(arg, next(), 100);
    } else if (arg == "--output") {
      line.output = next();
      if (line.output.empty())
        throw UsageError("--output needs a file name");
    } else {
      if (arg == "-m")
        arg = "--manager";
      bool known = false;
      try {
        known = peer_option(arg, next, line.session);
      } catch (const UsageError &) {
        throw;
      } catch (const std::exception &e) {
        throw UsageError(e.what());
      }
      if (!known)
        throw UsageError("unknown option " + arg);
    }
  }

  if (words.empty()) {
    if (line.help)
      return line;
    throw UsageError("no verb given");
  }
  line.verb = find_verb(words[0]);
  if (!line.verb) {
    if (words[0] == "help" && words.size() <= 2) {
      line.help = true;
      line.verb = words.size() == 2 ? find_verb(words[1]) : nullptr;
      if (words.size() == 2 && !line.verb)
        throw UsageError("unknown verb '" + words[1] + "'");
      return line;
    }
    throw UsageError("unknown verb '" + words[0] + "'");
  }
  if (line.help)
    return line;
  line.operands.assign(words.begin() + 1, words.end());
  const Verb &verb = *line.verb;
  const std::size_t n = line.operands.size();
  if (n < verb.min_operands)
    throw UsageError(std::string(verb.name) + " needs " +
                         (verb.min_operands == 1 ? "an operand" : "more operands"),
                     &verb);
  if (n > verb.max_operands)
    throw UsageError(std::string(verb.name) + " takes " +
                         (verb.max_operands == 0
                              ? std::string("no operand")
                              : "at most " + std::to_string(verb.max_operands)) +
                         ", got '" + line.operands[verb.max_operands] + "'",
                     &verb);
  // An upgrade starts a new job and hands the old one's clients over: it
  // takes seconds, and the answer comes only then.
  if (std::string(verb.name) == "upgrade" && !timeout_given)
    line.timeout_ms = 60000;
  // A check may first fetch its bundles, then runs up to its limit.
  if (std::string(verb.name) == "check" && !timeout_given)
    line.timeout_ms = line.limit_ms.value_or(10000) + 20000;
  if (line.limit_ms && std::string(verb.name) != "check")
    throw UsageError("--limit-ms is for check", &verb);
  if (line.count && verb.kind != Verb::Kind::watch)
    throw UsageError("--count is for watch", &verb);
  if (!line.output.empty() && std::string(verb.name) != "export")
    throw UsageError("--output is for export", &verb);
  // A TARGET is a component id; catch the common slip of leaving out the
  // slash here rather than as a "no such component" from the manager.
  const std::string usage = verb.operands;
  if (usage.rfind("TARGET", 0) == 0 || usage.rfind("[TARGET]", 0) == 0)
    if (n > 0 && (line.operands[0].size() < 2 || line.operands[0][0] != '/'))
      throw UsageError("'" + line.operands[0] +
                           "' is not a component id (/flow/name or /atmosphere/name)",
                       &verb);
  return line;
}

} // namespace flu::command
