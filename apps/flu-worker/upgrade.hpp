// Hot upgrade of a running component (docs/hot-upgrade.md), the worker's
// part. On UpgradeComponent it starts a second job of the component with
// the new configuration:
//
// - When the new code's type hands over (handover="true"), the new
//   job starts with JobConfig::takeover and is held here, out of the
//   worker's job table, until it is happy (20 s at most; else it is killed,
//   the old job stays and the manager hears "upgrade-failed"). Then the old
//   job gets HandoverBegin; its HandoverItems (with their descriptors) and
//   HandoverEnd are relayed to the new job, which then replaces it in the
//   job table. The old job's exit is part of the upgrade: no JobExited. The
//   whole handover has 10 s; then the old job is killed and the new one
//   told the handover failed (it carries on as a fresh start).
// - Otherwise: the old job is stopped (gracefully, then killed), and the new
//   one started in its place: a restart, said so in a note.
//
// The worker asks the hooks for everything else (spawning a job, its job
// table), so that which module file a job runs stays the worker's choice.
#pragma once

#include "job_process.hpp"
#include "message/envelope.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace flu::worker {

struct UpgradeHooks {
  std::function<void(const std::string &frame)> to_manager;
  // Starts a job for `config` on `code` (it gets its StartComponent);
  // throws std::runtime_error when it cannot.
  std::function<JobProcess(const message::JobConfig &config, const JobCode &code)> spawn;
  // The running job of a component in the worker's table, or null.
  std::function<JobProcess *(const std::string &id)> running;
  // Puts `fresh` in the table in place of the running job; returns that one
  // (pid 0 when there was none).
  std::function<JobProcess(JobProcess fresh)> replace;
  // The new job's WatchComponents (docs/archive.md "Load balancing"): the
  // worker merges it into the component's list; returns a frame for the new
  // job now (the records the worker holds of what it named), or "".
  std::function<std::string(const std::string &id,
                            const std::vector<std::string> &watched)>
      watch;
  int grace_ms = 5000; // a stopping job's time before SIGKILL
};

class Upgrades {
public:
  Upgrades(boost::asio::io_context &io, std::string who, UpgradeHooks hooks);
  ~Upgrades();

  // Manager → worker: UpgradeComponent, once its bundles are in the cache.
  void start(message::JobConfig config, JobCode code);
  bool busy(const std::string &id) const;

  // Frames of a job that is not the one in the table (a new job not yet in
  // place, an old one on its way out). Owns fd.
  void from_job(const std::string &id, pid_t pid, const message::Envelope &e, int fd);
  // HandoverItem/HandoverEnd of the running job. Owns fd.
  void from_running(const std::string &id, const message::Envelope &e, int fd);
  // A job's control channel closed (its process is gone or going).
  void closed(const std::string &id, pid_t pid);
  // A child ended; true when its exit belongs to an upgrade (no JobExited).
  bool exited(pid_t pid, int status);
  // The manager told the component where a feed is; a new job hears it too.
  void feed_address(const message::FeedAddress &address);
  // A frame for the new job of an upgrade of `id` (the records of what the
  // component watches), if one is under way.
  void to_new_job(const std::string &id, const std::string &frame);
  // The component is being stopped, or the worker ends: the upgrade gives up.
  void abort(const std::string &id, const std::string &why);
  void abort_all(const std::string &why);

private:
  struct Upgrade;
  void fail(const std::string &id, const std::string &why);
  void hand_over(Upgrade &u);
  void swap(Upgrade &u, const std::string &how);
  void restart(Upgrade &u);
  bool restarted(Upgrade &u);
  void finished(const std::string &id);
  void note(const std::string &id, message::NoteLevel level, const std::string &note_id,
            const std::string &text);

  boost::asio::io_context &io_;
  std::string who_;
  UpgradeHooks hooks_;
  std::map<std::string, std::unique_ptr<Upgrade>> upgrades_; // by component id
  struct Retiring;
  std::map<pid_t, std::unique_ptr<Retiring>> retiring_; // old jobs on their way out
};

} // namespace flu::worker
