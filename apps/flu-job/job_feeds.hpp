// What stands in a component's pipeline for its eaters and feeders. A
// worker's job connects real feeds (NetworkFeeds: an Eater per eaten feed, a
// Feeder per feeder, over the worker's feed connections); a standalone job
// puts the gst-launch fragments given on its command line in their place and
// has none (FragmentFeeds). The job picks one when it starts.
#pragma once

#include "eater.hpp"
#include "feeder.hpp"
#include "message/messages.hpp"

#include <gst/gst.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace boost::asio {
class io_context;
}

namespace flu::job {

class JobFeeds {
public:
  virtual ~JobFeeds() = default;

  // Makes the eaters and feeders that config names.
  virtual void add(const message::JobConfig &config) = 0;
  // The gst-launch text for @eater:NAME:INDEX@ and @feeder:NAME@; throws
  // std::runtime_error when there is none.
  virtual std::string eater_endpoint(const std::string &eater, uint32_t index) const = 0;
  virtual std::string feeder_endpoint(const std::string &feeder) const = 0;

  // Once the pipeline is built; once it plays. attach() also keeps the
  // feeders' sinks from holding the pipeline until they preroll (a feeder
  // that never flows would hold back the others).
  void attach(GstElement *pipeline);
  // Whether media has reached a feeder (or there is none); on_fed runs once
  // when it first does, on a streaming thread. Set it before attach().
  bool fed() const { return fed_; }
  void on_fed(std::function<void()> hook) { on_fed_ = std::move(hook); }
  void pipeline_playing();
  // The worker found a feed an eater takes.
  void feed_address(const message::FeedAddress &address);
  // An eater of another component connected to one of ours: the feeder of
  // that name takes fd; false if none did (fd stays the caller's).
  bool feed_client(const message::FeedClient &client, int fd);

  // Each eater's last buffer time (steady_ms(), 0: none yet), for the mood.
  std::vector<int64_t> last_buffers_ms() const;
  const std::vector<std::unique_ptr<Eater>> &eaters() const { return eaters_; }
  const std::vector<std::unique_ptr<Feeder>> &feeders() const { return feeders_; }
  void clear();

protected:
  std::vector<std::unique_ptr<Eater>> eaters_;
  std::vector<std::unique_ptr<Feeder>> feeders_;

private:
  void feeders_without_preroll(GstElement *pipeline);
  void first_buffer();

  std::function<void()> on_fed_;
  std::atomic<bool> fed_{false};
  int feeder_starts_ = 0;
};

// A worker's job: real feed connections.
class NetworkFeeds : public JobFeeds {
public:
  using Log = std::function<void(const std::string &)>;
  NetworkFeeds(boost::asio::io_context &io, Log log) : io_(io), log_(std::move(log)) {}

  void add(const message::JobConfig &config) override;
  std::string eater_endpoint(const std::string &eater, uint32_t index) const override;
  std::string feeder_endpoint(const std::string &feeder) const override;

private:
  boost::asio::io_context &io_;
  Log log_;
};

// A standalone job: fragments by "NAME:INDEX" (or "NAME" for index 0) for the
// eaters, by "NAME" for the feeders (default: a fakesink). No feeds.
class FragmentFeeds : public JobFeeds {
public:
  FragmentFeeds(std::map<std::string, std::string> eaters,
                std::map<std::string, std::string> feeders)
      : eater_fragments_(std::move(eaters)), feeder_fragments_(std::move(feeders)) {}

  void add(const message::JobConfig &) override {}
  std::string eater_endpoint(const std::string &eater, uint32_t index) const override;
  std::string feeder_endpoint(const std::string &feeder) const override;

private:
  std::map<std::string, std::string> eater_fragments_;
  std::map<std::string, std::string> feeder_fragments_;
};

} // namespace flu::job
