#include "manager.hpp"

#include "i18n/translate.hpp"
#include "link/zmq_link.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"
#include "planet/planet_parser.hpp"
#include "process/process.hpp"
#include "registry/module_path.hpp"

#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <csignal>
#include <iostream>
#include <sys/wait.h>

namespace flu::manager {

namespace asio = boost::asio;
using message::Type;

namespace {

const char *const who = "manager";

int64_t steady_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

int64_t wall_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string host_of(const std::string &endpoint_or_address) {
  return endpoint_or_address.empty() ? "127.0.0.1" : endpoint_or_address;
}

} // namespace

struct Manager::Runtime {
  Runtime(Manager &m)
      : link(io, who, m.options_.max_frame_bytes,
             [&m](const link::Peer &peer, const message::Envelope &e) {
               m.on_frame(peer.identity, peer.address, e.type, e.payload);
             }),
        signals(io, SIGINT, SIGTERM), tick(io) {}
  asio::io_context io;
  link::ZmqLink link;
  asio::signal_set signals;
  asio::steady_timer tick;
  pid_t local_worker = 0;
};

Manager::Manager(ManagerOptions options) : options_(std::move(options)) {
  if (options_.module_path.empty())
    options_.module_path = registry::default_module_path();
  registry_.scan(options_.module_path);
  for (const auto &error : registry_.errors())
    log::warning(who, "module skipped: " + error);
  planet_ = planet::parse_planet_file(options_.planet_file, registry_);
  const uint64_t now = static_cast<uint64_t>(wall_ns());
  for (const auto &flow : planet_.flows) {
    flow_base_time_ns_[flow.name] = now;
    for (const auto &c : flow.components)
      components_[c.avatar_id()].config = &c;
  }
  for (const auto &c : planet_.atmosphere)
    components_[c.avatar_id()].config = &c;
  log::info(who, "planet " + planet_.name + " loaded from " +
                     options_.planet_file.string() + ": " +
                     std::to_string(components_.size()) + " components");
}

Manager::~Manager() = default;

int Manager::run() {
  runtime_ = std::make_unique<Runtime>(*this);
  Runtime &rt = *runtime_;
  const std::string endpoint =
      rt.link.bind_router(options_.bind, link::ServerSecurity{true, {}});
  log::info(who, "listening on " + endpoint);
  rt.signals.async_wait([&rt](auto ec, int sig) {
    if (!ec)
      log::info(who, std::string("stopping on ") + strsignal(sig));
    rt.io.stop();
  });
  std::function<void()> schedule = [this, &rt, &schedule] {
    rt.tick.expires_after(std::chrono::milliseconds(500));
    rt.tick.async_wait([this, &schedule](auto ec) {
      if (ec)
        return;
      check_heartbeats();
      schedule();
    });
  };
  schedule();
  if (!options_.local_worker.empty()) {
    const std::string port = endpoint.substr(endpoint.rfind(':') + 1);
    rt.local_worker =
        process::spawn({(registry::executable_dir() / "flu-worker").string(), "--manager",
                        "127.0.0.1:" + port, "--name", options_.local_worker,
                        "--feed-port", std::to_string(options_.local_feed_port)});
    log::info(who, "started local worker " + options_.local_worker + " (pid " +
                       std::to_string(rt.local_worker) + ")");
  }
  rt.io.run();
  if (rt.local_worker > 0) {
    ::kill(rt.local_worker, SIGTERM);
    int status = 0;
    ::waitpid(rt.local_worker, &status, 0);
  }
  runtime_.reset();
  return 0;
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

ComponentState *Manager::component(const std::string &avatar_id) {
  const auto it = components_.find(avatar_id);
  return it == components_.end() ? nullptr : &it->second;
}

void Manager::on_frame(const std::string &identity, const std::string &address,
                       uint16_t type, std::string_view payload) {
  try {
    WorkerState *worker = worker_by_identity(identity);
    if (worker)
      worker->last_seen_ms = steady_ms();
    switch (static_cast<Type>(type)) {
    case Type::worker_hello:
      return worker_hello(identity, address,
                          message::decode<message::WorkerHello>(payload));
    case Type::planet_request:
      message::decode<message::PlanetRequest>(payload);
      return send(identity, message::pack(snapshot()));
    default:
      break;
    }
    if (!worker) {
      log::warning(who, "message " + std::string(message::type_name(type)) +
                            " from unknown peer " + link::printable_id(identity) +
                            " at " + host_of(address) + " refused: log in first");
      return send(identity,
                  message::pack(message::Refused{"unknown peer: log in first"}));
    }
    switch (static_cast<Type>(type)) {
    case Type::heartbeat:
      message::decode<message::Heartbeat>(payload);
      break;
    case Type::worker_goodbye:
      message::decode<message::WorkerGoodbye>(payload);
      worker_lost(*worker, "worker stopped");
      break;
    case Type::component_mood: {
      const auto m = message::decode<message::ComponentMood>(payload);
      if (ComponentState *c = component(m.avatar_id);
          c && c->config->worker == worker->name) {
        c->pid = m.pid;
        set_mood(*c, m.mood);
      }
      break;
    }
    case Type::component_note: {
      const auto m = message::decode<message::ComponentNote>(payload);
      if (ComponentState *c = component(m.avatar_id);
          c && c->config->worker == worker->name)
        add_note(*c, m.note);
      break;
    }
    case Type::job_exited:
      job_exited(message::decode<message::JobExited>(payload));
      break;
    default:
      log::warning(who, "unexpected " + std::string(message::type_name(type)) +
                            " from worker " + worker->name);
    }
  } catch (const message::DecodeError &e) {
    log::warning(who, "dropped a message from peer " + link::printable_id(identity) +
                          " at " + host_of(address) + ": " + e.what());
  }
}

void Manager::worker_hello(const std::string &identity, const std::string &address,
                           const message::WorkerHello &hello) {
  if (hello.name.empty() || hello.feed_port == 0) {
    log::warning(who, "refused worker login from " + host_of(address) +
                          ": no name or feed port");
    return send(identity, message::pack(message::Refused{"name and feed port required"}));
  }
  WorkerState &w = workers_[hello.name];
  if (w.connected && w.identity != identity)
    log::warning(who, "worker " + hello.name + " logged in again from a new connection");
  w.name = hello.name;
  w.identity = identity;
  w.host = hello.feed_host.empty() ? host_of(address) : hello.feed_host;
  w.feed_port = hello.feed_port;
  w.connected = true;
  w.last_seen_ms = steady_ms();
  log::info(who, "worker " + w.name + " logged in from " + host_of(address) +
                     ", feeds on " + w.host + ":" + std::to_string(w.feed_port));
  send(identity,
       message::pack(message::WorkerWelcome{planet_.name, options_.heartbeat_ms}));

  std::map<std::string, const message::RunningComponent *> running;
  for (const auto &r : hello.running)
    running[r.avatar_id] = &r;
  for (auto &[id, c] : components_) {
    if (c.config->worker != w.name)
      continue;
    if (const auto it = running.find(id); it != running.end()) {
      c.pid = it->second->pid; // adopted: it never stopped
      set_mood(c, it->second->mood);
    } else if (c.mood == Mood::sleeping || c.mood == Mood::lost) {
      start_component(c, w);
    }
  }
  publish_feeds();
}

void Manager::start_component(ComponentState &c, const WorkerState &worker) {
  c.notes.clear();
  c.feeds_sent.clear();
  c.pid = 0;
  set_mood(c, Mood::waking);
  log::info(who, "starting " + c.config->avatar_id() + " on worker " + worker.name);
  send(worker.identity, message::pack(message::StartComponent{job_config(*c.config)}));
}

message::JobConfig Manager::job_config(const planet::Component &c) const {
  message::JobConfig config;
  config.avatar_id = c.avatar_id();
  config.type = c.type;
  if (const auto *module = registry_.module_of(c.type))
    config.module_id = module->id;
  config.properties = c.properties;
  for (const auto &eater : c.eaters) {
    std::vector<std::string> feeds;
    for (const auto &feed : eater.feeds)
      feeds.push_back(planet::feed_id(c.flow, feed));
    config.eaters.emplace_back(eater.name, std::move(feeds));
  }
  if (const auto *type = registry_.find_type(c.type))
    for (const auto &feeder : type->feeders)
      config.feeders.push_back(feeder.name);
  if (const auto it = flow_base_time_ns_.find(c.flow); it != flow_base_time_ns_.end())
    config.base_time_ns = it->second;
  config.hungry_timeout_ms = options_.hungry_timeout_ms;
  return config;
}

// Tells every eater whose feeder's worker is known where to connect. The
// eater's job reconnects by itself, so an address is sent once.
void Manager::publish_feeds() {
  for (auto &[id, c] : components_) {
    const auto eater_worker = workers_.find(c.config->worker);
    if (eater_worker == workers_.end() || !eater_worker->second.connected ||
        c.mood == Mood::sleeping || c.mood == Mood::sad || c.mood == Mood::lost)
      continue;
    for (const auto &eater : c.config->eaters)
      for (const auto &feed : eater.feeds) {
        const planet::Component *feeder =
            planet_.find("/" + c.config->flow + "/" + feed.component);
        if (!feeder)
          continue;
        const auto fw = workers_.find(feeder->worker);
        if (fw == workers_.end() || !fw->second.connected)
          continue;
        const std::string feed_id = planet::feed_id(c.config->flow, feed);
        const std::string key =
            feed_id + "@" + fw->second.host + ":" + std::to_string(fw->second.feed_port);
        if (!c.feeds_sent.insert(key).second)
          continue;
        send(eater_worker->second.identity,
             message::pack(message::FeedAddress{
                 id, feed_id, fw->second.host, fw->second.feed_port, {}}));
      }
  }
}

void Manager::set_mood(ComponentState &c, Mood mood) {
  if (mood == Mood::unknown || c.mood == mood)
    return;
  // Sad stays sad until an operator stops the component.
  if (c.mood == Mood::sad && mood != Mood::sleeping)
    return;
  log::info(who, c.config->avatar_id() + " is " + to_string(mood));
  c.mood = mood;
}

void Manager::add_note(ComponentState &c, const message::Note &note) {
  std::erase_if(c.notes, [&](const message::Note &n) { return n.id == note.id; });
  c.notes.push_back(note);
  const std::string text = c.config->avatar_id() + ": " + i18n::render_untranslated(note);
  if (note.level == 1) {
    log::error(who, text);
    set_mood(c, Mood::sad);
  } else if (note.level == 2) {
    log::warning(who, text);
  } else {
    log::info(who, text);
    std::cout << text << std::endl; // what an operator at the console should see
  }
}

void Manager::job_exited(const message::JobExited &exited) {
  ComponentState *c = component(exited.avatar_id);
  if (!c)
    return;
  c->pid = 0;
  if (exited.signal != 0) {
    add_note(*c,
             i18n::note(1, "job-crashed", N_("the job was %1%"), {exited.description}));
  } else if (exited.exit_code != 0 && c->mood != Mood::sad) {
    add_note(*c, i18n::note(1, "job-failed", N_("the job %1%"), {exited.description}));
  } else if (exited.exit_code == 0 && c->mood != Mood::sad) {
    set_mood(*c, Mood::sleeping);
  }
}

void Manager::worker_lost(WorkerState &w, const std::string &why) {
  if (!w.connected)
    return;
  w.connected = false;
  log::warning(who, "worker " + w.name + " lost: " + why);
  for (auto &[id, c] : components_)
    if (c.config->worker == w.name && c.mood != Mood::sad && c.mood != Mood::sleeping)
      set_mood(c, Mood::lost);
}

void Manager::check_heartbeats() {
  const int64_t now = steady_ms();
  for (auto &[name, w] : workers_)
    if (w.connected && now - w.last_seen_ms > options_.peer_timeout_ms)
      worker_lost(w, "silent for " + std::to_string(now - w.last_seen_ms) + " ms");
}

message::PlanetSnapshot Manager::snapshot() const {
  message::PlanetSnapshot s;
  s.planet = planet_.name;
  for (const auto &[id, c] : components_)
    s.components.push_back({id,
                            c.config->type,
                            c.config->worker,
                            c.mood,
                            Mood::unknown,
                            c.pid,
                            c.notes,
                            {}});
  for (const auto &[name, w] : workers_)
    s.workers.push_back({w.name, w.host, w.feed_port, w.connected, 0, {}});
  return s;
}

} // namespace flu::manager
