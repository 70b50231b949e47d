// The requester's side of authentication in a job: a component asks a
// bouncer about a keycard, this sends it on (to the worker, which routes it
// through the manager to the bouncer's job; or to an in-process bouncer in
// standalone mode) and calls the component back with the final answer.
//
// A "password" keycard may carry the viewer's password. It never leaves
// this object: the first round goes out without it, and when the bouncer
// answers CHALLENGE the response is computed here (keycard::password_response)
// and sent as the second round, so the component sees one request and one
// answer. A request the bouncer does not answer in time is refused.
//
// Main thread only.
#pragma once

#include "component_host.hpp"
#include "message/messages.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace flu::job {

class Authenticator {
public:
  using Send = std::function<void(const message::Authenticate &)>;
  using Log = std::function<void(flu_log_level, const std::string &)>;

  static constexpr std::chrono::milliseconds default_timeout{10000};

  Authenticator(boost::asio::io_context &io, std::string component_id, Send send, Log log,
                std::chrono::milliseconds timeout = default_timeout);
  // Refuses what is still pending ("the job is stopping").
  ~Authenticator();
  Authenticator(const Authenticator &) = delete;
  Authenticator &operator=(const Authenticator &) = delete;

  void request(const std::string &bouncer, message::KeycardFields keycard,
               KeycardDone done);
  // An answer from the bouncer; one nobody waits for (late, unknown) is
  // dropped.
  void on_reply(const message::AuthenticateReply &reply);
  // Answers every pending request REFUSED with `reason`.
  void refuse_all(const std::string &reason);
  std::size_t pending() const { return pending_.size(); }

private:
  struct Pending {
    std::string bouncer;
    message::KeycardFields keycard; // the first round's, without the password
    std::string password;
    bool has_password = false;
    bool answered_challenge = false;
    uint64_t round = 0; // the id of the round in flight
    KeycardDone done;
    std::unique_ptr<boost::asio::steady_timer> deadline; // for the whole request
  };

  void send_round(Pending &p, const message::KeycardFields &keycard);
  void finish(uint64_t key, message::KeycardState state,
              const message::KeycardFields &keycard);

  boost::asio::io_context &io_;
  std::string component_id_;
  Send send_;
  Log log_;
  std::chrono::milliseconds timeout_;
  uint64_t next_id_ = 0;
  std::map<uint64_t, Pending> pending_; // by the id of its first round
  std::map<uint64_t, uint64_t> rounds_; // round in flight → its request's key
};

} // namespace flu::job
