// The stand-ins for a component's eaters and feeders (see job_feeds.hpp).
#include "job_feeds.hpp"

#include <stdexcept>

namespace flu::job {

void JobFeeds::attach(GstElement *pipeline) {
  for (auto &eater : eaters_)
    eater->attach(pipeline);
  for (auto &feeder : feeders_)
    feeder->attach(pipeline);
}

void JobFeeds::pipeline_playing() {
  for (auto &feeder : feeders_)
    feeder->pipeline_playing();
}

void JobFeeds::feed_address(const message::FeedAddress &m) {
  for (auto &eater : eaters_)
    if (eater->feed_id() == m.feed_id)
      eater->connect_to(m.host, m.port, m.component_id, m.token);
}

bool JobFeeds::feed_client(const message::FeedClient &m, int fd) {
  for (auto &feeder : feeders_)
    if (feeder->name() == m.feeder && fd >= 0) {
      feeder->add_client(fd);
      return true;
    }
  return false;
}

std::vector<int64_t> JobFeeds::last_buffers_ms() const {
  std::vector<int64_t> last;
  last.reserve(eaters_.size());
  for (const auto &eater : eaters_)
    last.push_back(eater->last_buffer_ms());
  return last;
}

void JobFeeds::clear() {
  eaters_.clear();
  feeders_.clear();
}

void NetworkFeeds::add(const message::JobConfig &config) {
  for (const auto &[eater, feeds] : config.eaters)
    for (uint32_t i = 0; i < feeds.size(); ++i)
      eaters_.push_back(std::make_unique<Eater>(io_, eater, i, feeds[i], log_));
  for (const auto &name : config.feeders)
    feeders_.push_back(std::make_unique<Feeder>(name));
}

std::string NetworkFeeds::eater_endpoint(const std::string &eater, uint32_t index) const {
  return Eater::endpoint(eater, index);
}

std::string NetworkFeeds::feeder_endpoint(const std::string &feeder) const {
  return Feeder::endpoint(feeder);
}

std::string FragmentFeeds::eater_endpoint(const std::string &eater,
                                          uint32_t index) const {
  auto it = eater_fragments_.find(eater + ":" + std::to_string(index));
  if (it == eater_fragments_.end() && index == 0)
    it = eater_fragments_.find(eater);
  if (it == eater_fragments_.end())
    throw std::runtime_error("no --eater given for " + eater + ":" +
                             std::to_string(index));
  return it->second;
}

std::string FragmentFeeds::feeder_endpoint(const std::string &feeder) const {
  auto it = feeder_fragments_.find(feeder);
  return it == feeder_fragments_.end() ? std::string("fakesink sync=false") : it->second;
}

} // namespace flu::job
