#include "session/credentials.hpp"

#include "link/curve_keys.hpp"

#include <fstream>
#include <stdexcept>
#include <sys/stat.h>

namespace flu::session {

std::string read_secret_file(const std::filesystem::path &file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    throw std::runtime_error(file.string() + ": cannot be read");
  if (st.st_mode & (S_IRWXG | S_IRWXO))
    throw std::runtime_error(file.string() +
                             ": others than its owner may read it; chmod 600 it");
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  if (!in && !in.eof())
    throw std::runtime_error(file.string() + ": cannot be read");
  if (!line.empty() && line.back() == '\r')
    line.pop_back();
  if (line.empty())
    throw std::runtime_error(file.string() + ": is empty");
  return line;
}

bool peer_option(const std::string &arg, const std::function<std::string()> &next,
                 SessionOptions &options) {
  if (arg == "--manager")
    options.manager = next();
  else if (arg == "--manager-key")
    options.security.server_key = link::read_public_key(next());
  else if (arg == "--insecure")
    options.security.insecure = true;
  else if (arg == "--username")
    options.credentials.username = next();
  else if (arg == "--password-file")
    options.credentials.password = read_secret_file(next());
  else if (arg == "--token-file")
    options.credentials.token = read_secret_file(next());
  else
    return false;
  return true;
}

void complete_from_local_manager(SessionOptions &options) {
  const auto dir = link::default_manager_dir();
  if (!options.security.insecure && options.security.server_key.empty()) {
    const auto key = dir / "manager.key";
    if (!std::filesystem::exists(key))
      throw std::runtime_error("no manager key pinned: give --manager-key KEY|@FILE "
                               "(flu-manager --print-public-key prints it), or "
                               "--insecure for a manager that runs without CURVE; " +
                               key.string() + " does not exist");
    options.security.server_key = link::read_public_key("@" + key.string());
  }
  const auto &c = options.credentials;
  if (c.token.empty() && c.username.empty()) {
    const auto token = dir / local_token_file;
    if (!std::filesystem::exists(token))
      throw std::runtime_error("no credentials: give --username and --password-file, or "
                               "--token-file; " +
                               token.string() +
                               " (the local manager's token) does not exist");
    options.credentials.token = read_secret_file(token);
  }
  if (!c.username.empty() && c.password.empty())
    throw std::runtime_error("--username needs --password-file");
}

const char *peer_options_help() {
  return "  --manager HOST[:PORT]    the manager (127.0.0.1:7531)\n"
         "  --manager-key KEY|@FILE  the manager's public CURVE key to pin (default:\n"
         "                           its manager.key when it runs on this machine)\n"
         "  --insecure               no CURVE: only for a manager run with --insecure\n"
         "  --username NAME          log in with a username ...\n"
         "  --password-file FILE     ... and the password in FILE (mode 0600)\n"
         "  --token-file FILE        log in with the token in FILE (mode 0600; default:\n"
         "                           the local manager's local.token)\n";
}

} // namespace flu::session
