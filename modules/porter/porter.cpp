// The porter component (see porter.hpp).
#include "porter.hpp"

#include "porter_server.hpp"

#include <flu/sdk/component_state.hpp>
#include <flu/sdk/viewer_auth.hpp>

#include <algorithm>
#include <sys/resource.h>

#include <filesystem>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

namespace flu::porter {

namespace {

// Every waiting viewer is a descriptor: take what the hard limit allows.
void raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

PorterSettings read_settings(const flu::sdk::Host &config) {
  constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
  PorterSettings s;
  s.port = static_cast<uint16_t>(config.integer("port", 0, 65535));
  if (config.has("interface"))
    s.interface = config.string("interface");
  // A component id is "/flow/name": its slashes become dashes, or the
  // default would name a directory that does not exist.
  std::string id = config.component_id();
  std::replace(id.begin(), id.end(), '/', '-');
  s.socket_path =
      config.has("socket-path")
          ? config.string("socket-path")
          : (std::filesystem::temp_directory_path() / ("flu-porter" + id)).string();
  s.socket_mode = static_cast<unsigned>(config.integer("socket-mode", 0, 0777));
  s.require_password = config.boolean("require-password");
  if (config.has("username"))
    s.username = config.string("username");
  if (config.has("password"))
    s.password = config.string("password");
  if (config.has("bouncer")) {
    s.bouncer = config.string("bouncer");
    if (!flu::sdk::host_authenticates(config))
      throw std::runtime_error("bouncer " + s.bouncer +
                               " is set, but this host cannot ask bouncers (ABI 1.0)");
  }
  if (s.require_password && s.bouncer.empty() &&
      (s.username.empty() || s.password.empty()))
    throw std::runtime_error("the porter needs 'username' and 'password' for its "
                             "streamers (or require-password false)");
  s.request_timeout = std::chrono::seconds(config.integer("request-timeout", 1, 3600));
  s.max_pending = static_cast<size_t>(config.integer("max-pending-connections", 1, kMax));
  s.max_pending_per_address =
      static_cast<size_t>(config.integer("max-pending-per-address", 1, kMax));
  for (const std::string &value : config.strings("balancer")) {
    std::istringstream words(value);
    std::string path, id;
    words >> path;
    std::vector<std::string> ids;
    while (words >> id) {
      if (id.size() < 4 || id.front() != '/' || id.find('/', 1) == std::string::npos)
        throw std::runtime_error("balancer '" + value + "': '" + id +
                                 "' is no component id (/flow/name)");
      ids.push_back(id);
    }
    if (path.empty() || path.front() != '/' || ids.empty())
      throw std::runtime_error("balancer '" + value +
                               "' must be a path and the streamers that serve it: "
                               "'/live.webm /default/edge-1 /default/edge-2'");
    s.balancers.emplace_back(path, std::move(ids));
  }
  return s;
}

} // namespace

std::string Porter::pipeline(const flu::sdk::Host &) {
  // Nothing flows: a live source that never pushes keeps the job playing.
  return "appsrc name=flu-porter-idle is-live=true ! fakesink async=false";
}

Porter::Porter(const flu::sdk::Host &config, GstElement *) : config_(config) {
  raise_fd_limit();
  PorterSettings settings = read_settings(config);
  const flu::sdk::Host cfg = config;
  PorterHooks hooks;
  hooks.log = [cfg](flu_log_level level, const std::string &text) {
    cfg.log(level, text);
  };
  hooks.fail = [cfg](const std::string &text) {
    cfg.message(FLU_MESSAGE_ERROR, "porter-network", text);
  };
  hooks.stats = [cfg, published = std::map<std::string, std::string>()](
                    const PorterStats &st) mutable {
    const std::pair<const char *, uint64_t> entries[] = {
        {"connections-handed-over", st.handed_over},
        {"connections-not-found", st.not_found},
        {"connections-bad", st.bad_requests},
        {"connections-refused", st.refused},
        {"connections-unavailable", st.unavailable},
        {"connections-pending", st.pending},
        {"streamers", st.streamers},
        {"paths", st.routes},
        {"connections-redirected", st.redirected},
    };
    for (const auto &[key, value] : entries) {
      const std::string text = std::to_string(value);
      auto [it, inserted] = published.try_emplace(key, text);
      if (!inserted && it->second == text)
        continue;
      it->second = text;
      cfg.ui_state(key, text);
    }
  };
  if (!settings.bouncer.empty())
    hooks.authorize =
        [cfg, bouncer = settings.bouncer](
            std::vector<std::pair<std::string, std::string>> keycard,
            std::function<void(bool, const std::string &, const std::string &)> done) {
          flu::sdk::authenticate(cfg, bouncer, keycard,
                                 [done = std::move(done)](flu::sdk::AuthResult r) {
                                   done(r.authenticated, r.keycard_id, r.reason);
                                 });
        };
  hooks.login_ended = [cfg](const std::string &text) {
    cfg.log(FLU_LOG_INFO, text);
    cfg.message(FLU_MESSAGE_WARNING, "porter-keycard-expired", text);
  };
  hooks.component_state = [cfg](const std::string &id, const std::string &key) {
    return flu::sdk::component_state(cfg, id, key);
  };
  const std::string socket_path = settings.socket_path;
  const std::string settings_bouncer = settings.bouncer;
  server_ = std::make_unique<PorterServer>(std::move(settings), std::move(hooks));
  config.log(FLU_LOG_INFO, "porter on port " + std::to_string(server_->port()) +
                               ", streamers log in at " + socket_path);
  config.message(FLU_MESSAGE_INFO, "porter-details",
                 "Porter listening on port " + std::to_string(server_->port()) +
                     "; socket " + socket_path);
  config.ui_state("port", std::to_string(server_->port()));
  config.ui_state("socket-path", socket_path);
  config.ui_state("streamer-login", settings_bouncer.empty()
                                        ? "password"
                                        : "keycard from " + settings_bouncer);
}

Porter::~Porter() = default;

void Porter::keycard_expired(const std::string &keycard_id) {
  server_->expire_keycard(keycard_id);
}

std::string Porter::invoke(const std::string &method, const std::vector<std::string> &) {
  if (method == "routes")
    return server_->routes();
  throw std::runtime_error("the porter has no method '" + method + "' (it has: routes)");
}

} // namespace flu::porter
