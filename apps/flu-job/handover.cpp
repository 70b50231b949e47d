// A job's side of a hot upgrade (see handover.hpp).
#include "handover.hpp"

#include "component_host.hpp"
#include "message/codec.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <unistd.h>

namespace flu::job {

JobHandover::JobHandover(boost::asio::io_context &io, std::string component_id, Send send,
                         Finish finish, Log log)
    : io_(io), component_id_(std::move(component_id)), send_(std::move(send)),
      finish_(std::move(finish)), log_(std::move(log)) {}

void JobHandover::item(std::string key, std::string data, int fd) {
  // Through the main loop, so that items from several threads keep the
  // order of their calls and the channel is used from one thread only.
  boost::asio::post(io_, [this, key = std::move(key), data = std::move(data), fd] {
    send_item(key, data, fd);
  });
}

void JobHandover::done(std::string error) {
  boost::asio::post(io_, [this, error = std::move(error)] { send_end(error); });
}

void JobHandover::send_item(const std::string &key, const std::string &data, int fd) {
  if (!started_ || ended_) {
    log_(FLU_LOG_WARNING, "handover item " + key + " outside a handover: dropped");
  } else if (data.size() > max_item_bytes) {
    send_end("handover item " + key + " has " + std::to_string(data.size()) +
             " bytes, more than " + std::to_string(max_item_bytes));
  } else {
    send_(message::pack(message::HandoverItem{component_id_, key, data, fd >= 0}), fd);
    ++sent_;
  }
  if (fd >= 0)
    ::close(fd);
}

void JobHandover::send_end(const std::string &error) {
  if (!started_ || ended_)
    return;
  ended_ = true;
  send_(message::pack(message::HandoverEnd{component_id_, error.empty(), error}), -1);
  log_(error.empty() ? FLU_LOG_INFO : FLU_LOG_WARNING,
       "handed over " + std::to_string(sent_) + " items" +
           (error.empty() ? "" : "; the handover failed: " + error));
  // Whatever the component kept is the new job's now (or lost): this job's
  // part is over.
  finish_(0, "handed over to the new job");
}

void JobHandover::begin(ComponentHost *host) {
  if (started_)
    return;
  if (!host || !host->can_hand_over()) {
    // Nothing was handed over: this job carries on until the worker stops it.
    const std::string why =
        host ? "component type " + host->setup().type + " does not support handover"
             : "the component is not running";
    send_(message::pack(message::HandoverEnd{component_id_, false, why}), -1);
    return;
  }
  started_ = true;
  log_(FLU_LOG_INFO, "handing over to the new job");
  try {
    host->handover_out();
  } catch (const std::exception &e) {
    send_end(e.what());
  }
}

void JobHandover::in(ComponentHost *host, const message::HandoverItem &item, int fd) {
  if (!item.has_fd && fd >= 0) {
    ::close(fd);
    fd = -1;
  }
  if (item.has_fd && fd < 0) {
    log_(FLU_LOG_WARNING, "handover item " + item.key + " came without its descriptor");
    return;
  }
  if (!host || !host->handover_pending()) {
    log_(FLU_LOG_WARNING, "handover item " + item.key + " while no handover is pending");
    if (fd >= 0)
      ::close(fd);
    return;
  }
  host->handover_in(item.key, item.data, fd);
}

void JobHandover::end(ComponentHost *host, const message::HandoverEnd &end) {
  if (!host || !host->handover_pending())
    return;
  const std::string error = end.ok ? "" : (end.error.empty() ? "failed" : end.error);
  log_(end.ok ? FLU_LOG_INFO : FLU_LOG_WARNING,
       end.ok ? "took over from the old job" : "the handover failed: " + error);
  host->handover_end(error);
}

} // namespace flu::job
