// The stand-ins for a component's eaters and feeders (see job_feeds.hpp).
#include "job_feeds.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace flu::job {
namespace {

// A sink from `element` on, downstream, no longer holds the pipeline until
// it prerolls (async=false).
void no_preroll_from(GstElement *element, int depth = 0) {
  if (depth > 32) // a loop in the graph is not ours to follow
    return;
  if (GST_OBJECT_FLAG_IS_SET(element, GST_ELEMENT_FLAG_SINK) &&
      g_object_class_find_property(G_OBJECT_GET_CLASS(element), "async"))
    g_object_set(element, "async", FALSE, nullptr);
  GstIterator *pads = gst_element_iterate_src_pads(element);
  GValue item = G_VALUE_INIT;
  while (gst_iterator_next(pads, &item) == GST_ITERATOR_OK) {
    GstPad *peer = gst_pad_get_peer(GST_PAD(g_value_get_object(&item)));
    if (GstElement *next = peer ? gst_pad_get_parent_element(peer) : nullptr) {
      no_preroll_from(next, depth + 1);
      gst_object_unref(next);
    }
    if (peer)
      gst_object_unref(peer);
    g_value_reset(&item);
  }
  g_value_unset(&item);
  gst_iterator_free(pads);
}

// The pipeline of a live job plays only once every sink has prerolled,
// that is had a buffer; until then the sinks that had one wait in preroll.
// A feeder that never flows (a stream without audio) would hold every
// other feeder's media back, so the feeders' sinks do not preroll: each
// feeder carries what it has as soon as it has it. The pipeline then plays
// before any media came, so whether one has is seen on the feeders' inputs
// (watch_first_buffer).
std::vector<GstElement *> feeder_starts(GstElement *pipeline) {
  GstIterator *all = gst_bin_iterate_recurse(GST_BIN(pipeline));
  GValue item = G_VALUE_INIT;
  std::vector<GstElement *> starts;
  while (gst_iterator_next(all, &item) == GST_ITERATOR_OK) {
    auto *element = GST_ELEMENT(g_value_get_object(&item));
    if (std::string(GST_OBJECT_NAME(element)).rfind("flu-feeder-", 0) == 0)
      starts.push_back(GST_ELEMENT(gst_object_ref(element)));
    g_value_reset(&item);
  }
  g_value_unset(&item);
  gst_iterator_free(all);
  return starts;
}

} // namespace

void JobFeeds::feeders_without_preroll(GstElement *pipeline) {
  for (GstElement *start : feeder_starts(pipeline)) {
    ++feeder_starts_;
    no_preroll_from(start);
    if (GstPad *pad = gst_element_get_static_pad(start, "sink")) {
      gst_pad_add_probe(
          pad,
          GstPadProbeType(GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_BUFFER_LIST),
          [](GstPad *, GstPadProbeInfo *, gpointer data) {
            static_cast<JobFeeds *>(data)->first_buffer();
            return GST_PAD_PROBE_REMOVE;
          },
          this, nullptr);
      gst_object_unref(pad);
    }
    gst_object_unref(start);
  }
}

void JobFeeds::first_buffer() {
  if (!fed_.exchange(true) && on_fed_)
    on_fed_();
}

void JobFeeds::attach(GstElement *pipeline) {
  for (auto &eater : eaters_)
    eater->attach(pipeline);
  for (auto &feeder : feeders_)
    feeder->attach(pipeline);
  feeders_without_preroll(pipeline);
  if (feeder_starts_ == 0)
    fed_ = true; // no feeder: nothing to wait for
}

void JobFeeds::pipeline_playing() {
  for (auto &feeder : feeders_)
    feeder->pipeline_playing();
}

void JobFeeds::feed_address(const message::FeedAddress &m) {
  for (auto &eater : eaters_)
    if (eater->feed_id() == m.feed_id)
      eater->connect_to(m.host, m.port, m.component_id, m.token, m.source);
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
  // Named as the network feeder's elements are, so that the fragment's sink
  // does not preroll either (feeders_without_preroll).
  return "identity name=flu-feeder-" + feeder + "-in silent=true ! " +
         (it == feeder_fragments_.end() ? std::string("fakesink sync=false")
                                        : it->second);
}

} // namespace flu::job
