// flu-command upgrade: a running component runs new code without dropping
// its clients (docs/hot-upgrade.md). The manager only asks and waits: the
// component's worker starts the new job beside the old one and has it take
// over (apps/flu-worker/upgrade.hpp). The admin hears the outcome: done once
// the component reports a new pid happy, failed on the worker's
// "upgrade-failed" note, a crash or a lost worker, or after a time limit.
//
// Nothing here moves the component's mood: the worker keeps the old job's
// exit to itself, so restart policies never see an upgrade.
#include "log/log.hpp"
#include "message/codec.hpp"
#include "runtime.hpp"

namespace flu::manager {

using enum message::ReplyCode;

namespace {

// The worker's own limits are 20 s to start and 10 s to hand over.
constexpr int64_t kUpgradeBudgetMs = 45000;

} // namespace

void Manager::upgrade(Session &admin, uint32_t request_id, ComponentState &c,
                      const message::AdminRequest &r) {
  const std::string id = c.config->component_id();
  WorkerState *w = worker_of(c);
  if (r.args.size() > 1)
    return reply(admin, request_id, malformed, "upgrade takes at most a version");
  if (!w || !w->connected || !c.pid || (c.mood != Mood::happy && c.mood != Mood::hungry))
    return reply(admin, request_id, not_now,
                 id + " is " + to_string(c.mood) + ": only a running component upgrades");
  if (c.upgrade)
    return reply(admin, request_id, not_now, "an upgrade of " + id + " is under way");
  message::JobConfig config = job_config(*c.config);
  // Which bundle version the new job runs is the worker's to resolve: the
  // one asked for, else the newest the planet's range allows.
  if (!r.args.empty())
    config.version_range = "=" + r.args[0];
  c.upgrade = ComponentState::Upgrade{admin.identity, request_id, c.pid,
                                      steady_ms() + kUpgradeBudgetMs};
  log::info(who, "upgrading " + id + " (pid " + std::to_string(c.pid) + ")" +
                     (r.args.empty() ? "" : " to version " + r.args[0]));
  send(w->identity, message::pack(message::UpgradeComponent{config}));
}

void Manager::upgrade_mood(ComponentState &c, const message::ComponentMood &mood) {
  if (!c.upgrade || mood.mood != Mood::happy || mood.pid == c.upgrade->old_pid)
    return;
  const auto u = *c.upgrade;
  c.upgrade.reset();
  const std::string id = c.config->component_id();
  log::info(who, id + " upgraded: pid " + std::to_string(u.old_pid) + " → " +
                     std::to_string(mood.pid) + ", " + c.version);
  if (const Session *admin = sessions_.find(u.admin))
    reply(*admin, u.request_id, done,
          "upgraded " + id + ": pid " + std::to_string(u.old_pid) + " -> " +
              std::to_string(mood.pid) + (c.version.empty() ? "" : ", " + c.version),
          {{"pid", {std::to_string(mood.pid)}},
           {"old-pid", {std::to_string(u.old_pid)}},
           {"version", {c.version}}});
}

void Manager::upgrade_failed(ComponentState &c, const std::string &why) {
  if (!c.upgrade)
    return;
  const auto u = *c.upgrade;
  c.upgrade.reset();
  log::warning(who, c.config->component_id() + ": upgrade failed: " + why);
  if (const Session *admin = sessions_.find(u.admin))
    reply(*admin, u.request_id, failed, c.config->component_id() + ": " + why);
}

void Manager::expire_upgrades(int64_t now_ms) {
  for (auto &[id, c] : components_)
    if (c.upgrade && c.upgrade->deadline_ms <= now_ms)
      upgrade_failed(c, "the upgrade did not finish within " +
                            std::to_string(kUpgradeBudgetMs / 1000) + " s");
}

} // namespace flu::manager
