// The planet's bouncers in a standalone job (flu-job --bouncer NAME=LIB:TYPE):
// each runs in a BouncerHost in this process, and the job's Authenticator
// talks to them as it would to the worker, one message at a time, so that
// the whole exchange (rounds, challenge, expiry) is the real one.
#pragma once

#include "bouncer/bouncer_host.hpp"
#include "job.hpp"
#include "message/messages.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace flu::job {

class StandaloneBouncers {
public:
  using Log = std::function<void(flu_log_level, const std::string &)>;
  using Print = std::function<void(const std::string &)>;
  // A keycard that `requester` holds expired.
  using Expired =
      std::function<void(const std::string &requester, const std::string &keycard_id,
                         const std::string &reason)>;
  using Reply = std::function<void(const message::AuthenticateReply &)>;

  // Loads every bouncer; throws std::runtime_error naming the one at fault.
  StandaloneBouncers(boost::asio::io_context &io,
                     const std::vector<StandaloneBouncer> &bouncers, Log log, Print print,
                     Expired expired);
  ~StandaloneBouncers();

  // Answers later, from the event loop, as a remote bouncer would.
  void authenticate(const message::Authenticate &request, Reply reply);
  // Expires a keycard whichever bouncer issued it; false if none did.
  bool expire(const std::string &keycard_id, const std::string &reason);

private:
  void sweep();

  boost::asio::io_context &io_;
  Print print_;
  std::map<std::string, std::unique_ptr<bouncer::BouncerHost>> hosts_;
  boost::asio::steady_timer sweep_timer_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

} // namespace flu::job
