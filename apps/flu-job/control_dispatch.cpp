// What the job does with its worker's messages and its console's commands
// (see control_dispatch.hpp).
#include "control_dispatch.hpp"

#include "authenticator.hpp"
#include "bouncer_job.hpp"
#include "component_host.hpp"
#include "flow_clock.hpp"
#include "handover.hpp"
#include "job_feeds.hpp"
#include "job_output.hpp"
#include "message/codec.hpp"
#include "standalone_bouncers.hpp"
#include "standalone_console.hpp"
#include "ui_state.hpp"
#include "watched_state.hpp"

#include <optional>
#include <stdexcept>
#include <utility>

#include <unistd.h>

namespace flu::job {
namespace {

std::optional<std::string> built_in(JobControls &job, const std::string &method) {
  if (method == "ui-state")
    return job.ui().dump();
  if (method == "properties") {
    std::string out;
    for (const auto &[name, values] : job.host()->setup().properties)
      for (const auto &value : values)
        out += name + "=" + value + "\n";
    return out;
  }
  return std::nullopt;
}

// The frame's message, acted on; fd is set to -1 when something took it.
void act_on(JobControls &job, const message::Envelope &e, int &fd) {
  switch (static_cast<message::Type>(e.type)) {
  case message::Type::start_component:
    job.configure(message::decode<message::StartComponent>(e.payload).config);
    break;
  case message::Type::stop_component:
    job.finish(0, "stopped by the worker");
    break;
  case message::Type::feed_address:
    job.feeds().feed_address(message::decode<message::FeedAddress>(e.payload));
    break;
  case message::Type::flow_clock:
    job.flow_clock().on_message(message::decode<message::FlowClock>(e.payload));
    break;
  case message::Type::feed_client:
    if (job.feeds().feed_client(message::decode<message::FeedClient>(e.payload), fd))
      fd = -1;
    break;
  case message::Type::invoke: {
    const auto m = message::decode<message::Invoke>(e.payload);
    message::InvokeResult result{job.component_id(), m.request, false, {}};
    try {
      result.result = invoke(job, m.method, m.args);
      result.ok = true;
    } catch (const std::exception &ex) {
      result.result = ex.what();
    }
    job.output().to_worker(message::pack(result, e.request_id));
    break;
  }
  case message::Type::authenticate_reply:
    if (auto *authenticator = job.authenticator())
      authenticator->on_reply(message::decode<message::AuthenticateReply>(e.payload));
    break;
  case message::Type::handover_begin:
    message::decode<message::HandoverBegin>(e.payload);
    if (auto *handover = job.handover())
      handover->begin(job.host());
    break;
  case message::Type::handover_item:
    if (auto *handover = job.handover())
      handover->in(job.host(), message::decode<message::HandoverItem>(e.payload),
                   std::exchange(fd, -1));
    break;
  case message::Type::handover_end:
    if (auto *handover = job.handover())
      handover->end(job.host(), message::decode<message::HandoverEnd>(e.payload));
    break;
  case message::Type::keycard_expired: {
    const auto m = message::decode<message::KeycardExpired>(e.payload);
    job.log(FLU_LOG_INFO, "keycard " + m.keycard_id + " expired: " + m.reason);
    if (auto *host = job.host())
      host->keycard_expired(m.keycard_id);
    break;
  }
  case message::Type::state_delta:
    if (auto *watched = job.watched())
      watched->on_delta(message::decode<message::StateDelta>(e.payload));
    break;
  default:
    job.log(FLU_LOG_WARNING,
            std::string("unexpected message ") + message::type_name(e.type));
  }
}

// The operator expires a keycard: through the bouncer that issued it, which
// then tells its holder; when no bouncer knows it, the component hears it
// directly, as if one had.
void expire(JobControls &job, ConsoleOutput &console, const std::string &keycard_id) {
  if (auto *bouncers = job.bouncers();
      bouncers && bouncers->expire(keycard_id, "expired by the operator"))
    return;
  console.print("keycard: " + keycard_id + " expired: expired by the operator");
  if (auto *host = job.host())
    host->keycard_expired(keycard_id);
}

} // namespace

void dispatch_frame(JobControls &job, const message::Envelope &e, int fd) {
  try {
    if (auto *bouncer = job.bouncer(); bouncer && bouncer->on_frame(e)) {
      if (fd >= 0)
        ::close(fd);
      return;
    }
    act_on(job, e, fd);
  } catch (const std::exception &ex) {
    job.log(FLU_LOG_WARNING, std::string("bad message from worker: ") + ex.what());
  }
  if (fd >= 0)
    ::close(fd);
}

void dispatch_command(JobControls &job, ConsoleOutput &console,
                      const std::vector<std::string> &words) {
  const std::string &verb = words[0];
  if (verb == "invoke" && words.size() >= 2) {
    const std::vector<std::string> args(words.begin() + 2, words.end());
    try {
      std::string result = invoke(job, words[1], args);
      if (!result.empty() && result.back() == '\n')
        result.pop_back(); // print() ends the line
      console.print("invoke: " + words[1] + " ok: " + result);
    } catch (const std::exception &e) {
      console.print("invoke: " + words[1] + " failed: " + e.what());
    }
  } else if (verb == "expire" && words.size() == 2) {
    expire(job, console, words[1]);
  } else if (verb == "stop") {
    job.finish(0, "asked to stop");
  } else {
    console.print("commands: invoke METHOD [ARG...] | expire KEYCARD-ID | stop");
  }
}

std::string invoke(JobControls &job, const std::string &method,
                   const std::vector<std::string> &args) {
  auto *host = job.host();
  if (!host || !host->pipeline())
    throw std::runtime_error("the component is not running");
  try {
    return host->invoke(method, args);
  } catch (const std::exception &) {
    if (auto answer = built_in(job, method))
      return *answer;
    throw;
  }
}

} // namespace flu::job
