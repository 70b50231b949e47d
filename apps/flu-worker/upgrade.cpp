// Hot upgrade, the worker's part (see upgrade.hpp).
#include "upgrade.hpp"

#include "i18n/translate.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"
#include "process/process.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <csignal>
#include <cstring>
#include <unistd.h>

namespace flu::worker {

namespace asio = boost::asio;
using message::Type;

namespace {

constexpr auto kStartBudget = std::chrono::seconds(20);    // new job to be happy
constexpr auto kHandoverBudget = std::chrono::seconds(10); // old job to hand over

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

} // namespace

struct Upgrades::Upgrade {
  explicit Upgrade(asio::io_context &io) : timer(io) {}
  enum class Phase { starting, handing_over, restarting } phase = Phase::starting;
  std::string id;
  message::JobConfig config;
  JobCode code;
  JobProcess fresh; // the new job, until it takes the running one's place
  pid_t old_pid = 0;
  bool old_exited = false;
  asio::steady_timer timer;
  int64_t began_ms = now_ms();
  size_t items = 0;
  // What the new job said before it was the component: passed on at the swap.
  message::Values ui;
  std::vector<message::Note> notes;
};

// An old job that handed over (or was stopped for a restart): it ends by
// itself, or is killed after the grace time.
struct Upgrades::Retiring {
  explicit Retiring(asio::io_context &io) : timer(io) {}
  JobProcess job;
  asio::steady_timer timer;
};

Upgrades::Upgrades(asio::io_context &io, std::string who, UpgradeHooks hooks)
    : io_(io), who_(std::move(who)), hooks_(std::move(hooks)) {}

Upgrades::~Upgrades() = default;

bool Upgrades::busy(const std::string &id) const { return upgrades_.count(id) > 0; }

void Upgrades::note(const std::string &id, message::NoteLevel level,
                    const std::string &note_id, const std::string &text) {
  (level == message::NoteLevel::info ? log::info : log::warning)(who_, id + ": " + text);
  hooks_.to_manager(
      message::pack(message::ComponentNote{id, i18n::plain(level, note_id, text)}));
}

void Upgrades::start(message::JobConfig config, JobCode code) {
  const std::string id = config.component_id;
  JobProcess *running = hooks_.running(id);
  if (!running)
    return note(id, message::NoteLevel::warning, "upgrade-failed",
                "cannot upgrade " + id + ": it does not run here");
  if (busy(id))
    return note(id, message::NoteLevel::warning, "upgrade-failed",
                "an upgrade of " + id + " is already under way");
  auto u = std::make_unique<Upgrade>(io_);
  u->id = id;
  u->old_pid = running->pid;
  u->config = std::move(config);
  u->code = std::move(code);
  Upgrade &up = *u;
  upgrades_[id] = std::move(u);
  if (!up.code.handover) {
    restart(up);
    return;
  }
  up.config.takeover = true;
  try {
    up.fresh = hooks_.spawn(up.config, up.code);
  } catch (const std::exception &e) {
    return fail(id, std::string("cannot start the new job: ") + e.what());
  }
  up.fresh.feeds = running->feeds;
  for (const auto &f : up.fresh.feeds)
    up.fresh.channel->send(message::pack(f));
  log::info(who_, id + ": upgrade: new job pid " + std::to_string(up.fresh.pid) +
                      " starts beside pid " + std::to_string(up.old_pid));
  up.timer.expires_after(kStartBudget);
  up.timer.async_wait([this, id](auto ec) {
    if (!ec)
      fail(id, "the new job was not happy within " +
                   std::to_string(kStartBudget.count()) + " s");
  });
}

// Not a handover: stop the running job, then start the new one in its place.
void Upgrades::restart(Upgrade &u) {
  u.phase = Upgrade::Phase::restarting;
  JobProcess *running = hooks_.running(u.id);
  running->channel->send(message::pack(message::StopComponent{u.id}));
  const pid_t pid = u.old_pid;
  u.timer.expires_after(std::chrono::milliseconds(hooks_.grace_ms));
  u.timer.async_wait([this, pid, id = u.id](auto ec) {
    if (ec)
      return;
    log::warning(who_, id + ": the old job did not stop, killing it");
    ::kill(pid, SIGKILL);
  });
  log::info(who_, u.id + ": upgrade: type " + u.config.type +
                      " does not hand over; restarting it");
}

void Upgrades::fail(const std::string &id, const std::string &why) {
  const auto it = upgrades_.find(id);
  if (it == upgrades_.end())
    return;
  Upgrade &u = *it->second;
  if (u.fresh.pid > 0)
    ::kill(u.fresh.pid, SIGKILL); // reaped by the worker's SIGCHLD loop
  if (u.fresh.channel)
    u.fresh.channel->close();
  // Once handing over, the old job has begun to give its clients away:
  // what it still sends goes nowhere, and it ends by itself.
  note(id, message::NoteLevel::warning, "upgrade-failed",
       "upgrade failed: " + why +
           (u.phase == Upgrade::Phase::handing_over
                ? "; the old job was already handing over its clients, which are lost"
                : "; the old job keeps running"));
  upgrades_.erase(it);
}

void Upgrades::from_job(const std::string &id, pid_t pid, const message::Envelope &e,
                        int fd) {
  if (fd >= 0)
    ::close(fd); // a new job sends no descriptors
  const auto it = upgrades_.find(id);
  if (it == upgrades_.end() || it->second->fresh.pid != pid)
    return; // an old job on its way out: nothing it says matters now
  Upgrade &u = *it->second;
  try {
    switch (static_cast<Type>(e.type)) {
    case Type::component_mood: {
      const auto m = message::decode<message::ComponentMood>(e.payload);
      u.fresh.mood = m.mood;
      if (m.mood == Mood::happy && u.phase == Upgrade::Phase::starting)
        hand_over(u);
      else if (m.mood == Mood::sad)
        fail(id, "the new job is sad");
      return;
    }
    case Type::ui_state: {
      for (auto &[key, values] : message::decode<message::UiState>(e.payload).entries) {
        std::erase_if(u.ui, [&](const auto &entry) { return entry.first == key; });
        u.ui.emplace_back(key, std::move(values));
      }
      return;
    }
    case Type::component_note: {
      auto m = message::decode<message::ComponentNote>(e.payload);
      if (m.note.level == message::NoteLevel::error)
        return fail(id, "the new job failed: " + i18n::render_untranslated(m.note));
      u.notes.push_back(std::move(m.note));
      return;
    }
    case Type::watch_components: {
      // Heard now, not after the swap: the new job answers from its first
      // viewer on with the records it asked for.
      const auto m = message::decode<message::WatchComponents>(e.payload);
      if (hooks_.watch && u.fresh.channel)
        if (const std::string frame = hooks_.watch(id, m.watched); !frame.empty())
          u.fresh.channel->send(frame);
      return;
    }
    default:
      log::debug(who_, id + ": upgrade: new job sent " + message::type_name(e.type));
    }
  } catch (const message::DecodeError &ex) {
    log::warning(who_, id + ": upgrade: dropped a message: " + ex.what());
  }
}

void Upgrades::hand_over(Upgrade &u) {
  JobProcess *running = hooks_.running(u.id);
  if (!running || running->pid != u.old_pid)
    return fail(u.id, "the old job is gone");
  u.phase = Upgrade::Phase::handing_over;
  log::info(who_, u.id + ": upgrade: new job pid " + std::to_string(u.fresh.pid) +
                      " is happy; handing over");
  running->channel->send(message::pack(message::HandoverBegin{u.id}));
  const std::string id = u.id;
  u.timer.cancel();
  u.timer.expires_after(kHandoverBudget);
  u.timer.async_wait([this, id](auto ec) {
    const auto it = upgrades_.find(id);
    if (ec || it == upgrades_.end())
      return;
    Upgrade &up = *it->second;
    ::kill(up.old_pid, SIGKILL);
    up.fresh.channel->send(message::pack(
        message::HandoverEnd{id, false,
                             "the old job did not finish within " +
                                 std::to_string(kHandoverBudget.count()) + " s"}));
    swap(up, "the handover timed out; the old job was killed");
  });
}

void Upgrades::from_running(const std::string &id, const message::Envelope &e, int fd) {
  const auto it = upgrades_.find(id);
  if (it == upgrades_.end() || it->second->phase != Upgrade::Phase::handing_over) {
    if (fd >= 0)
      ::close(fd);
    return log::warning(who_, id + ": handover message outside an upgrade");
  }
  Upgrade &u = *it->second;
  try {
    if (static_cast<Type>(e.type) == Type::handover_item) {
      auto item = message::decode<message::HandoverItem>(e.payload);
      item.component_id = id;
      if (item.has_fd && fd < 0)
        log::warning(who_, id + ": handover item " + item.key + " lost its descriptor");
      else if (!u.fresh.channel->send(message::pack(item), item.has_fd ? fd : -1))
        log::warning(who_, id + ": the new job did not take handover item " + item.key +
                               ": " + std::strerror(errno));
      ++u.items;
    } else {
      auto end = message::decode<message::HandoverEnd>(e.payload);
      end.component_id = id;
      u.fresh.channel->send(message::pack(end));
      if (!end.ok && end.error.find("does not support handover") != std::string::npos) {
        // Nothing was handed over and the old job still runs: stop it, and
        // the new one binds what it lets go of.
        if (JobProcess *running = hooks_.running(id))
          running->channel->send(message::pack(message::StopComponent{id}));
      }
      swap(u, end.ok ? "" : "the handover failed: " + end.error);
    }
  } catch (const message::DecodeError &ex) {
    log::warning(who_, id + ": dropped a handover message: " + ex.what());
  }
  if (fd >= 0)
    ::close(fd);
}

// The new job becomes the component; the old one retires.
void Upgrades::swap(Upgrade &u, const std::string &how) {
  const std::string id = u.id;
  u.timer.cancel();
  JobProcess old = hooks_.replace(std::move(u.fresh));
  JobProcess *now = hooks_.running(id);
  if (old.pid > 0 && !u.old_exited) {
    auto r = std::make_unique<Retiring>(io_);
    r->job = std::move(old);
    const pid_t pid = r->job.pid;
    r->timer.expires_after(std::chrono::milliseconds(hooks_.grace_ms));
    r->timer.async_wait([this, pid, id](auto ec) {
      if (ec || !retiring_.count(pid))
        return;
      log::warning(who_, id + ": the old job did not end after the handover, killing it");
      ::kill(pid, SIGKILL);
    });
    retiring_[pid] = std::move(r);
  }
  if (now) {
    hooks_.to_manager(message::pack(message::ComponentMood{
        id, now->mood, static_cast<uint32_t>(now->pid), now->version}));
    if (!u.ui.empty())
      hooks_.to_manager(message::pack(message::UiState{id, std::move(u.ui)}));
    for (auto &n : u.notes)
      hooks_.to_manager(message::pack(message::ComponentNote{id, std::move(n)}));
  }
  const std::string text = "upgraded to " + (now ? now->version : std::string("?")) +
                           ": pid " + std::to_string(u.old_pid) + " handed " +
                           std::to_string(u.items) + " items to pid " +
                           std::to_string(now ? now->pid : 0) + " in " +
                           std::to_string(now_ms() - u.began_ms) + " ms";
  if (how.empty())
    note(id, message::NoteLevel::info, "upgrade", text);
  else
    note(id, message::NoteLevel::warning, "upgrade", text + " (" + how + ")");
  finished(id);
}

void Upgrades::finished(const std::string &id) { upgrades_.erase(id); }

void Upgrades::closed(const std::string &id, pid_t pid) {
  const auto it = upgrades_.find(id);
  if (it == upgrades_.end())
    return;
  Upgrade &u = *it->second;
  if (u.fresh.pid == pid)
    return fail(id, "the new job ended");
  if (u.old_pid == pid && u.phase == Upgrade::Phase::handing_over) {
    // Every frame it sent was read before this: it ended without its end.
    u.fresh.channel->send(message::pack(
        message::HandoverEnd{id, false, "the old job ended during the handover"}));
    swap(u, "the old job ended during the handover");
  }
}

bool Upgrades::exited(pid_t pid, int status) {
  if (const auto r = retiring_.find(pid); r != retiring_.end()) {
    log::info(who_, r->second->job.config.component_id + ": old job " +
                        process::describe_status(status) + " after the upgrade");
    retiring_.erase(r);
    return true;
  }
  for (auto &[id, u] : upgrades_) {
    if (u->fresh.pid == pid) {
      u->fresh.pid = 0; // reaped: never signal that pid again
      fail(id, "the new job " + process::describe_status(status));
      return true;
    }
    if (u->old_pid != pid)
      continue;
    switch (u->phase) {
    case Upgrade::Phase::starting:
      fail(id, "the old job " + process::describe_status(status));
      return false; // a crash like any other
    case Upgrade::Phase::handing_over:
      // Its last frames may still wait in the channel: its closing decides.
      u->old_exited = true;
      return true;
    case Upgrade::Phase::restarting:
      return restarted(*u);
    }
  }
  return false;
}

// The old job of a restart ended: the new one starts in its place.
bool Upgrades::restarted(Upgrade &u) {
  const std::string id = u.id;
  u.timer.cancel();
  JobProcess *running = hooks_.running(id);
  try {
    u.fresh = hooks_.spawn(u.config, u.code);
  } catch (const std::exception &e) {
    const std::string why = std::string("cannot start the new job: ") + e.what();
    upgrades_.erase(id);
    note(id, message::NoteLevel::error, "upgrade-failed", why);
    return false; // the old job's exit goes to the manager as it is
  }
  if (running)
    u.fresh.feeds = running->feeds;
  for (const auto &f : u.fresh.feeds)
    u.fresh.channel->send(message::pack(f));
  const pid_t pid = u.fresh.pid;
  const std::string type = u.config.type;
  hooks_.replace(std::move(u.fresh));
  const JobProcess *now = hooks_.running(id);
  note(id, message::NoteLevel::info, "upgrade",
       "restarted as pid " + std::to_string(pid) + " with " +
           (now ? now->version : std::string("?")) + " (type " + type +
           " does not hand over: its clients were dropped)");
  upgrades_.erase(id);
  return true;
}

void Upgrades::feed_address(const message::FeedAddress &address) {
  const auto it = upgrades_.find(address.component_id);
  if (it != upgrades_.end() && it->second->fresh.channel)
    it->second->fresh.channel->send(message::pack(address));
}

void Upgrades::to_new_job(const std::string &id, const std::string &frame) {
  const auto it = upgrades_.find(id);
  if (it != upgrades_.end() && it->second->fresh.channel)
    it->second->fresh.channel->send(frame);
}

void Upgrades::abort(const std::string &id, const std::string &why) {
  if (busy(id))
    fail(id, why);
}

void Upgrades::abort_all(const std::string &why) {
  while (!upgrades_.empty())
    fail(upgrades_.begin()->first, why);
}

} // namespace flu::worker
