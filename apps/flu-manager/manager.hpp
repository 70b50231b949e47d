// The manager: holds the planet, lets in only peers whose keycards its
// bouncer accepts, hands each component to the worker the planet names,
// tells eaters where their feeds are (and feeders whom to let in), keeps
// every component's mood, messages and UI state, and replicates all of it
// to admins as a snapshot followed by ordered deltas. Media never passes
// through it.
#pragma once

#include "message/envelope.hpp"
#include "message/messages.hpp"
#include "planet/planet.hpp"
#include "registry/registry.hpp"
#include "relays.hpp"
#include "replication.hpp"
#include "sessions.hpp"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace flu::bouncer {
class BouncerHost;
struct Issued;
} // namespace flu::bouncer

namespace flu::manager {

class BundleService;

struct ManagerOptions {
  std::filesystem::path planet_file;
  std::string bind = "tcp://*:7531";
  std::filesystem::path key_dir; // keys and local token; default_manager_dir()
  // Bundles (docs/bundles.md). Empty: KEY_DIR/repository; KEY_DIR/trusted-keys
  // and share/flu/trusted-keys beside bin/; share/flu/bundles beside bin/.
  std::filesystem::path repository;
  std::vector<std::filesystem::path> trusted_keys;
  std::vector<std::filesystem::path> bundle_dirs;
  bool insecure = false;       // no CURVE (development only)
  int heartbeat_ms = 2000;     // how often peers ping
  int peer_timeout_ms = 30000; // silence after which a peer is lost
  int hungry_timeout_ms = 5000;
  int request_timeout_ms = 10000; // invoke and authenticate relays
  std::size_t max_frame_bytes = 1 << 20;
  std::string local_worker; // embedded default: run a worker of this name
  int local_feed_port = 8600;
  // Prometheus metrics (docs/metrics.md): "ADDR:PORT", empty: off; a file
  // holding the bearer token scrapers must send, empty: none.
  std::string metrics_bind;
  std::filesystem::path metrics_token_file;
};

struct ComponentState {
  const planet::Component *config = nullptr; // re-pointed when the planet changes
  Mood mood = Mood::sleeping;
  Mood pending = Mood::unknown; // what an operator asked for, until reached
  bool wanted = true;           // start it whenever its worker is there
  bool restart_after_stop = false;
  uint32_t pid = 0;
  std::vector<message::Note> notes;
  message::Values ui;
  std::set<std::string> feeds_sent;              // "feed@host:port" already told
  std::map<std::string, std::string> feed_token; // feed id → token of this eater
  // A virtual feed it eats (feed id) → the real feed of the provider that
  // feeds it now (feed_failover.cpp).
  std::map<std::string, std::string> virtual_sources;
  int failures = 0;          // crashes in a row, for the restart back-off
  int64_t restart_at_ms = 0; // 0: no restart scheduled
  std::string version;       // what its job runs, as its worker says
  // A hot upgrade under way (upgrade.cpp): the admin waits for its answer.
  struct Upgrade {
    std::string admin; // routing id
    uint32_t request_id = 0;
    uint32_t old_pid = 0;
    int64_t deadline_ms = 0;
  };
  std::optional<Upgrade> upgrade;
};

struct WorkerState {
  std::string name;
  std::string identity; // its session's routing id
  std::string host;
  uint16_t feed_port = 0;
  bool connected = false;
  uint32_t pid = 0;
  std::vector<std::string> types;
  message::BundleCacheStatus cache;  // its bundle cache's figures
  std::set<std::string> grants_sent; // "feed|eater|token"
};

class Manager {
public:
  // Opens the bundle repository (the registry of component types comes
  // from it), loads the planet, the keys and the manager's bouncer; throws
  // with file:line (or the file at fault) when one is bad.
  explicit Manager(ManagerOptions options);
  ~Manager();
  // Serves until SIGINT/SIGTERM; returns the exit code.
  int run();
  // The planet as loaded (for --check and --convert).
  const planet::Planet &planet() const { return planet_; }

  // Makes or reads the key pair in key_dir and prints the public key.
  static std::string public_key(const std::filesystem::path &key_dir);

private:
  struct Runtime;

  // manager.cpp: frames, workers, components, feeds
  void on_frame(const std::string &identity, const std::string &address,
                const message::Envelope &e);
  void on_worker_frame(Session &session, const message::Envelope &e);
  // bundles.cpp: the repository, the registry made from it, and peers'
  // requests about it
  void open_bundles();
  void refresh_registry();
  // Throws PlanetError (file, the component's line) for a component whose
  // type and version range resolve to no set of bundles.
  void check_versions(const planet::Planet &planet, const std::string &file) const;
  bool on_bundle_frame(Session &session, const message::Envelope &e);
  void worker_hello(Session &session, const message::WorkerHello &hello);
  void worker_lost(WorkerState &worker, const std::string &why);
  void start_component(ComponentState &component, const WorkerState &worker);
  void stop_component(ComponentState &component);
  void publish_feeds();
  void revoke_feeds(ComponentState &eater);
  void revoke_feed(ComponentState &eater, const std::string &feed_id);
  // feed_failover.cpp: an eater of a virtual feed several components offer
  // is fed by the first happy provider, and moved when that one fails.
  // Sets `source` to the chosen provider's real feed id; null when none is
  // chosen yet.
  const planet::Component *virtual_feed_provider(ComponentState &eater,
                                                 const planet::Feed &feed,
                                                 const std::string &feed_id,
                                                 std::string &source);
  // A provider's mood changed: feeds are published again once the frames
  // at hand are handled.
  void providers_changed(const ComponentState &component);
  void set_mood(ComponentState &component, Mood mood);
  void add_note(ComponentState &component, const message::Note &note);
  void job_exited(const message::JobExited &exited);
  void restart_if_allowed(ComponentState &component);
  void tick();
  message::JobConfig job_config(const planet::Component &component) const;
  // porter_details.cpp: the porter's details for a component that names it
  void porter_details(const planet::Component &c, message::Values &properties) const;
  WorkerState *worker_of(const ComponentState &component);
  WorkerState *worker_by_identity(const std::string &identity);
  ComponentState *component(const std::string &component_id);
  void send(const std::string &identity, const std::string &frame);
  void repoint();
  void load_keys();
  std::unique_ptr<bouncer::BouncerHost> make_manager_bouncer();

  // sessions.cpp: logins and keycards
  void login(const std::string &identity, const std::string &address,
             const message::Login &login);
  void session_expired(const bouncer::Issued &issued, const std::string &reason);
  void
  drop_session(std::string identity,
               const std::string &why); // by value: callers may pass a key of sessions_
  void check_sessions(int64_t now_ms);

  // state.cpp: what admins see, replicated by replication_
  message::ComponentStatus status(const std::string &id, const ComponentState &c) const;
  message::StateSnapshot snapshot() const;
  static message::WorkerStatus worker_status(const WorkerState &w);
  Replication::Hooks replication_hooks();
  // What every part says when a record changed or went: replication_ sends
  // it to subscribed admins after the frames at hand.
  void changed(const std::string &component_id) { replication_.changed(component_id); }
  void worker_changed(const std::string &name) { replication_.worker_changed(name); }
  void removed(const std::string &component_id) { replication_.removed(component_id); }
  void ui_state(const message::UiState &update);

  // watches.cpp: other components' state for the jobs that read it
  // (WatchComponents; docs/archive.md "Load balancing")
  void watch(const WorkerState &worker, const message::WatchComponents &m);
  void tell_watchers(const message::StateDelta &delta);
  void forget_watches(const std::string &worker);

  // metrics.cpp: the Prometheus endpoint
  void start_metrics();
  std::string metrics_text() const;

  // flow_clock.cpp: the flows' network clocks (docs/clock.md)
  ComponentState *clock_master_of(const std::string &flow);
  std::optional<message::FlowClock> flow_clock_for(const ComponentState &c);
  void send_flow_clock(const ComponentState &c, const WorkerState &worker);
  void tell_flow_clock(const std::string &flow);
  void flow_clock_ui(ComponentState &c);
  void flow_clock_mood(ComponentState &c);

  // admin.cpp: flu-command's verbs, and the relays through the manager
  void admin_request(Session &admin, uint32_t request_id, const message::AdminRequest &r);
  void reply(const Session &admin, uint32_t request_id, message::ReplyCode code,
             std::string text, message::Values values = {});
  void invoke_result(const message::InvokeResult &result);
  void authenticate(Session &worker, const message::Authenticate &request);
  void authenticate_reply(Session &worker, const message::AuthenticateReply &reply);
  void keycard_expired(Session &worker, const message::KeycardExpired &expired);
  void expire_relays(int64_t now_ms);
  std::string load_flow(const std::string &xml, const std::string &name,
                        std::vector<std::string> &added);

  // checks.cpp: runtime checks on workers
  void run_check(Session &admin, uint32_t request_id, const message::AdminRequest &r);
  void check_result(Session &worker, const message::CheckResult &result);

  // manager_plugs.cpp: what the planet's manager plugs ask (docs/planet.md)
  static std::string identity_of(const Session &admin); // USER@HOST
  void start_plugs(const std::string &endpoint);
  void stop_plugs();
  void lifecycle(const std::string &line);
  void admin_action(const Session &admin, const message::AdminRequest &r);

  // upgrade.cpp: hot upgrades (docs/hot-upgrade.md)
  void upgrade(Session &admin, uint32_t request_id, ComponentState &c,
               const message::AdminRequest &r);
  void upgrade_mood(ComponentState &c, const message::ComponentMood &mood);
  void upgrade_failed(ComponentState &c, const std::string &why);
  void expire_upgrades(int64_t now_ms);

  ManagerOptions options_;
  registry::Registry registry_;
  planet::Planet planet_;
  std::string local_token_;
  std::string secret_key_;
  std::unique_ptr<bouncer::BouncerHost> bouncer_;
  std::unique_ptr<BundleService> bundles_;
  std::map<std::string, uint64_t> flow_base_time_ns_;
  std::map<std::string, uint16_t> flow_clock_port_;  // its master's last port
  std::set<std::string> flow_clock_published_;       // flows whose master publishes
  std::map<std::string, ComponentState> components_; // by component id
  std::map<std::string, WorkerState> workers_;       // by name
  Sessions sessions_;                                // sessions.cpp
  Relays relays_;                                    // admin.cpp
  Replication replication_;                          // state.cpp
  // Watcher component id → its worker's name and the ids it reads.
  struct Watch {
    std::string worker;
    std::set<std::string> watched;
  };
  std::map<std::string, Watch> watches_;                    // watches.cpp
  bool publish_posted_ = false;                             // feed_failover.cpp
  std::string endpoint_;                                    // manager_plugs.cpp
  std::vector<std::unique_ptr<std::ofstream>> action_logs_; // manager_plugs.cpp
  std::unique_ptr<Runtime> runtime_;
};

} // namespace flu::manager
