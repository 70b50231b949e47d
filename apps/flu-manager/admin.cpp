// flu-command's verbs, and the requests the manager passes between jobs
// and admins: method calls, and keycards on their way to atmosphere
// bouncers.
#include "bouncer/bouncer_host.hpp"
#include "bundle_service.hpp"
#include "i18n/translate.hpp"
#include "keycard/keycard.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"
#include "planet/planet_merge.hpp"
#include "planet/planet_parser.hpp"
#include "planet/planet_writer.hpp"
#include "runtime.hpp"

namespace flu::manager {

using message::KeycardState;
using enum message::ReplyCode;

void Manager::reply(const Session &admin, uint32_t request_id, message::ReplyCode code,
                    std::string text, message::Values values) {
  send(admin.identity,
       message::pack(message::AdminReply{code, std::move(text), std::move(values)},
                     request_id));
}

void Manager::admin_request(Session &admin, uint32_t id, const message::AdminRequest &r) {
  log::info(who, "admin " + admin.name + " (" + identity_of(admin) + "): " +
                     link::printable_id(r.verb) + " " + link::printable_id(r.target));
  admin_action(admin, r);
  const std::string &verb = r.verb;
  if (verb == "bundles") {
    auto listing = bundles_->list();
    return reply(admin, id, done, std::move(listing.text), std::move(listing.values));
  }
  if (verb == "types") {
    auto listing = bundles_->types(r.target);
    return reply(admin, id, listing.code, std::move(listing.text),
                 std::move(listing.values));
  }
  if (verb == "load") {
    if (r.args.empty())
      return reply(admin, id, malformed, "load needs the flow file's text");
    std::vector<std::string> added;
    const std::string error =
        load_flow(r.args[0], r.args.size() > 1 ? r.args[1] : "<admin upload>", added);
    if (!error.empty())
      return reply(admin, id, failed, error);
    message::Values values{{"added", added}};
    return reply(admin, id, done,
                 "loaded " + std::to_string(added.size()) + " components", values);
  }
  if (verb == "export")
    return reply(admin, id, done, planet::to_xml(planet_));
  if (verb == "check") // the target is a worker
    return run_check(admin, id, r);
  if (verb == "keycards" || verb == "expire") {
    const bool manager =
        r.target.empty() || r.target == "manager" ||
        (planet_.manager.bouncer && r.target == planet_.manager.bouncer->component_id());
    if (manager && verb == "keycards") {
      message::Values values;
      for (const auto &[identity, s] : sessions_.all())
        values.push_back(
            {s.keycard_id,
             {std::string(to_string(s.role)) + " " + s.name, s.username, s.address}});
      return reply(admin, id, done, std::to_string(values.size()) + " keycards", values);
    }
    if (manager) {
      if (r.args.empty())
        return reply(admin, id, malformed, "expire needs a keycard id");
      if (const Session *s = sessions_.holder_of(r.args[0])) {
        // Answer first: the admin may be expiring its own keycard, and
        // its session (and `admin`) is gone once the keycard is.
        const std::string holder = s->identity, keycard = r.args[0];
        const bool local = s->local;
        reply(admin, id, done, "expired keycard " + keycard);
        send(holder, message::pack(
                         message::KeycardExpired{"", keycard, "expired by an operator"}));
        if (bouncer_ && !local)
          bouncer_->expire(keycard, "expired by an operator"); // drops the session
        drop_session(holder, "keycard expired by an operator");
        return;
      }
      return reply(admin, id, no_target, "no keycard " + r.args[0] + " in the manager");
    }
  }
  const std::string target = r.target.empty() || r.target[0] == '/'
                                 ? r.target
                                 : "/atmosphere/" + r.target; // a bouncer's bare name
  ComponentState *c = component(target);
  if (!c)
    return reply(admin, id, no_target, "no component " + r.target);
  WorkerState *w = worker_of(*c);
  const bool reachable = w && w->connected;
  if (verb == "start") {
    if (c->mood != Mood::sleeping || c->pid)
      return reply(admin, id, not_now,
                   target + " is " + to_string(c->mood) +
                       ": only a sleeping component starts");
    c->wanted = true;
    c->failures = 0;
    if (!reachable) {
      c->pending = Mood::happy;
      changed(target);
      return reply(admin, id, done,
                   target + " starts when worker " + c->config->worker + " logs in");
    }
    start_component(*c, *w);
    return reply(admin, id, done, "starting " + target);
  }
  if (verb == "stop" || verb == "restart") {
    if (c->mood == Mood::sleeping && verb == "stop")
      return reply(admin, id, not_now, target + " is already sleeping");
    if (c->mood == Mood::lost)
      return reply(admin, id, not_now,
                   target + " is lost: its worker " + c->config->worker +
                       " is away, and its job may still run");
    c->wanted = verb == "restart";
    c->restart_after_stop = verb == "restart";
    if (c->mood == Mood::sad && !c->pid) {
      // Flumotion: stopping a sad component clears its messages.
      c->notes.clear();
      c->mood = Mood::sleeping;
      c->pending = Mood::unknown;
      changed(target);
      if (verb == "restart" && reachable) {
        c->restart_after_stop = false;
        start_component(*c, *w);
      }
      return reply(admin, id, done,
                   (verb == "stop" ? "stopped " : "restarting ") + target);
    }
    if (c->mood == Mood::sleeping) { // restart of a sleeping one: just start
      c->restart_after_stop = false;
      if (reachable)
        start_component(*c, *w);
      return reply(admin, id, done, "starting " + target);
    }
    stop_component(*c);
    return reply(admin, id, done,
                 (verb == "stop" ? "stopping " : "restarting ") + target);
  }
  if (verb == "upgrade")
    return upgrade(admin, id, *c, r);
  if (verb == "delete") {
    if (c->mood != Mood::sleeping || c->pid)
      return reply(admin, id, not_now,
                   target + " is " + to_string(c->mood) + ": stop it before deleting it");
    for (const auto &[other_id, other] : components_)
      for (const auto &eater : other.config->eaters)
        for (const auto &feed : eater.feeds)
          if (other_id != target && other.config->flow == c->config->flow &&
              feed.component == c->config->name)
            return reply(admin, id, not_now,
                         other_id + " eats from " + target + ": delete it first");
    planet::Planet changed_planet = planet_;
    try {
      planet::remove(changed_planet, target);
    } catch (const planet::ChangeError &e) {
      return reply(admin, id, not_now, e.what());
    }
    revoke_feeds(*c);
    components_.erase(target);
    planet_ = std::move(changed_planet);
    repoint();
    removed(target);
    return reply(admin, id, done, "deleted " + target);
  }
  if (verb == "property") {
    if (r.args.empty()) {
      message::Values all(c->config->properties.begin(), c->config->properties.end());
      return reply(admin, id, done, target, all);
    }
    const auto *values = c->config->values(r.args[0]);
    if (!values)
      return reply(admin, id, no_target, target + " has no property " + r.args[0]);
    std::string text;
    for (const auto &v : *values)
      text += (text.empty() ? "" : "\n") + v;
    return reply(admin, id, done, text, {{r.args[0], *values}});
  }
  if (verb == "invoke" || verb == "keycards" || verb == "expire") {
    std::string method = verb == "invoke" ? "" : verb;
    std::vector<std::string> args = r.args;
    if (verb == "invoke") {
      if (args.empty())
        return reply(admin, id, malformed, "invoke needs a method");
      method = args.front();
      args.erase(args.begin());
    }
    if (!reachable || !c->pid)
      return reply(admin, id, not_now, target + " is not running");
    const uint64_t request = relays_.add(Relays::Invoke{
        admin.identity, id, target, steady_ms() + options_.request_timeout_ms});
    send(w->identity, message::pack(message::Invoke{target, request, method, args}));
    return;
  }
  reply(admin, id, malformed, "unknown verb '" + link::printable_id(verb) + "'");
}

void Manager::invoke_result(const message::InvokeResult &result) {
  const auto relay = relays_.take_invoke(result.request, result.component_id);
  if (!relay)
    return;
  if (const Session *admin = sessions_.find(relay->admin))
    reply(*admin, relay->request_id, result.ok ? done : failed, result.result);
}

void Manager::authenticate(Session &, const message::Authenticate &request) {
  const std::string bouncer = "/atmosphere/" + request.bouncer;
  message::AuthenticateReply refusal{
      request.component_id, request.request, KeycardState::refused, {}};
  auto refuse = [&](const std::string &reason) {
    log::warning(who, request.component_id + " asked bouncer " + request.bouncer + ": " +
                          reason);
    refusal.keycard = {{"reason", reason}};
    if (const ComponentState *c = component(request.component_id))
      if (WorkerState *w = worker_of(*c); w && w->connected)
        send(w->identity, message::pack(refusal));
  };
  ComponentState *b = component(bouncer);
  const auto *type = b ? registry_.find_type(b->config->type) : nullptr;
  if (!b || !type || !type->bouncer)
    return refuse("there is no bouncer " + request.bouncer + " in the atmosphere");
  WorkerState *w = worker_of(*b);
  if (!w || !w->connected || b->mood != Mood::happy)
    return refuse("bouncer " + request.bouncer + " is " + to_string(b->mood));
  const uint64_t id =
      relays_.add(Relays::Auth{request.component_id, request.request, bouncer,
                               steady_ms() + options_.request_timeout_ms});
  send(w->identity, message::pack(message::Authenticate{request.component_id, id, bouncer,
                                                        request.keycard}));
}

void Manager::authenticate_reply(Session &worker,
                                 const message::AuthenticateReply &reply) {
  const Relays::Auth *found = relays_.auth(reply.request);
  if (!found)
    return;
  const Relays::Auth relay = *found;
  ComponentState *b = component(relay.bouncer);
  if (!b || b->config->worker != worker.name || reply.component_id != relay.requester)
    return log::warning(who, "worker " + worker.name +
                                 " answered an authentication it was not asked");
  relays_.drop_auth(reply.request);
  if (reply.state == KeycardState::authenticated)
    relays_.issued(keycard::get(reply.keycard, "id"), {relay.bouncer, relay.requester});
  ComponentState *requester = component(relay.requester);
  WorkerState *w = requester ? worker_of(*requester) : nullptr;
  if (w && w->connected)
    send(w->identity, message::pack(message::AuthenticateReply{
                          relay.requester, relay.request, reply.state, reply.keycard}));
}

void Manager::keycard_expired(Session &worker, const message::KeycardExpired &expired) {
  const auto issued = relays_.keycard(expired.keycard_id);
  if (!issued)
    return;
  ComponentState *b = component(issued->bouncer);
  if (!b || b->config->worker != worker.name)
    return log::warning(who,
                        "worker " + worker.name + " expired a keycard it did not issue");
  const std::string requester = issued->requester;
  relays_.forget_keycard(expired.keycard_id);
  log::info(who, "bouncer " + b->config->name + " expired keycard " + expired.keycard_id +
                     " of " + requester + ": " + expired.reason);
  ComponentState *c = component(requester);
  WorkerState *w = c ? worker_of(*c) : nullptr;
  if (w && w->connected)
    send(w->identity, message::pack(message::KeycardExpired{requester, expired.keycard_id,
                                                            expired.reason}));
}

void Manager::expire_relays(int64_t now) {
  for (const Relays::Invoke &late : relays_.expire(now))
    if (const Session *admin = sessions_.find(late.admin))
      reply(*admin, late.request_id, failed, late.target + " did not answer in time");
}

std::string Manager::load_flow(const std::string &xml, const std::string &name,
                               std::vector<std::string> &added) {
  planet::Planet more;
  try {
    more = planet::parse_planet_string(xml, name, registry_, &planet_);
    check_versions(more, name);
    planet::Planet merged = planet_;
    planet::merge(merged, more);
    planet_ = std::move(merged);
  } catch (const std::exception &e) {
    log::warning(who, "refused to load " + name + ": " + e.what());
    return e.what();
  }
  repoint();
  const uint64_t now =
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count());
  auto add = [&](const planet::Component &c) {
    const std::string id = c.component_id();
    ComponentState &state = components_[id];
    state.config = planet_.find(id);
    added.push_back(id);
    changed(id);
  };
  for (const auto &flow : more.flows) {
    flow_base_time_ns_.emplace(flow.name, now);
    for (const auto &c : flow.components)
      add(c);
  }
  for (const auto &c : more.atmosphere)
    add(c);
  for (const auto &id : added)
    if (ComponentState *c = component(id))
      if (WorkerState *w = worker_of(*c); w && w->connected)
        start_component(*c, *w);
  publish_feeds();
  log::info(who, "loaded " + name + ": " + std::to_string(added.size()) + " components");
  lifecycle("loaded " + name + " into planet " + planet_.name + ": " +
            std::to_string(added.size()) + " components");
  return {};
}

} // namespace flu::manager
