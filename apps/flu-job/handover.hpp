// A job's side of a hot upgrade (docs/hot-upgrade.md).
//
// Old side: the worker sends HandoverBegin; the component's handover_out
// hands its state over through the host (handover_send, handover_done, any
// thread), and each piece leaves as a HandoverItem (with its descriptor,
// SCM_RIGHTS) and the end as a HandoverEnd, in order. The job then ends:
// from then on the new job is the component.
//
// New side: a job started with JobConfig::takeover runs its pipeline as
// usual while the component sees handover_pending; the items the worker
// relays go to handover_in, and the end to its final call.
#pragma once

#include "message/messages.hpp"

#include <flu/module.h>

#include <functional>
#include <string>

namespace boost::asio {
class io_context;
}

namespace flu::job {

class ComponentHost;

class JobHandover {
public:
  // One frame to the worker, with a descriptor that stays the caller's.
  using Send = std::function<void(const std::string &frame, int fd)>;
  // Ends the job (exit code, why).
  using Finish = std::function<void(int code, const std::string &why)>;
  using Log = std::function<void(flu_log_level, const std::string &)>;

  // Items larger than this fail the handover: they must fit a control frame.
  static constexpr size_t max_item_bytes = 64 * 1024;

  JobHandover(boost::asio::io_context &io, std::string component_id, Send send,
              Finish finish, Log log);

  // The host's hooks (ComponentSetup::handover_send/_done): any thread.
  void item(std::string key, std::string data, int fd);
  void done(std::string error);

  // From the worker, on the main thread. host may be null (not running).
  void begin(ComponentHost *host);
  void in(ComponentHost *host, const message::HandoverItem &item, int fd);
  void end(ComponentHost *host, const message::HandoverEnd &end);

private:
  void send_item(const std::string &key, const std::string &data, int fd);
  void send_end(const std::string &error);

  boost::asio::io_context &io_;
  std::string component_id_;
  Send send_;
  Finish finish_;
  Log log_;
  bool started_ = false; // old side: handover_out was called
  bool ended_ = false;   // old side: the end went out
  size_t sent_ = 0;
};

} // namespace flu::job
