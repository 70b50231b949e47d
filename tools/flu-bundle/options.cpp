// Parses flu-bundle's command line; see options.hpp.
#include "options.hpp"

#include "session/credentials.hpp"

#include <map>

namespace flu::bundle_tool {
namespace {

const std::map<std::string, std::string> &verb_help() {
  static const std::map<std::string, std::string> help = {
      {"keygen",
       "usage: flu-bundle keygen NAME [--key-dir DIR]\n"
       "Makes a release key pair: DIR/NAME.key (secret, 0600) and DIR/NAME.pub.\n"
       "DIR defaults to ~/.config/flu/release-keys. Never replaces a key.\n"},
      {"create",
       "usage: flu-bundle create --recipe FILE [--module-dir DIR] [--locale-dir DIR]\n"
       "                         --output FILE [--key FILE] [--version V]\n"
       "       flu-bundle create --from DIR --name NAME --version V [--depends "
       "NAME:RANGE]...\n"
       "                         [--description TEXT] --output FILE [--key FILE]\n"
       "Builds a bundle, signed when --key is given. The same inputs always give\n"
       "the same bytes. A recipe names modules (found in --module-dir, default the\n"
       "lib/flu/modules beside this tool) and translations (--locale-dir, default\n"
       "share/locale). A directory is taken as laid out inside a bundle:\n"
       "modules/ID/{module.xml,libflu-ID.so}, share/locale/LANG/LC_MESSAGES/D.mo.\n"},
      {"sign", "usage: flu-bundle sign BUNDLE --key FILE [--output FILE]\n"
               "Signs BUNDLE (in place unless --output), replacing any signature.\n"},
      {"verify",
       "usage: flu-bundle verify BUNDLE... [--trust DIR|FILE.pub]...\n"
       "Checks each bundle: archive, every file's SHA-256, the signature against\n"
       "the trusted keys (default: ~/.config/flu/trusted-keys and the\n"
       "share/flu/trusted-keys beside this tool), platform and ABI.\n"},
      {"inspect", "usage: flu-bundle inspect BUNDLE [--json]\n"
                  "Shows the manifest (what it provides and needs), the files and the\n"
                  "signer's key id, without trusting or loading anything.\n"},
      {"resolve",
       "usage: flu-bundle resolve TYPE|--bundle NAME [--range R]\n"
       "                          (--repository DIR | --manager HOST[:PORT]) [--json]\n"
       "The dependency closure of a component type (or a bundle): one version of\n"
       "each bundle, the highest that satisfies every range, dependencies first.\n"},
      {"publish", "usage: flu-bundle publish BUNDLE... [MANAGER OPTIONS]\n"
                  "Uploads bundles to a running manager's repository, as an admin. The\n"
                  "manager checks them as a worker would before it keeps them.\n"},
      {"list", "usage: flu-bundle list [MANAGER OPTIONS] [--json]\n"
               "What the manager's repository holds: every version of every bundle.\n"},
  };
  return help;
}

} // namespace

std::string help_text(const std::string &verb) {
  const auto &help = verb_help();
  if (const auto it = help.find(verb); it != help.end())
    return it->second;
  std::string text =
      "usage: flu-bundle [OPTIONS] VERB [OPERAND...]\n"
      "The release engineer's tool: make, sign, check and publish bundles.\n\nverbs:\n";
  for (const char *v :
       {"keygen", "create", "sign", "verify", "inspect", "resolve", "publish", "list"})
    text += "  " + help.at(v).substr(7, help.at(v).find('\n') - 7) + "\n";
  text += "\nmanager options (publish, list, resolve --manager):\n";
  text += session::peer_options_help();
  text += "  --timeout-ms N         give up after N ms without an answer (30000)\n"
          "\nexit codes: 0 done, 1 manager unreachable or login refused, 2 usage,\n"
          "3 not found, 4 conflict (resolution, an existing version), 5 invalid\n"
          "(a bundle, key or recipe that fails its checks)\n"
          "\n`flu-bundle VERB --help` shows one verb.\n";
  return text;
}

Options parse_options(int argc, char **argv) {
  Options o;
  o.session.role = message::PeerRole::admin;
  std::vector<std::string> args(argv + 1, argv + argc);
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string arg = args[i] == "-m" ? "--manager" : args[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= args.size())
        throw UsageError(arg + " needs a value");
      return args[++i];
    };
    if (arg == "--help" || arg == "-h")
      o.help = true;
    else if (arg == "--json")
      o.json = true;
    else if (arg == "--recipe")
      o.recipe = next();
    else if (arg == "--from")
      o.from = next();
    else if (arg == "--output" || arg == "-o")
      o.output = next();
    else if (arg == "--module-dir")
      o.module_dir = next();
    else if (arg == "--locale-dir")
      o.locale_dir = next();
    else if (arg == "--name")
      o.name = next();
    else if (arg == "--version")
      o.version = next();
    else if (arg == "--description")
      o.description = next();
    else if (arg == "--depends")
      o.depends.push_back(next());
    else if (arg == "--key")
      o.key = next();
    else if (arg == "--key-dir")
      o.key_dir = next();
    else if (arg == "--trust")
      o.trust.push_back(next());
    else if (arg == "--repository")
      o.repository = next();
    else if (arg == "--range")
      o.range = next();
    else if (arg == "--bundle")
      o.bundle_name = true;
    else if (arg == "--timeout-ms") {
      const std::string v = next();
      try {
        o.timeout_ms = std::stoi(v);
      } catch (const std::exception &) {
        throw UsageError("--timeout-ms needs a number, not \"" + v + "\"");
      }
    } else if (session::peer_option(arg, next, o.session)) {
      if (arg == "--manager")
        o.to_manager = true;
    } else if (arg == "--")
      o.operands.insert(o.operands.end(), args.begin() + i + 1, args.end()),
          i = args.size();
    else if (!arg.empty() && arg[0] == '-')
      throw UsageError("unknown option " + arg);
    else if (o.verb.empty())
      o.verb = arg;
    else
      o.operands.push_back(arg);
  }
  if (!o.verb.empty() && !verb_help().count(o.verb))
    throw UsageError("unknown verb \"" + o.verb + "\"");
  return o;
}

} // namespace flu::bundle_tool
