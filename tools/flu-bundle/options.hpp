// flu-bundle's command line: `flu-bundle [OPTIONS] VERB [OPERAND...]`,
// options before or after the verb.
#pragma once

#include "session/peer_session.hpp"

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::bundle_tool {

// Exit codes, as flu-command's: a script can tell them apart.
enum Exit {
  ok = 0,
  unreachable = 1, // the manager: not reached, or it refused the login
  usage = 2,
  not_found = 3, // no such file, bundle or component type
  conflict = 4,  // resolution failed; publishing a version that exists
  invalid = 5,   // a bundle, key or recipe that fails its checks
};

class UsageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// A failure with its exit code; main prints what() after "flu-bundle: ".
class Failure : public std::runtime_error {
public:
  Failure(Exit code, const std::string &what) : std::runtime_error(what), code_(code) {}
  Exit code() const { return code_; }

private:
  Exit code_;
};

struct Options {
  std::string verb;
  std::vector<std::string> operands;
  bool help = false;
  bool json = false;
  // create
  std::filesystem::path recipe, from, output, module_dir, locale_dir;
  std::string name, version, description;
  std::vector<std::string> depends; // NAME:RANGE
  // create, sign, keygen
  std::filesystem::path key;
  std::filesystem::path key_dir;
  // verify, resolve
  std::vector<std::filesystem::path> trust; // directories or .pub files
  std::filesystem::path repository;         // resolve: a folder of bundle files
  std::string range;
  bool bundle_name = false; // resolve: the operand names a bundle, not a type
  // publish, list, resolve against a manager
  session::SessionOptions session;
  bool to_manager = false;
  int timeout_ms = 30000;
};

Options parse_options(int argc, char **argv);   // throws UsageError
std::string help_text(const std::string &verb); // "" = the overview

} // namespace flu::bundle_tool
