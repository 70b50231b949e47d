// Bouncers inside a standalone job (see standalone_bouncers.hpp).
#include "standalone_bouncers.hpp"

#include "component_host.hpp"
#include "keycard/keycard.hpp"
#include "module/module_loader.hpp"

#include <boost/asio/post.hpp>

#include <chrono>

namespace flu::job {

namespace {

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

} // namespace

StandaloneBouncers::StandaloneBouncers(boost::asio::io_context &io,
                                       const std::vector<StandaloneBouncer> &bouncers,
                                       Log log, Print print, Expired expired)
    : io_(io), print_(std::move(print)), sweep_timer_(io) {
  for (const auto &b : bouncers) {
    // The manager would send canonical values with the defaults filled in;
    // here they come from the command line, so the module's schema fills them.
    const auto module = module::load_module(b.module);
    const flu_component_type *type = module->find_type(b.type);
    if (!type)
      throw std::runtime_error("bouncer " + b.name + ": module " + b.module.string() +
                               " provides no type " + b.type);
    bouncer::BouncerSpec spec;
    spec.component_id = "/atmosphere/" + b.name;
    spec.type = b.type;
    spec.module = b.module;
    try {
      spec.properties = check_properties(*type, b.properties);
    } catch (const std::exception &e) {
      throw std::runtime_error("bouncer " + b.name + ": " + e.what());
    }
    auto host = std::make_unique<bouncer::BouncerHost>(std::move(spec), log);
    host->on_expired(
        [this, expired](const bouncer::Issued &issued, const std::string &reason) {
          print_("keycard: " + issued.id + " expired: " + reason);
          expired(issued.requester, issued.id, reason);
        });
    hosts_[b.name] = std::move(host);
  }
  sweep();
}

StandaloneBouncers::~StandaloneBouncers() {
  *alive_ = false;
  sweep_timer_.cancel();
}

void StandaloneBouncers::authenticate(const message::Authenticate &request, Reply reply) {
  std::weak_ptr<bool> alive = alive_;
  boost::asio::post(io_, [this, alive, request, reply = std::move(reply)] {
    if (alive.expired())
      return;
    message::AuthenticateReply answer{
        request.component_id, request.request, message::KeycardState::refused, {}};
    const auto it = hosts_.find(request.bouncer);
    if (it == hosts_.end()) {
      answer.keycard = {{"reason", "no bouncer named '" + request.bouncer +
                                       "' (give one with --bouncer)"}};
    } else {
      const bouncer::Decision d =
          it->second->authenticate(request.keycard, request.component_id);
      answer.state = d.state;
      answer.keycard = d.keycard;
      if (d.state == message::KeycardState::authenticated) {
        // Never the token or password: who asked, by name and address.
        const std::string user = keycard::get(request.keycard, "username");
        print_("keycard: " + keycard::get(d.keycard, "id") + " authenticated by " +
               request.bouncer + " for " + keycard::get(request.keycard, "kind") +
               (user.empty() ? "" : " " + user) + " from " +
               keycard::get(request.keycard, "address"));
      } else if (d.state == message::KeycardState::refused) {
        print_("keycard: refused by " + request.bouncer + ": " +
               keycard::get(d.keycard, "reason"));
      }
    }
    reply(answer);
  });
}

bool StandaloneBouncers::expire(const std::string &keycard_id,
                                const std::string &reason) {
  for (auto &[name, host] : hosts_)
    if (host->expire(keycard_id, reason))
      return true;
  return false;
}

void StandaloneBouncers::sweep() {
  for (auto &[name, host] : hosts_)
    host->sweep(now_ms());
  sweep_timer_.expires_after(std::chrono::seconds(1));
  sweep_timer_.async_wait([this](const boost::system::error_code &ec) {
    if (!ec)
      sweep();
  });
}

} // namespace flu::job
