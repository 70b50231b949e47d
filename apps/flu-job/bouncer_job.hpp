// The job of a bouncer component: instead of a pipeline it runs a
// BouncerHost and answers the worker's messages for it. job.cpp makes one
// when the configuration says `bouncer` and hands it every frame first.
//
//   Authenticate   → AuthenticateReply to the same component_id and request
//   ExpireKeycard  → the keycard ends; KeycardExpired goes to its holder
//   Invoke         "keycards": one line per keycard held;
//                  "expire" ID (or "expire ID"): ends that keycard
//
// Keycards that run out (ttl, duration) are swept once a second; each one
// ended, whatever the cause, sends KeycardExpired{holder, id, reason}. The
// count of keycards held goes to the UI state as `keycards` (the manager's
// metrics show it as flu_component_keycards).
#pragma once

#include "bouncer/bouncer_host.hpp"
#include "message/envelope.hpp"
#include "message/messages.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace boost::asio {
class io_context;
}

namespace flu::job {

class BouncerJob {
public:
  using Send = std::function<void(const std::string &frame)>; // a packed message
  using Publish = std::function<void(const std::string &key, const std::string &value)>;

  // config.bouncer is true; config.consults[i].module_id is the .so path
  // (the worker resolves it). Throws std::runtime_error when the bouncer
  // cannot be loaded or refuses its properties (the job turns sad).
  // `publish` sets a UI state value (main thread).
  BouncerJob(boost::asio::io_context &io, const message::JobConfig &config,
             std::filesystem::path module, Send send, bouncer::BouncerHost::Log log,
             Publish publish = {});
  ~BouncerJob();
  BouncerJob(const BouncerJob &) = delete;
  BouncerJob &operator=(const BouncerJob &) = delete;

  // Handles Authenticate, ExpireKeycard and Invoke; false for any other
  // type. A frame of its own that does not decode is logged and dropped.
  bool on_frame(const message::Envelope &e);

  bouncer::BouncerHost &host();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace flu::job
