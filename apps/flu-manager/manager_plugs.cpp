// What the planet's manager plugs (Flumotion's <plugs> in <manager>,
// planet.hpp's ManagerPlug) make the manager do:
//   adminaction-loggerfile  every admin request is appended to its logfile
//                           as "[UTC time] IDENTITY: VERB TARGET 'ARG'...",
//                           flushed at once (Flumotion's AdminActionLoggerFilePlug)
//   manager-example         lifecycle lines on stdout: started, planet
//                           loaded, flow loaded, stopped (ManagerExamplePlug)
// An admin's identity is USER@HOST: the user name of the keycard it logged
// in with and its address, Flumotion's RemoteIdentity.
#include "log/log.hpp"
#include "runtime.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <iostream>

namespace flu::manager {
namespace {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &tm);
  return text;
}

// An argument as one line: quoted, control characters escaped, a long one
// (a flow file being loaded) by its size.
std::string printable_argument(const std::string &arg) {
  if (arg.size() > 200)
    return "<" + std::to_string(arg.size()) + " bytes>";
  std::string out = "'";
  for (const char ch : arg) {
    if (ch == '\'' || ch == '\\')
      out += std::string("\\") + ch;
    else if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned char>(ch));
      out += hex;
    } else
      out += ch;
  }
  return out + "'";
}

} // namespace

std::string Manager::identity_of(const Session &s) {
  return (s.username.empty() ? std::string("<unknown user>") : s.username) + "@" +
         Sessions::host_of(s.address);
}

void Manager::start_plugs(const std::string &endpoint) {
  endpoint_ = endpoint;
  for (const auto &plug : planet_.manager.plugs) {
    if (plug.type != "adminaction-loggerfile")
      continue;
    const std::string path = *plug.value("logfile");
    auto out = std::make_unique<std::ofstream>(path, std::ios::app);
    if (!*out)
      throw std::runtime_error(
          options_.planet_file.string() + ":" + std::to_string(plug.line) +
          ": plug 'adminaction-loggerfile': cannot open its logfile " + path +
          " for appending: " + std::strerror(errno));
    log::info(who, "admin actions are logged to " + path);
    action_logs_.push_back(std::move(out));
  }
  lifecycle("started manager running on " + endpoint_ +
            (options_.insecure ? " (without CURVE)" : " (with CURVE)"));
  lifecycle("planet " + planet_.name + " loaded from " + options_.planet_file.string() +
            ": " + std::to_string(components_.size()) + " components");
}

void Manager::stop_plugs() {
  lifecycle("stopped manager running on " + endpoint_);
  action_logs_.clear();
}

void Manager::lifecycle(const std::string &line) {
  if (planet_.manager.plug("manager-example"))
    std::cout << line << std::endl;
}

void Manager::admin_action(const Session &admin, const message::AdminRequest &r) {
  if (action_logs_.empty())
    return;
  std::string line =
      "[" + utc_now() + "] " + identity_of(admin) + ": " + link::printable_id(r.verb);
  if (!r.target.empty())
    line += " " + link::printable_id(r.target);
  for (const auto &arg : r.args)
    line += " " + printable_argument(arg);
  for (auto &out : action_logs_) {
    *out << line << "\n";
    out->flush();
    if (!*out) {
      log::warning(who, "could not write to an admin-action log");
      out->clear();
    }
  }
}

} // namespace flu::manager
