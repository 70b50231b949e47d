// flu-command's command line: options, the verb and its operands, checked
// before anything is sent, with the usage line of the verb that was wrong.
//
//   flu-command [OPTIONS] VERB [OPERAND...]
//
// Options may come before or after the verb; `--` ends them, and a word
// that starts with '-' and a digit (a negative number for `invoke`) is an
// operand.
#pragma once

#include "session/peer_session.hpp"

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::command {

// What a verb takes and how it is sent.
struct Verb {
  enum class Kind { snapshot, watch, request };
  const char *name;
  const char *operands; // "TARGET", "FILE", "[BOUNCER]", ...
  const char *summary;
  Kind kind;
  std::size_t min_operands;
  std::size_t max_operands; // SIZE_MAX: any number
};

// Every verb, in --help order.
const std::vector<Verb> &verbs();
const Verb *find_verb(const std::string &name);

// A command line that makes no sense: exit code 2, the message, and the
// usage line of `verb` when one was recognised.
class UsageError : public std::runtime_error {
public:
  UsageError(const std::string &message, const Verb *verb = nullptr)
      : std::runtime_error(message), verb_(verb) {}
  const Verb *verb() const { return verb_; }

private:
  const Verb *verb_;
};

struct CommandLine {
  session::SessionOptions session; // role "admin", admin back-off
  int timeout_ms = 5000;
  bool json = false;
  std::optional<int> count;    // watch: stop after this many deltas
  std::string output;          // export: write the planet here instead
  std::optional<int> limit_ms; // check: the check's time limit on the worker
  bool help = false;           // print help (for `verb` if set) and exit 0
  const Verb *verb = nullptr;  // null only with help
  std::vector<std::string> operands;
};

// session::peer_option()'s signature: takes the options every peer shares
// (--manager, --token-file, ...), returns false for any other word.
using PeerOptionParser =
    std::function<bool(const std::string &arg, const std::function<std::string()> &next,
                       session::SessionOptions &options)>;

// Throws UsageError. -m is --manager.
CommandLine parse_command_line(const std::vector<std::string> &args,
                               const PeerOptionParser &peer_option);

// "usage: flu-command [OPTIONS] stop TARGET"
std::string usage_line(const Verb &verb);
// The whole --help text: verbs, options (the peer options' help given),
// exit codes.
std::string help_text(const std::string &peer_options_help);
// One verb's help: usage line and what it does.
std::string verb_help(const Verb &verb);

} // namespace flu::command
