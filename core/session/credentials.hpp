// Where a peer finds its credentials and the manager's key when the
// command line names none: beside the manager's keys on this machine
// (link::default_manager_dir()), which the manager writes on first start.
#pragma once

#include "link/zmq_link.hpp"
#include "session/peer_session.hpp"

#include <filesystem>
#include <string>

namespace flu::session {

// The manager's own token for local peers: DIR/local.token (0600).
inline constexpr const char *local_token_file = "local.token";

// Reads a secret from a file: one line, trailing newline dropped. Throws
// naming the file when it is missing, empty, or readable by others.
std::string read_secret_file(const std::filesystem::path &file);

// The command-line options every peer shares, applied to a SessionOptions:
//   --manager HOST[:PORT]  --manager-key Z85|@FILE  --insecure
//   --username NAME  --password-file FILE  --token-file FILE
// Returns true when `arg` was one of them (value taken from next()).
bool peer_option(const std::string &arg, const std::function<std::string()> &next,
                 SessionOptions &options);
// Fills what is still missing from the manager's directory on this
// machine: its public key (manager.key) and its local token. Throws with a
// message that says which option to give when nothing is found.
void complete_from_local_manager(SessionOptions &options);
// The --help text for peer_option's options.
const char *peer_options_help();

} // namespace flu::session
