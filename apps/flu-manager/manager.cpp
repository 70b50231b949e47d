#include "manager.hpp"

#include "bundle_service.hpp"

#include "bouncer/bouncer_host.hpp"
#include "files/install_dirs.hpp"
#include "i18n/translate.hpp"
#include "keycard/keycard.hpp"
#include "link/curve_keys.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"
#include "planet/planet_parser.hpp"
#include "process/process.hpp"
#include "runtime.hpp"
#include "session/credentials.hpp"

#include <utility>

#include <boost/asio/post.hpp>

#include <csignal>
#include <fstream>
#include <iostream>
#include <sys/stat.h>
#include <sys/wait.h>

namespace flu::manager {

namespace asio = boost::asio;
using message::Type;

namespace {

int64_t wall_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string host_of(const std::string &address) { return Sessions::host_of(address); }

// The manager's token for peers on this machine (the embedded default's
// worker, flu-command): made once, readable by its owner only.
std::string local_token(const std::filesystem::path &dir) {
  const auto file = dir / session::local_token_file;
  if (!std::filesystem::exists(file)) {
    const auto temp = dir / (std::string(session::local_token_file) + ".new");
    {
      std::ofstream out(temp);
      out << keycard::random_hex(32) << "\n";
      if (!out)
        throw std::runtime_error(temp.string() + ": cannot be written");
    }
    ::chmod(temp.c_str(), 0600);
    std::filesystem::rename(temp, file);
  }
  return session::read_secret_file(file);
}

} // namespace

Manager::Manager(ManagerOptions options)
    : options_(std::move(options)), replication_(replication_hooks()) {
  if (options_.key_dir.empty())
    options_.key_dir = link::default_manager_dir();
  open_bundles();
  planet_ = planet::parse_planet_file(options_.planet_file, registry_);
  check_versions(planet_, options_.planet_file.string());
  const uint64_t now = static_cast<uint64_t>(wall_ns());
  for (const auto &flow : planet_.flows) {
    flow_base_time_ns_[flow.name] = now;
    for (const auto &c : flow.components)
      components_[c.component_id()].config = &c;
  }
  for (const auto &c : planet_.atmosphere)
    components_[c.component_id()].config = &c;
  load_keys();
  bouncer_ = make_manager_bouncer();
  if (bouncer_)
    bouncer_->on_expired([this](const bouncer::Issued &issued, const std::string &why) {
      session_expired(issued, why);
    });
  log::info(who, "planet " + planet_.name + " loaded from " +
                     options_.planet_file.string() + ": " +
                     std::to_string(components_.size()) + " components");
}

Manager::~Manager() = default;

std::string Manager::public_key(const std::filesystem::path &key_dir) {
  return link::load_or_create_manager_keys(key_dir.empty() ? link::default_manager_dir()
                                                           : key_dir)
      .public_key;
}

void Manager::load_keys() {
  std::filesystem::create_directories(options_.key_dir);
  ::chmod(options_.key_dir.c_str(), 0700);
  if (!options_.insecure)
    secret_key_ = link::load_or_create_manager_keys(options_.key_dir).secret_key;
  local_token_ = local_token(options_.key_dir);
}

std::unique_ptr<bouncer::BouncerHost> Manager::make_manager_bouncer() {
  if (!planet_.manager.bouncer)
    return nullptr;
  const planet::Component &c = *planet_.manager.bouncer;
  auto library = [this](const planet::Component &bouncer) {
    try {
      return bundles_->module_library(bouncer.type, bouncer.version);
    } catch (const std::exception &e) {
      throw std::runtime_error(bouncer.component_id() + ": cannot load bouncer type " +
                               bouncer.type + ": " + e.what());
    }
  };
  bouncer::BouncerSpec spec;
  spec.component_id = c.component_id();
  spec.type = c.type;
  spec.module = library(c);
  spec.properties = c.properties;
  for (const auto &other : planet_.atmosphere)
    if (const auto *t = registry_.find_type(other.type); t && t->bouncer)
      spec.consults.push_back({other.name, other.type, library(other), other.properties});
  return std::make_unique<bouncer::BouncerHost>(
      std::move(spec), [](flu_log_level level, const std::string &text) {
        if (level <= FLU_LOG_WARNING)
          log::warning(who, "bouncer: " + text);
        else
          log::info(who, "bouncer: " + text);
      });
}

int Manager::run() {
  // What the load translated from Flumotion's spelling (--check prints it).
  for (const auto &note : planet_.notes)
    if (note.find(": warning: ") != std::string::npos)
      log::warning(who, note);
    else
      log::info(who, note);
  runtime_ = std::make_unique<Runtime>(*this);
  Runtime &rt = *runtime_;
  const std::string endpoint = rt.link.bind_router(
      options_.bind, link::ServerSecurity{options_.insecure, secret_key_});
  log::info(who, "listening on " + endpoint +
                     (options_.insecure ? " (INSECURE: no CURVE)" : " (CURVE)"));
  start_plugs(endpoint);
  start_metrics();
  rt.signals.async_wait([&rt](auto ec, int sig) {
    if (!ec)
      log::info(who, std::string("stopping on ") + strsignal(sig));
    rt.io.stop();
  });
  std::function<void()> schedule = [this, &rt, &schedule] {
    rt.tick.expires_after(std::chrono::milliseconds(250));
    rt.tick.async_wait([this, &schedule](auto ec) {
      if (ec)
        return;
      tick();
      schedule();
    });
  };
  schedule();
  if (!options_.local_worker.empty()) {
    const std::string port = endpoint.substr(endpoint.rfind(':') + 1);
    std::vector<std::string> argv = {
        (files::executable_dir() / "flu-worker").string(),
        "--manager",
        "127.0.0.1:" + port,
        "--name",
        options_.local_worker,
        "--feed-port",
        std::to_string(options_.local_feed_port),
        "--token-file",
        (options_.key_dir / session::local_token_file).string()};
    // It checks what it fetches against its own trust store, whose defaults
    // lack the manager's own folder (KEY_DIR/trusted-keys): given the
    // manager's folders, it runs whatever the manager accepted.
    for (const auto &dir : bundles_->trusted_keys())
      argv.insert(argv.end(), {"--trusted-keys", dir.string()});
    if (options_.insecure)
      argv.push_back("--insecure");
    else
      argv.insert(argv.end(),
                  {"--manager-key", "@" + (options_.key_dir / "manager.key").string()});
    rt.local_worker = process::spawn(argv);
    log::info(who, "started local worker " + options_.local_worker + " (pid " +
                       std::to_string(rt.local_worker) + ")");
  }
  rt.io.run();
  if (rt.local_worker > 0) {
    ::kill(rt.local_worker, SIGTERM);
    int status = 0;
    ::waitpid(rt.local_worker, &status, 0);
  }
  stop_plugs();
  runtime_.reset();
  return 0;
}

void Manager::tick() {
  const int64_t now = steady_ms();
  check_sessions(now);
  expire_relays(now);
  expire_upgrades(now);
  if (bouncer_)
    bouncer_->sweep(now);
  for (auto &[id, c] : components_) {
    if (!c.restart_at_ms || now < c.restart_at_ms)
      continue;
    WorkerState *w = worker_of(c);
    if (!w || !w->connected)
      continue;
    c.restart_at_ms = 0;
    log::info(who, id + ": restarting after failure " + std::to_string(c.failures) +
                       " (restart policy on-failure)");
    c.mood = Mood::sleeping; // sad ends only by a stop, which this is
    start_component(c, *w);
  }
}

void Manager::send(const std::string &identity, const std::string &frame) {
  if (!runtime_->link.send(identity, frame))
    log::debug(who, "could not reach peer " + link::printable_id(identity));
}

WorkerState *Manager::worker_by_identity(const std::string &identity) {
  for (auto &[name, w] : workers_)
    if (w.connected && w.identity == identity)
      return &w;
  return nullptr;
}

WorkerState *Manager::worker_of(const ComponentState &c) {
  const auto it = workers_.find(c.config->worker);
  return it == workers_.end() ? nullptr : &it->second;
}

ComponentState *Manager::component(const std::string &component_id) {
  const auto it = components_.find(component_id);
  return it == components_.end() ? nullptr : &it->second;
}

void Manager::on_frame(const std::string &identity, const std::string &address,
                       const message::Envelope &e) {
  try {
    const auto type = static_cast<Type>(e.type);
    if (type == Type::login)
      return login(identity, address, message::decode<message::Login>(e.payload));
    Session *s = sessions_.find(identity);
    if (!s) {
      // Not logged in: nothing else is accepted, and nothing is said but
      // "log in first" (rate-limited by the peer's own back-off).
      log::warning(who, "refused " + std::string(message::type_name(e.type)) +
                            " from peer " + link::printable_id(identity) + " at " +
                            host_of(address) + ": not logged in");
      return send(identity,
                  message::pack(message::Refused{"not logged in: log in first"}));
    }
    s->last_seen_ms = steady_ms();
    if (bouncer_ && !s->keycard_id.empty())
      bouncer_->keep_alive(s->keycard_id);
    if (type == Type::heartbeat) {
      message::decode<message::Heartbeat>(e.payload);
      return send(identity, message::pack(message::Heartbeat{}));
    }
    if (type == Type::worker_goodbye && s->role == message::PeerRole::admin) {
      message::decode<message::WorkerGoodbye>(e.payload);
      log::info(who, "admin " + s->name + " at " + host_of(s->address) + " logged out");
      bundles_->forget(identity);
      sessions_.remove(identity);
      return;
    }
    if (on_bundle_frame(*s, e))
      return;
    if (s->role == message::PeerRole::worker)
      return on_worker_frame(*s, e);
    switch (type) {
    case Type::subscribe:
      message::decode<message::Subscribe>(e.payload);
      s->subscribed = true;
      return send(identity, message::pack(snapshot()));
    case Type::admin_request:
      return admin_request(*s, e.request_id,
                           message::decode<message::AdminRequest>(e.payload));
    default:
      log::warning(who, "unexpected " + std::string(message::type_name(e.type)) +
                            " from admin " + s->name + " at " + host_of(s->address));
    }
  } catch (const message::DecodeError &ex) {
    log::warning(who, "dropped a message from peer " + link::printable_id(identity) +
                          " at " + host_of(address) + ": " + ex.what());
  }
}

void Manager::on_worker_frame(Session &s, const message::Envelope &e) {
  using message::decode;
  if (static_cast<Type>(e.type) == Type::worker_hello)
    return worker_hello(s, decode<message::WorkerHello>(e.payload));
  WorkerState *worker = worker_by_identity(s.identity);
  if (!worker)
    return log::warning(who, "worker " + s.name + " sent " + message::type_name(e.type) +
                                 " before its hello");
  // A worker speaks only for the components the planet gives it.
  auto mine = [&](const std::string &id) -> ComponentState * {
    ComponentState *c = component(id);
    return c && c->config->worker == worker->name ? c : nullptr;
  };
  switch (static_cast<Type>(e.type)) {
  case Type::worker_goodbye:
    decode<message::WorkerGoodbye>(e.payload);
    worker_lost(*worker, "worker stopped");
    break;
  case Type::component_mood: {
    const auto m = decode<message::ComponentMood>(e.payload);
    if (ComponentState *c = mine(m.component_id)) {
      // A hot upgrade changes the pid and version, not the mood.
      if (c->pid != m.pid || (!m.version.empty() && c->version != m.version))
        changed(m.component_id);
      c->pid = m.pid;
      if (!m.version.empty())
        c->version = m.version;
      // Stopped while it was starting: its job says waking or happy before
      // the stop reaches it; it stays sleeping, and its exit follows.
      if (c->pending == Mood::sleeping && c->mood == Mood::sleeping &&
          m.mood != Mood::sleeping)
        break;
      set_mood(*c, m.mood);
      upgrade_mood(*c, m);
    }
    break;
  }
  case Type::component_note: {
    const auto m = decode<message::ComponentNote>(e.payload);
    if (ComponentState *c = mine(m.component_id)) {
      add_note(*c, m.note);
      if (m.note.id == "upgrade-failed")
        upgrade_failed(*c, i18n::render_untranslated(m.note));
      if (m.note.id == "worker-start" && c->pid == 0)
        restart_if_allowed(*c); // no job ever ran: no JobExited will follow
    }
    break;
  }
  case Type::job_exited: {
    const auto m = decode<message::JobExited>(e.payload);
    if (mine(m.component_id)) {
      watches_.erase(m.component_id); // a new job says what it watches
      job_exited(m);
    }
    break;
  }
  case Type::ui_state: {
    const auto m = decode<message::UiState>(e.payload);
    if (mine(m.component_id))
      ui_state(m);
    break;
  }
  case Type::invoke_result:
    invoke_result(decode<message::InvokeResult>(e.payload));
    break;
  case Type::check_result:
    check_result(s, decode<message::CheckResult>(e.payload));
    break;
  case Type::authenticate: {
    const auto m = decode<message::Authenticate>(e.payload);
    if (mine(m.component_id))
      authenticate(s, m);
    break;
  }
  case Type::authenticate_reply:
    authenticate_reply(s, decode<message::AuthenticateReply>(e.payload));
    break;
  case Type::keycard_expired:
    keycard_expired(s, decode<message::KeycardExpired>(e.payload));
    break;
  case Type::watch_components: {
    auto m = decode<message::WatchComponents>(e.payload);
    if (mine(m.component_id))
      watch(*worker, m);
    break;
  }
  case Type::bundle_cache_status:
    worker->cache = decode<message::BundleCacheStatus>(e.payload);
    worker_changed(worker->name);
    break;
  default:
    log::warning(who, "unexpected " + std::string(message::type_name(e.type)) +
                          " from worker " + worker->name);
  }
}

void Manager::worker_hello(Session &s, const message::WorkerHello &hello) {
  if (hello.name.empty() || hello.feed_port == 0 || hello.name != s.name) {
    log::warning(who,
                 "refused worker hello from " + host_of(s.address) +
                     ": name missing, not the one it logged in with, or no feed port");
    return send(s.identity, message::pack(message::Refused{
                                "hello must name the worker that logged in "
                                "and its feed port"}));
  }
  WorkerState &w = workers_[hello.name];
  if (w.connected && w.identity != s.identity) {
    log::warning(who, "worker " + hello.name + " logged in again from a new connection");
    if (sessions_.contains(w.identity))
      drop_session(w.identity, "replaced by a new login of the same worker");
  }
  w.name = hello.name;
  w.identity = s.identity;
  w.host = hello.feed_host.empty() ? host_of(s.address) : hello.feed_host;
  w.feed_port = hello.feed_port;
  w.pid = hello.pid;
  w.types = hello.types;
  w.connected = true;
  w.grants_sent.clear(); // a new worker process knows none of them
  worker_changed(w.name);
  log::info(who, "worker " + w.name + " logged in from " + host_of(s.address) +
                     ", feeds on " + w.host + ":" + std::to_string(w.feed_port));
  send(s.identity,
       message::pack(message::WorkerWelcome{planet_.name, options_.heartbeat_ms}));

  std::map<std::string, const message::RunningComponent *> running;
  for (const auto &r : hello.running)
    running[r.component_id] = &r;
  for (auto &[id, c] : components_) {
    if (c.config->worker != w.name)
      continue;
    if (const auto it = running.find(id); it != running.end()) {
      // Adopted: it never stopped. Its flow keeps the clock it runs on.
      const auto &r = *it->second;
      c.pid = r.pid;
      c.version = r.version;
      if (r.base_time_ns && c.config->flow != "atmosphere")
        flow_base_time_ns_[c.config->flow] = r.base_time_ns;
      if (c.mood == Mood::lost || c.mood == Mood::sleeping)
        c.mood = Mood::waking;
      log::info(who, id + " adopted (pid " + std::to_string(r.pid) + ")");
      set_mood(c, r.mood);
      changed(id);
    } else if (c.wanted && (c.mood == Mood::sleeping || c.mood == Mood::lost)) {
      start_component(c, w);
    }
  }
  publish_feeds();
}

void Manager::start_component(ComponentState &c, const WorkerState &worker) {
  revoke_feeds(c);
  c.notes.clear();
  c.ui.clear();
  c.pid = 0;
  c.pending = Mood::happy;
  set_mood(c, Mood::waking);
  log::info(who, "starting " + c.config->component_id() + " on worker " + worker.name);
  send_flow_clock(c, worker); // before its configuration (flow_clock.cpp)
  send(worker.identity, message::pack(message::StartComponent{job_config(*c.config)}));
  publish_feeds(); // its eaters' addresses follow the start
}

void Manager::stop_component(ComponentState &c) {
  c.pending = Mood::sleeping;
  c.restart_at_ms = 0;
  changed(c.config->component_id());
  WorkerState *w = worker_of(c);
  const bool started = c.pid || c.mood == Mood::waking;
  if (w && w->connected && started)
    send(w->identity, message::pack(message::StopComponent{c.config->component_id()}));
  // A job whose start is still under way (no pid reported yet) is stopped
  // too: the worker drops a start whose bundles have not arrived, or stops
  // the job it spawned, whose moods until it ends are not a new life
  // (component_mood). It is sleeping from now on.
  if (!(w && w->connected && c.pid))
    set_mood(c, Mood::sleeping);
}

message::JobConfig Manager::job_config(const planet::Component &c) const {
  message::JobConfig config;
  config.component_id = c.component_id();
  config.type = c.type;
  if (const auto *module = registry_.module_of(c.type))
    config.module_id = module->id;
  config.properties = c.properties;
  porter_details(c, config.properties);
  config.version_range = c.version;
  for (const auto &eater : c.eaters) {
    std::vector<std::string> feeds;
    for (const auto &feed : eater.feeds)
      feeds.push_back(planet::feed_id(c.flow, feed));
    config.eaters.emplace_back(eater.name, std::move(feeds));
  }
  const auto *type = registry_.find_type(c.type);
  if (type)
    for (const auto &feeder : type->feeders)
      config.feeders.push_back(feeder.name);
  if (const auto it = flow_base_time_ns_.find(c.flow); it != flow_base_time_ns_.end())
    config.base_time_ns = it->second;
  config.hungry_timeout_ms = options_.hungry_timeout_ms;
  config.bouncer = type && type->bouncer;
  if (config.bouncer)
    for (const auto &other : planet_.atmosphere) {
      const auto *t = registry_.find_type(other.type);
      const auto *m = registry_.module_of(other.type);
      if (t && t->bouncer && m && other.name != c.name)
        config.consults.push_back({other.name, other.type, m->id, other.properties});
    }
  return config;
}

// Tells every feeder's worker which eater may take which feed (FeedGrant),
// then each eater where to find it (FeedAddress). Eaters reconnect by
// themselves, so each is told once per address, source and token. A
// virtual feed's eater is told its provider's real feed (its source).
void Manager::publish_feeds() {
  for (auto &[id, c] : components_) {
    WorkerState *ew = worker_of(c);
    if (!ew || !ew->connected || c.mood == Mood::sleeping || c.mood == Mood::sad ||
        c.mood == Mood::lost)
      continue;
    for (const auto &eater : c.config->eaters)
      for (const auto &feed : eater.feeds) {
        const std::string feed_id = planet::feed_id(c.config->flow, feed);
        std::string source = feed_id;
        const planet::Component *feeder =
            planet_.find("/" + c.config->flow + "/" + feed.component);
        if (!feeder)
          feeder = virtual_feed_provider(c, feed, feed_id, source);
        if (!feeder)
          continue;
        const auto fw = workers_.find(feeder->worker);
        if (fw == workers_.end() || !fw->second.connected)
          continue;
        std::string &token = c.feed_token[source];
        if (token.empty())
          token = keycard::random_hex(16);
        if (fw->second.grants_sent.insert(source + "|" + id + "|" + token).second)
          send(fw->second.identity,
               message::pack(message::FeedGrant{source, id, token, false}));
        const std::string key = feed_id + ">" + source + "@" + fw->second.host + ":" +
                                std::to_string(fw->second.feed_port);
        if (!c.feeds_sent.insert(key).second)
          continue;
        send(ew->identity, message::pack(message::FeedAddress{
                               id, feed_id, fw->second.host, fw->second.feed_port, token,
                               source == feed_id ? "" : source}));
      }
  }
}

// Withdraws the eater's grants, so that an old token opens nothing.
void Manager::revoke_feeds(ComponentState &c) {
  while (!c.feed_token.empty())
    revoke_feed(c, c.feed_token.begin()->first);
  c.feeds_sent.clear();
  c.virtual_sources.clear();
}

// Withdraws the eater's grant of one (real) feed.
void Manager::revoke_feed(ComponentState &c, const std::string &feed_id) {
  const auto it = c.feed_token.find(feed_id);
  if (it == c.feed_token.end())
    return;
  const std::string token = it->second;
  c.feed_token.erase(it);
  const std::string component = feed_id.substr(0, feed_id.rfind(':'));
  const planet::Component *fc = planet_.find(component);
  if (!fc)
    return;
  const auto fw = workers_.find(fc->worker);
  if (fw == workers_.end())
    return;
  fw->second.grants_sent.erase(feed_id + "|" + c.config->component_id() + "|" + token);
  if (fw->second.connected)
    send(fw->second.identity, message::pack(message::FeedGrant{
                                  feed_id, c.config->component_id(), token, true}));
}

void Manager::set_mood(ComponentState &c, Mood mood) {
  if (mood == Mood::unknown || c.mood == mood)
    return;
  // Sad stays sad until an operator stops the component.
  if (c.mood == Mood::sad && mood != Mood::sleeping)
    return;
  log::info(who, c.config->component_id() + " is " + to_string(mood));
  c.mood = mood;
  flow_clock_mood(c);
  providers_changed(c);
  if (c.pending == mood || (c.pending == Mood::happy && mood == Mood::hungry) ||
      mood == Mood::sad || mood == Mood::lost)
    c.pending = Mood::unknown;
  if (mood == Mood::happy)
    c.failures = 0;
  changed(c.config->component_id());
}

void Manager::add_note(ComponentState &c, const message::Note &note) {
  std::erase_if(c.notes, [&](const message::Note &n) { return n.id == note.id; });
  c.notes.push_back(note);
  changed(c.config->component_id());
  const std::string text =
      c.config->component_id() + ": " + i18n::render_untranslated(note);
  if (note.level == message::NoteLevel::error) {
    log::error(who, text);
    set_mood(c, Mood::sad);
  } else if (note.level == message::NoteLevel::warning) {
    log::warning(who, text);
  } else {
    log::info(who, text);
    std::cout << text << std::endl; // what an operator at the console should see
  }
}

void Manager::job_exited(const message::JobExited &exited) {
  ComponentState *c = component(exited.component_id);
  if (!c)
    return;
  upgrade_failed(*c, "the job " + exited.description);
  c->pid = 0;
  c->ui.clear();
  changed(exited.component_id);
  const bool asked = c->pending == Mood::sleeping;
  if (exited.signal != 0 && !asked)
    add_note(*c, i18n::note(message::NoteLevel::error, "job-crashed",
                            N_("the job was %1%"), {exited.description}));
  else if (exited.exit_code != 0 && !asked && c->mood != Mood::sad)
    add_note(*c, i18n::note(message::NoteLevel::error, "job-failed", N_("the job %1%"),
                            {exited.description}));
  else if (asked || c->mood != Mood::sad) {
    revoke_feeds(*c);
    set_mood(*c, Mood::sleeping);
  }
  if (c->mood == Mood::sleeping) {
    c->pending = Mood::unknown;
    if (c->restart_after_stop) {
      c->restart_after_stop = false;
      c->wanted = true;
      if (WorkerState *w = worker_of(*c); w && w->connected)
        start_component(*c, *w);
    }
  } else {
    restart_if_allowed(*c);
  }
}

// A failed component whose planet says <restart>on-failure</restart> is
// started again after 1 s, then 2, 4, ... up to 30 s: whether its job
// failed, or its worker could not start one (bundles not resolved, fetched
// or verified).
void Manager::restart_if_allowed(ComponentState &c) {
  if (c.mood != Mood::sad || c.config->restart != planet::Restart::on_failure ||
      !c.wanted || c.restart_at_ms != 0)
    return;
  const int delay = std::min(30000, 1000 << std::min(c.failures, 5));
  ++c.failures;
  c.restart_at_ms = steady_ms() + delay;
  add_note(c, i18n::note(message::NoteLevel::warning, "restart-scheduled",
                         N_("restarting in %1% s (restart policy on-failure)"),
                         {std::to_string(delay / 1000)}));
}

void Manager::worker_lost(WorkerState &w, const std::string &why) {
  if (!w.connected)
    return;
  w.connected = false;
  worker_changed(w.name);
  forget_watches(w.name); // its hello says them again
  log::warning(who, "worker " + w.name + " lost: " + why);
  for (auto &[id, c] : components_)
    if (c.config->worker == w.name && c.mood != Mood::sad && c.mood != Mood::sleeping) {
      upgrade_failed(c, "worker " + w.name + " was lost");
      set_mood(c, Mood::lost);
      c.feeds_sent.clear();
    }
  // Eaters elsewhere that fed from it hear the new address when it is back.
  for (auto &[id, c] : components_)
    std::erase_if(c.feeds_sent, [&](const std::string &key) {
      return key.ends_with("@" + w.host + ":" + std::to_string(w.feed_port));
    });
}

void Manager::repoint() {
  for (auto &[id, c] : components_)
    c.config = planet_.find(id);
}

} // namespace flu::manager
