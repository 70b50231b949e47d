#include "worker.hpp"

#include "control/control_channel.hpp"
#include "feed_server.hpp"
#include "i18n/translate.hpp"
#include "link/zmq_link.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"
#include "process/process.hpp"
#include "registry/registry.hpp"

#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <csignal>
#include <map>
#include <sys/wait.h>
#include <unistd.h>

namespace flu::worker {

namespace asio = boost::asio;
using message::Type;

namespace {

struct JobProcess {
  pid_t pid = 0;
  message::JobConfig config;
  std::unique_ptr<control::ControlChannel> channel;
  Mood mood = Mood::waking;
};

} // namespace

struct Worker::Impl {
  explicit Impl(WorkerOptions o)
      : options(std::move(o)), who("worker:" + options.name),
        link(io, who, options.max_frame_bytes,
             [this](const link::Peer &, const message::Envelope &e) { from_manager(e); }),
        feeds(io, options.feed_port,
              [this](const std::string &feed_id, int fd) {
                return route_feed(feed_id, fd);
              }),
        signals(io, SIGINT, SIGTERM), children(io, SIGCHLD), heartbeat(io),
        shutdown_timer(io) {
    registry.scan(options.module_path);
    for (const auto &e : registry.errors())
      log::warning(who, "module skipped: " + e);
  }

  WorkerOptions options;
  std::string who;
  asio::io_context io;
  registry::Registry registry;
  link::ZmqLink link;
  FeedServer feeds;
  asio::signal_set signals;
  asio::signal_set children;
  asio::steady_timer heartbeat;
  asio::steady_timer shutdown_timer;
  std::map<std::string, JobProcess> jobs; // by avatar id
  int heartbeat_ms = 2000;
  int64_t last_hello_ms = 0;
  bool stopping = false;

  static int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }

  void to_manager(const std::string &frame) { link.send("", frame); }

  void hello() {
    last_hello_ms = now_ms();
    message::WorkerHello h;
    h.name = options.name;
    h.feed_host = options.feed_host;
    h.feed_port = feeds.port();
    h.pid = static_cast<uint32_t>(getpid());
    for (const auto &[id, job] : jobs)
      h.running.push_back({id, static_cast<uint32_t>(job.pid), job.mood});
    to_manager(message::pack(h));
  }

  void beat() {
    heartbeat.expires_after(std::chrono::milliseconds(heartbeat_ms));
    heartbeat.async_wait([this](auto ec) {
      if (ec || stopping)
        return;
      to_manager(message::pack(message::Heartbeat{}));
      beat();
    });
  }

  void from_manager(const message::Envelope &e) {
    try {
      switch (static_cast<Type>(e.type)) {
      case Type::worker_welcome: {
        const auto w = message::decode<message::WorkerWelcome>(e.payload);
        if (w.heartbeat_ms > 0)
          heartbeat_ms = w.heartbeat_ms;
        log::info(who, "logged into planet " + w.planet);
        break;
      }
      case Type::refused:
        // The manager does not know us: it restarted. Log in again (at most
        // once a second), announcing what runs here.
        if (now_ms() - last_hello_ms > 1000)
          hello();
        break;
      case Type::start_component:
        start(message::decode<message::StartComponent>(e.payload).config);
        break;
      case Type::stop_component: {
        const auto m = message::decode<message::StopComponent>(e.payload);
        if (auto it = jobs.find(m.avatar_id); it != jobs.end())
          it->second.channel->send(message::pack(m));
        break;
      }
      case Type::feed_address: {
        const auto m = message::decode<message::FeedAddress>(e.payload);
        if (auto it = jobs.find(m.avatar_id); it != jobs.end())
          it->second.channel->send(message::pack(m));
        break;
      }
      default:
        log::warning(who, std::string("unexpected ") + message::type_name(e.type) +
                              " from the manager");
      }
    } catch (const message::DecodeError &ex) {
      log::warning(who, std::string("dropped a message from the manager: ") + ex.what());
    }
  }

  void refuse_start(const message::JobConfig &config, const std::string &why) {
    log::error(who, config.avatar_id + ": " + why);
    to_manager(message::pack(
        message::ComponentNote{config.avatar_id, i18n::plain(1, "worker-start", why)}));
  }

  void start(const message::JobConfig &config) {
    if (jobs.count(config.avatar_id))
      return log::warning(who, config.avatar_id + " already runs here");
    const registry::ModuleManifest *module = registry.find_module(config.module_id);
    if (!module)
      module = registry.module_of(config.type);
    if (!module)
      return refuse_start(config, "no module provides component type " + config.type +
                                      " on worker " + options.name);
    int ours = -1, theirs = -1;
    control::ControlChannel::make_pair(ours, theirs);
    JobProcess job;
    job.config = config;
    try {
      job.pid =
          process::spawn({options.job_executable.string(), "--control-fd", "3",
                          "--module", (module->directory / module->library).string()},
                         {{theirs, 3}});
    } catch (const std::exception &ex) {
      ::close(ours);
      ::close(theirs);
      return refuse_start(config, ex.what());
    }
    ::close(theirs);
    const std::string id = config.avatar_id;
    job.channel = std::make_unique<control::ControlChannel>(
        io, ours, [this, id](const message::Envelope &e, int fd) { from_job(id, e, fd); },
        [this, id](const std::string &why) {
          log::debug(who, id + ": control channel closed: " + why);
        });
    job.channel->start();
    job.channel->send(message::pack(message::StartComponent{config}));
    log::info(who, "started " + id + " (" + config.type + ") as pid " +
                       std::to_string(job.pid));
    jobs.emplace(id, std::move(job));
  }

  void from_job(const std::string &id, const message::Envelope &e, int fd) {
    if (fd >= 0)
      ::close(fd); // jobs send no descriptors
    try {
      switch (static_cast<Type>(e.type)) {
      case Type::component_mood: {
        auto m = message::decode<message::ComponentMood>(e.payload);
        m.avatar_id = id; // a job speaks only for itself
        if (auto it = jobs.find(id); it != jobs.end())
          it->second.mood = m.mood;
        to_manager(message::pack(m));
        break;
      }
      case Type::component_note: {
        auto m = message::decode<message::ComponentNote>(e.payload);
        m.avatar_id = id;
        to_manager(message::pack(m));
        break;
      }
      default:
        log::warning(who, id + ": unexpected " + message::type_name(e.type));
      }
    } catch (const message::DecodeError &ex) {
      log::warning(who, id + ": dropped a message: " + ex.what());
    }
  }

  std::string route_feed(const std::string &feed_id, int fd) {
    const auto colon = feed_id.rfind(':');
    if (colon == std::string::npos)
      return "malformed feed id";
    const std::string component = feed_id.substr(0, colon);
    const std::string feeder = feed_id.substr(colon + 1);
    const auto it = jobs.find(component);
    if (it == jobs.end())
      return "no component " + component + " runs on worker " + options.name;
    const auto &feeders = it->second.config.feeders;
    if (std::find(feeders.begin(), feeders.end(), feeder) == feeders.end())
      return component + " has no feeder " + feeder;
    if (!it->second.channel->send(message::pack(message::FeedClient{feeder, feed_id}),
                                  fd))
      return "the job of " + component + " is gone";
    ::close(fd); // the job holds its own copy now
    return {};
  }

  void reap() {
    children.async_wait([this](auto ec, int) {
      if (ec)
        return;
      int status = 0;
      pid_t pid;
      while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0)
        exited(pid, status);
      reap();
    });
  }

  void exited(pid_t pid, int status) {
    for (auto it = jobs.begin(); it != jobs.end(); ++it) {
      if (it->second.pid != pid)
        continue;
      message::JobExited m;
      m.avatar_id = it->first;
      m.pid = static_cast<uint32_t>(pid);
      m.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
      m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
      m.description = process::describe_status(status);
      (m.signal ? log::warning : log::info)(who, it->first + ": job " + m.description);
      if (!stopping)
        to_manager(message::pack(m));
      jobs.erase(it);
      break;
    }
    if (stopping && jobs.empty())
      io.stop();
  }

  void shut_down() {
    stopping = true;
    heartbeat.cancel();
    to_manager(message::pack(message::WorkerGoodbye{}));
    for (auto &[id, job] : jobs)
      job.channel->close(); // a job ends when its channel closes
    if (jobs.empty()) {
      // Give ZeroMQ a moment to deliver the goodbye.
      shutdown_timer.expires_after(std::chrono::milliseconds(200));
      shutdown_timer.async_wait([this](auto) { io.stop(); });
      return;
    }
    shutdown_timer.expires_after(std::chrono::milliseconds(options.shutdown_grace_ms));
    shutdown_timer.async_wait([this](auto ec) {
      if (ec)
        return;
      for (auto &[id, job] : jobs) {
        log::warning(who, id + ": job did not stop, killing it");
        ::kill(job.pid, SIGKILL);
      }
    });
  }

  int run() {
    const auto colon = options.manager.rfind(':');
    const std::string endpoint = colon == std::string::npos
                                     ? "tcp://" + options.manager + ":7531"
                                     : "tcp://" + options.manager.substr(0, colon) + ":" +
                                           options.manager.substr(colon + 1);
    link.connect_dealer(endpoint, link::ClientSecurity{true, {}});
    log::info(who, "connecting to manager at " + endpoint + ", feeds on port " +
                       std::to_string(feeds.port()));
    signals.async_wait([this](auto ec, int) {
      if (!ec)
        shut_down();
    });
    reap();
    hello();
    beat();
    io.run();
    return 0;
  }
};

Worker::Worker(WorkerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
Worker::~Worker() = default;
int Worker::run() { return impl_->run(); }

} // namespace flu::worker
