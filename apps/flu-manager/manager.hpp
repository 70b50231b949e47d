// The manager: holds the planet, hands each component to the worker the
// planet names as soon as that worker logs in, tells eaters where their
// feeds are, and keeps every component's mood from what workers report.
// Media never passes through it.
#pragma once

#include "message/messages.hpp"
#include "planet/planet.hpp"
#include "registry/registry.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace flu::manager {

struct ManagerOptions {
  std::filesystem::path planet_file;
  std::string bind = "tcp://*:7531";
  std::vector<std::filesystem::path> module_path;
  int heartbeat_ms = 2000;     // how often workers ping
  int peer_timeout_ms = 30000; // silence after which a worker is lost
  int hungry_timeout_ms = 5000;
  std::size_t max_frame_bytes = 1 << 20;
  std::string local_worker; // embedded default: run a worker of this name
  int local_feed_port = 8600;
};

struct ComponentState {
  const planet::Component *config = nullptr;
  Mood mood = Mood::sleeping;
  uint32_t pid = 0;
  std::vector<message::Note> notes;
  std::set<std::string> feeds_sent; // "feed_id@host:port" already told
};

struct WorkerState {
  std::string name;
  std::string identity; // its ZeroMQ routing id
  std::string host;
  uint16_t feed_port = 0;
  bool connected = false;
  int64_t last_seen_ms = 0;
};

class Manager {
public:
  // Loads the registry and the planet; throws with file:line on a bad file.
  explicit Manager(ManagerOptions options);
  ~Manager();
  // Serves until SIGINT/SIGTERM; returns the exit code.
  int run();

private:
  struct Runtime;
  void on_frame(const std::string &identity, const std::string &address, uint16_t type,
                std::string_view payload);
  void worker_hello(const std::string &identity, const std::string &address,
                    const message::WorkerHello &hello);
  void worker_lost(WorkerState &worker, const std::string &why);
  void start_component(ComponentState &component, const WorkerState &worker);
  void publish_feeds();
  void set_mood(ComponentState &component, Mood mood);
  void add_note(ComponentState &component, const message::Note &note);
  void job_exited(const message::JobExited &exited);
  void check_heartbeats();
  message::JobConfig job_config(const planet::Component &component) const;
  message::PlanetSnapshot snapshot() const;
  WorkerState *worker_by_identity(const std::string &identity);
  ComponentState *component(const std::string &avatar_id);
  void send(const std::string &identity, const std::string &frame);

  ManagerOptions options_;
  registry::Registry registry_;
  planet::Planet planet_;
  std::map<std::string, uint64_t> flow_base_time_ns_;
  std::map<std::string, ComponentState> components_; // by avatar id
  std::map<std::string, WorkerState> workers_;       // by name
  std::unique_ptr<Runtime> runtime_;
};

} // namespace flu::manager
