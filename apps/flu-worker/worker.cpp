#include "worker.hpp"

#include "bundle_fetcher.hpp"
#include "checks.hpp"
#include "control/control_channel.hpp"
#include "feed_grants.hpp"
#include "feed_server.hpp"
#include "flow_clocks.hpp"
#include "i18n/translate.hpp"
#include "job_process.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"
#include "process/process.hpp"
#include "session/peer_session.hpp"
#include "upgrade.hpp"

#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <set>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace flu::worker {

namespace asio = boost::asio;
using message::Type;

struct Worker::Impl {
  explicit Impl(WorkerOptions o)
      : options(std::move(o)), who("worker:" + options.name),
        session(io, session_options(options), who),
        feeds(io, options.feed_port,
              [this](const message::FeedRequest &request, int fd) {
                return route_feed(request, fd);
              }),
        signals(io, SIGINT, SIGTERM), children(io, SIGCHLD), shutdown_timer(io),
        upgrades(io, who, upgrade_hooks()),
        fetcher(
            io, who, options.bundles,
            [this](const std::string &frame) { return session.send(frame); },
            [this] { return bundles_in_use(); }),
        checks(io, who, fetcher, options.job_executable,
               [this](const std::string &frame) { to_manager(frame); }) {}

  static session::SessionOptions session_options(const WorkerOptions &o) {
    session::SessionOptions s = o.session;
    s.role = message::PeerRole::worker;
    s.name = o.name;
    return s;
  }

  WorkerOptions options;
  std::string who;
  asio::io_context io;
  session::PeerSession session;
  FeedServer feeds;
  asio::signal_set signals;
  asio::signal_set children;
  asio::steady_timer shutdown_timer;
  std::map<std::string, JobProcess> jobs; // by component id
  FeedGrants grants;                      // as the manager granted them
  bool stopping = false;
  Upgrades upgrades; // hot upgrades under way (upgrade.hpp)
  BundleFetcher fetcher;
  // Components whose bundles are being fetched for a start: a stop meanwhile
  // cancels the start (`start` tells a newer start from an older one); the
  // feed addresses the manager sends meanwhile wait for the job.
  struct Preparing {
    uint64_t start = 0;
    std::vector<message::FeedAddress> feeds;
  };
  std::map<std::string, Preparing> preparing;
  uint64_t next_start = 1;
  FlowClocks clocks; // flow_clocks.hpp
  // What each job reads of other components' state (WatchComponents): said
  // again after every hello, since a manager that restarted knows nothing.
  // A component's list only grows while it runs here, through hot upgrades
  // too: the new job's list is merged with its predecessor's.
  std::map<std::string, std::set<std::string>> watches; // by watcher id
  // The last record of each component some job watches, as the manager sent
  // it: what a hot upgrade's new job starts with, and what it asks for.
  std::map<std::string, message::ComponentStatus> watched_records;
  Checks checks; // runtime checks under way (checks.hpp)

  UpgradeHooks upgrade_hooks() {
    UpgradeHooks h;
    h.to_manager = [this](const std::string &frame) { to_manager(frame); };
    h.spawn = [this](const message::JobConfig &config, const JobCode &code) {
      return spawn(config, code);
    };
    h.running = [this](const std::string &id) -> JobProcess * {
      const auto it = jobs.find(id);
      return it == jobs.end() ? nullptr : &it->second;
    };
    h.replace = [this](JobProcess fresh) {
      JobProcess old;
      const std::string id = fresh.config.component_id;
      if (const auto it = jobs.find(id); it != jobs.end())
        old = std::move(it->second);
      jobs[id] = std::move(fresh);
      return old;
    };
    h.watch = [this](const std::string &id, const std::vector<std::string> &list) {
      watch(id, list);
      return records_for(list);
    };
    h.grace_ms = options.shutdown_grace_ms;
    return h;
  }

  void to_manager(const std::string &frame) { session.send(frame); }

  std::set<std::string> bundles_in_use() const {
    std::set<std::string> shas;
    for (const auto &[id, job] : jobs)
      shas.insert(job.code.bundles.begin(), job.code.bundles.end());
    for (const auto &sha : checks.bundles_in_use())
      shas.insert(sha);
    return shas;
  }

  void cache_status() { to_manager(message::pack(fetcher.status())); }

  void hello() {
    message::WorkerHello h;
    h.name = options.name;
    h.feed_host = options.feed_host;
    h.feed_port = feeds.port();
    h.pid = static_cast<uint32_t>(getpid());
    for (const auto &[id, job] : jobs)
      h.running.push_back({id, static_cast<uint32_t>(job.pid), job.mood,
                           job.config.base_time_ns, job.version});
    to_manager(message::pack(h));
    cache_status();
    for (const auto &[id, watched] : watches)
      to_manager(
          message::pack(message::WatchComponents{id, {watched.begin(), watched.end()}}));
  }

  // The manager's records of watched components: each job gets those it
  // watches, and so does the new job of a hot upgrade under way.
  void watched_state(const message::StateDelta &delta) {
    for (const auto &[id, watched] : watches) {
      message::StateDelta mine;
      for (const auto &c : delta.components)
        if (watched.count(c.component_id)) {
          mine.components.push_back(c);
          watched_records[c.component_id] = c;
        }
      for (const auto &r : delta.removed_components)
        if (watched.count(r)) {
          mine.removed_components.push_back(r);
          watched_records.erase(r);
        }
      if (mine.components.empty() && mine.removed_components.empty())
        continue;
      const std::string frame = message::pack(mine);
      if (const auto it = jobs.find(id); it != jobs.end())
        it->second.channel->send(frame);
      upgrades.to_new_job(id, frame);
    }
  }

  // A job's WatchComponents (the component's job, or the new job of its hot
  // upgrade): merged into the component's list, at most kMaxWatched, the
  // job's own first; the manager hears the list when it grew.
  void watch(const std::string &id, const std::vector<std::string> &list) {
    constexpr size_t kMaxWatched = 256; // as many as the manager keeps
    std::set<std::string> merged;
    for (const auto &c : list)
      if (merged.size() < kMaxWatched)
        merged.insert(c);
    auto &watched = watches[id];
    for (const auto &c : watched)
      if (merged.size() < kMaxWatched)
        merged.insert(c);
    if (merged == watched)
      return;
    watched = std::move(merged);
    to_manager(
        message::pack(message::WatchComponents{id, {watched.begin(), watched.end()}}));
  }

  // The records held of `list`, as a frame for a job ("" when none).
  std::string records_for(const std::vector<std::string> &list) const {
    message::StateDelta known;
    for (const auto &c : list)
      if (const auto it = watched_records.find(c); it != watched_records.end())
        known.components.push_back(it->second);
    return known.components.empty() ? std::string() : message::pack(known);
  }

  // Records nobody watches any more: no deltas keep them current.
  void forget_unwatched_records() {
    std::erase_if(watched_records, [&](const auto &entry) {
      return std::none_of(watches.begin(), watches.end(),
                          [&](const auto &w) { return w.second.count(entry.first) > 0; });
    });
  }

  // Passes a message on to the job it names.
  template <class M> void to_job(const std::string &id, const M &m) {
    if (auto it = jobs.find(id); it != jobs.end())
      it->second.channel->send(message::pack(m));
    else
      log::debug(who, std::string(message::type_name(uint16_t(M::type))) + " for " + id +
                          ", which does not run here");
  }

  void from_manager(const message::Envelope &e) {
    using message::decode;
    try {
      if (fetcher.on_message(e))
        return;
      switch (static_cast<Type>(e.type)) {
      case Type::worker_welcome: {
        const auto w = decode<message::WorkerWelcome>(e.payload);
        log::info(who, "logged into planet " + w.planet);
        break;
      }
      case Type::start_component:
        start(decode<message::StartComponent>(e.payload).config);
        break;
      case Type::stop_component: {
        const auto m = decode<message::StopComponent>(e.payload);
        clocks.forget(m.component_id);
        if (preparing.erase(m.component_id)) {
          log::info(who, m.component_id + ": stopped before its bundles arrived");
          // No job will exit: say so, as an exit would (a restart waits on it).
          message::JobExited none;
          none.component_id = m.component_id;
          none.description = "was stopped before it started";
          to_manager(message::pack(none));
        }
        upgrades.abort(m.component_id, "the component is being stopped");
        to_job(m.component_id, m);
        break;
      }
      case Type::feed_address: {
        const auto m = decode<message::FeedAddress>(e.payload);
        auto remember = [&](std::vector<message::FeedAddress> &feeds) {
          std::erase_if(feeds, [&](const auto &f) { return f.feed_id == m.feed_id; });
          feeds.push_back(m);
        };
        if (auto it = jobs.find(m.component_id); it != jobs.end())
          remember(it->second.feeds);
        else if (auto p = preparing.find(m.component_id); p != preparing.end())
          remember(p->second.feeds);
        upgrades.feed_address(m);
        to_job(m.component_id, m);
        break;
      }
      case Type::flow_clock: {
        const auto m = decode<message::FlowClock>(e.payload);
        clocks.remember(m);
        if (jobs.count(m.component_id))
          to_job(m.component_id, m);
        break;
      }
      case Type::feed_grant:
        grants.apply(decode<message::FeedGrant>(e.payload));
        break;
      case Type::invoke: {
        const auto m = decode<message::Invoke>(e.payload);
        if (!jobs.count(m.component_id))
          to_manager(message::pack(message::InvokeResult{
              m.component_id, m.request, false, m.component_id + " does not run here"}));
        else
          to_job(m.component_id, m);
        break;
      }
      case Type::run_check:
        checks.run(decode<message::RunCheck>(e.payload));
        break;
      case Type::state_delta:
        watched_state(decode<message::StateDelta>(e.payload));
        break;
      case Type::upgrade_component:
        upgrade(decode<message::UpgradeComponent>(e.payload).config);
        break;
      case Type::authenticate: {
        const auto m = decode<message::Authenticate>(e.payload);
        to_job(m.bouncer, m); // the manager names the bouncer by component id
        break;
      }
      case Type::authenticate_reply: {
        const auto m = decode<message::AuthenticateReply>(e.payload);
        to_job(m.component_id, m);
        break;
      }
      case Type::keycard_expired: {
        const auto m = decode<message::KeycardExpired>(e.payload);
        to_job(m.component_id, m);
        break;
      }
      case Type::expire_keycard: {
        const auto m = decode<message::ExpireKeycard>(e.payload);
        to_job(m.component_id, m);
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
    log::error(who, config.component_id + ": " + why);
    to_manager(message::pack(
        message::ComponentNote{config.component_id, i18n::plain(message::NoteLevel::error,
                                                                "worker-start", why)}));
  }

  // The job starts once its bundles are in the cache.
  void start(const message::JobConfig &config) {
    const std::string id = config.component_id;
    if (jobs.count(id) || preparing.count(id))
      return log::warning(who, id + " already runs here");
    const uint64_t start = next_start++;
    preparing[id] = {start, {}};
    fetcher.prepare(
        config,
        [this, config, start](JobCode code) {
          cache_status();
          const auto it = preparing.find(config.component_id);
          if (it == preparing.end() || it->second.start != start)
            return; // stopped meanwhile
          const std::vector<message::FeedAddress> feeds = std::move(it->second.feeds);
          preparing.erase(it);
          try {
            JobProcess &job =
                jobs.emplace(config.component_id, spawn(config, code)).first->second;
            job.feeds = feeds;
            for (const auto &f : feeds)
              job.channel->send(message::pack(f));
          } catch (const std::exception &ex) {
            refuse_start(config, ex.what());
          }
        },
        [this, config, start](const std::string &why) {
          cache_status();
          const auto it = preparing.find(config.component_id);
          if (it == preparing.end() || it->second.start != start)
            return;
          preparing.erase(it);
          refuse_start(config, why);
        });
  }

  void upgrade(const message::JobConfig &config) {
    fetcher.prepare(
        config,
        [this, config](JobCode code) {
          cache_status();
          upgrades.start(config, std::move(code));
        },
        [this, id = config.component_id](const std::string &why) {
          cache_status();
          log::warning(who, id + ": upgrade failed: " + why);
          to_manager(message::pack(message::ComponentNote{
              id, i18n::plain(message::NoteLevel::warning, "upgrade-failed",
                              "upgrade failed: " + why)}));
        });
  }

  // Starts a flu-job for `config` on `code` and gives it its configuration;
  // throws with a reason an operator can act on. Its frames reach route().
  JobProcess spawn(message::JobConfig config, const JobCode &code) {
    // A bouncer consults others in-process: it needs their libraries.
    if (code.consults.size() != config.consults.size())
      throw std::runtime_error("the bundles of the consulted bouncers are missing");
    for (size_t i = 0; i < config.consults.size(); ++i)
      config.consults[i].module_id = code.consults[i].string();
    int ours = -1, theirs = -1;
    control::ControlChannel::make_pair(ours, theirs);
    room_for_largest_frame(ours);
    JobProcess job;
    job.config = config;
    job.version = code.version;
    job.code = code;
    try {
      job.pid = process::spawn({options.job_executable.string(), "--control-fd", "3",
                                "--module", code.library.string()},
                               {{theirs, 3}});
    } catch (const std::exception &) {
      ::close(ours);
      ::close(theirs);
      throw;
    }
    ::close(theirs);
    const std::string id = config.component_id;
    const pid_t pid = job.pid;
    job.channel = std::make_unique<control::ControlChannel>(
        io, ours,
        [this, id, pid](const message::Envelope &e, int fd) { route(id, pid, e, fd); },
        [this, id, pid](const std::string &why) {
          log::debug(who, id + ": control channel closed: " + why);
          upgrades.closed(id, pid);
        });
    job.channel->start();
    if (const auto clock = clocks.of(id))
      job.channel->send(message::pack(*clock)); // before the pipeline plays
    const std::string frame = message::pack(message::StartComponent{config});
    if (!job.channel->send(frame)) {
      // Without its configuration the job would wait for ever, waking.
      const std::string why = std::strerror(errno);
      job.channel->close(); // the job ends; its exit is not a component's
      throw std::runtime_error("cannot give the job its configuration (" +
                               std::to_string(frame.size()) + " bytes): " + why);
    }
    // A hot upgrade's new job: what its predecessor watched, as known now.
    if (const auto w = watches.find(id); w != watches.end())
      if (const std::string records = records_for({w->second.begin(), w->second.end()});
          !records.empty())
        job.channel->send(records);
    log::info(who, "started " + id + " (" + config.type + ", " + job.version +
                       ") as pid " + std::to_string(job.pid));
    return job;
  }

  // A control frame is one SEQPACKET message, refused whole (EMSGSIZE) when
  // it exceeds the send buffer (about 208 KB by default). A token bouncer's
  // configuration names every bouncer it consults: 300 KB in a planet of a
  // thousand (bench/control-plane.sh 1000 50). Room for the largest frame
  // a peer may send; without the privilege to force it, as much as allowed.
  static void room_for_largest_frame(int fd) {
    const int bytes = static_cast<int>(message::default_max_frame_bytes + 64 * 1024);
    if (::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &bytes, sizeof bytes) != 0)
      ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
  }

  // A job's frame: the component's own job, or one an upgrade holds.
  void route(const std::string &id, pid_t pid, const message::Envelope &e, int fd) {
    const auto it = jobs.find(id);
    if (it == jobs.end() || it->second.pid != pid)
      return upgrades.from_job(id, pid, e, fd);
    const auto type = static_cast<Type>(e.type);
    if (type == Type::handover_item || type == Type::handover_end)
      return upgrades.from_running(id, e, fd);
    from_job(id, e, fd);
  }

  // A job speaks for itself only: the component id it claims is replaced by
  // its own, except in what a bouncer sends about its requesters.
  void from_job(const std::string &id, const message::Envelope &e, int fd) {
    using message::decode;
    if (fd >= 0)
      ::close(fd); // jobs send no descriptors
    const auto it = jobs.find(id);
    if (it == jobs.end())
      return;
    const bool bouncer = it->second.config.bouncer;
    try {
      switch (static_cast<Type>(e.type)) {
      case Type::component_mood: {
        auto m = decode<message::ComponentMood>(e.payload);
        m.component_id = id;
        m.version = it->second.version;
        it->second.mood = m.mood;
        return to_manager(message::pack(m));
      }
      case Type::component_note:
        return forward<message::ComponentNote>(id, e);
      case Type::ui_state:
        return forward<message::UiState>(id, e);
      case Type::invoke_result:
        return forward<message::InvokeResult>(id, e);
      case Type::authenticate:
        return forward<message::Authenticate>(id, e);
      case Type::watch_components:
        return watch(id, decode<message::WatchComponents>(e.payload).watched);
      case Type::authenticate_reply:
        if (bouncer)
          return to_manager(
              message::pack(decode<message::AuthenticateReply>(e.payload), e.request_id));
        break;
      case Type::keycard_expired:
        if (bouncer)
          return to_manager(message::pack(decode<message::KeycardExpired>(e.payload)));
        break;
      default:
        break;
      }
      log::warning(who, id + ": unexpected " + message::type_name(e.type));
    } catch (const message::DecodeError &ex) {
      log::warning(who, id + ": dropped a message: " + ex.what());
    }
  }

  template <class M> void forward(const std::string &id, const message::Envelope &e) {
    auto m = message::decode<M>(e.payload);
    m.component_id = id;
    to_manager(message::pack(m, e.request_id));
  }

  std::string route_feed(const message::FeedRequest &request, int fd) {
    const std::string &feed_id = request.feed_id;
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
    if (!grants.granted(feed_id, request.eater, request.token))
      return "the manager has not granted " + feed_id + " to " +
             link::printable_id(request.eater) + " with that token";
    if (fd < 0)
      return {};
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
    if (upgrades.exited(pid, status))
      return; // the old job of an upgrade, or a new one that failed
    if (checks.exited(pid, status))
      return;
    for (auto it = jobs.begin(); it != jobs.end(); ++it) {
      if (it->second.pid != pid)
        continue;
      message::JobExited m;
      m.component_id = it->first;
      m.pid = static_cast<uint32_t>(pid);
      m.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
      m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
      m.description = process::describe_status(status);
      (m.signal ? log::warning : log::info)(who, it->first + ": job " + m.description);
      if (!stopping)
        to_manager(message::pack(m));
      watches.erase(it->first);
      forget_unwatched_records();
      jobs.erase(it);
      break;
    }
    if (stopping && jobs.empty())
      io.stop();
  }

  void shut_down() {
    stopping = true;
    upgrades.abort_all("the worker stops");
    checks.abort_all();
    to_manager(message::pack(message::WorkerGoodbye{}));
    session.stop();
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
    session.on_logged_in([this](const message::LoginReply &reply) {
      log::info(who, "logged in (planet " + reply.planet + ")");
      hello();
    });
    session.on_message([this](const message::Envelope &e) { from_manager(e); });
    session.on_refused([this](const std::string &why) { log::error(who, why); });
    session.on_lost([this](const std::string &why) {
      fetcher.manager_lost(why);
      log::warning(who, "lost the manager: " + why + "; the jobs keep running");
    });
    log::info(who, "connecting to manager at " +
                       session::PeerSession::endpoint(options.session.manager) +
                       ", feeds on port " + std::to_string(feeds.port()));
    signals.async_wait([this](auto ec, int) {
      if (!ec)
        shut_down();
    });
    reap();
    session.start();
    io.run();
    return 0;
  }
};

Worker::Worker(WorkerOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
Worker::~Worker() = default;
int Worker::run() { return impl_->run(); }

} // namespace flu::worker
