// See switcher.hpp.
#include "switcher.hpp"

#include <chrono>
#include <cmath>
#include <stdexcept>

namespace flu::modules {

namespace {

constexpr auto kTick = std::chrono::milliseconds(20);

std::string millis(int64_t ns) { return std::to_string(ns / 1000000) + " ms"; }

int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const std::string &other(const std::string &feed) {
  return feed == logical_feeds()[0] ? logical_feeds()[1] : logical_feeds()[0];
}

int64_t seconds_property(const sdk::Host &host, const char *name) {
  const double seconds = host.real(name);
  if (!std::isfinite(seconds) || seconds < 0.05 || seconds > 3600)
    throw std::runtime_error(std::string(name) +
                             " must be between 0.05 and 3600 seconds, got " +
                             host.string(name));
  return static_cast<int64_t>(seconds * 1e9);
}

GstElement *child(GstElement *pipeline, const std::string &name) {
  GstElement *element = gst_bin_get_by_name(GST_BIN(pipeline), name.c_str());
  if (!element)
    throw std::runtime_error("the pipeline has no element " + name);
  return element;
}

} // namespace

SwitchPolicy Switcher::watchdog_policy(const sdk::Host &host) {
  return {true, seconds_property(host, "starve-timeout"),
          seconds_property(host, "recover-time")};
}

Switcher::Switcher(const sdk::Host &host, GstElement *pipeline, SwitchMedia media,
                   SwitchPolicy policy)
    : host_(host), policy_(policy), started_ns_(steady_ns()) {
  for (const auto &stream : switch_streams(media)) {
    GstElement *selector = child(pipeline, stream.selector);
    for (size_t i = 0; i < stream.eaters.size(); ++i) {
      auto branch = std::make_unique<Branch>();
      branch->eater = stream.eaters[i];
      branch->selector = selector;
      branch->pad =
          gst_element_get_static_pad(selector, ("sink_" + std::to_string(i)).c_str());
      GstElement *queue = child(pipeline, branch_queue(stream.eaters[i]));
      GstPad *entry = gst_element_get_static_pad(queue, "sink");
      gst_object_unref(queue);
      if (!branch->pad || !entry)
        throw std::runtime_error("the pipeline lost branch " + stream.eaters[i]);
      branch->timeline.attach(entry);
      gst_object_unref(entry);
      feeds_[logical_feeds()[i]].push_back(std::move(branch));
    }
    auto output = std::make_unique<OutputTimeline>();
    GstPad *src = gst_element_get_static_pad(selector, "src");
    output->attach(src);
    gst_object_unref(src);
    outputs_.push_back(std::move(output));
    gst_object_unref(selector);
  }
  std::lock_guard lock(mutex_);
  if (host.has("ical-schedule")) {
    schedule_path_ = host.string("ical-schedule");
    std::error_code ignored;
    schedule_time_ = std::filesystem::last_write_time(schedule_path_, ignored);
    schedule_ = sdk::Schedule::load(schedule_path_);
    event_ = schedule_->active(unix_ms() / 1000);
    if (event_)
      ideal_ = "backup";
  }
  activate(ideal_, FLU_MESSAGE_INFO,
           event_ ? "the schedule's event '" + event_->summary + "' is on"
                  : "the master feed, to begin with");
  watcher_ = std::thread([this] { watch(); });
}

Switcher::~Switcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  watcher_.join();
  for (auto &[feed, branches] : feeds_)
    for (auto &branch : branches) {
      branch->timeline.detach();
      gst_object_unref(branch->pad);
    }
}

std::string Switcher::invoke(const std::string &method,
                             const std::vector<std::string> &args) {
  std::string feed;
  if (method == "switch-to-master" && args.empty())
    feed = "master";
  else if (method == "switch-to-backup" && args.empty())
    feed = "backup";
  else if (method == "switch-to" && args.size() == 1)
    feed = args[0];
  else
    throw std::runtime_error("unknown method '" + method +
                             "' (switch-to master|backup, switch-to-master, "
                             "switch-to-backup) or wrong arguments");
  if (!feeds_.count(feed))
    throw std::runtime_error("no logical feed '" + feed + "' (master or backup)");
  std::lock_guard lock(mutex_);
  ask(feed, "an operator asked for it");
  return "active-eater=" + active_;
}

void Switcher::ask(const std::string &feed, const std::string &why) {
  ideal_ = feed;
  if (!policy_.watchdog || starving_ns(feed, steady_ns()) <= policy_.timeout_ns) {
    activate(feed, FLU_MESSAGE_INFO, why);
    return;
  }
  host_.message(FLU_MESSAGE_WARNING, "temporary-switch-problem",
                "Asked to switch to " + feed + " (" + why +
                    "), but it has no data: switching once it is back.");
}

int64_t Switcher::starving_ns(const std::string &feed, int64_t now) const {
  int64_t longest = 0;
  for (const auto &branch : feeds_.at(feed)) {
    const int64_t last = branch->timeline.last_buffer_ns();
    longest = std::max(longest, now - (last ? last : started_ns_));
  }
  return longest;
}

void Switcher::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kTick);
    if (stopping_)
      break;
    follow_schedule();
    tick(steady_ns());
  }
}

void Switcher::reload_schedule() {
  const int64_t now = steady_ns();
  if (now - schedule_checked_ns_ < 500000000)
    return;
  schedule_checked_ns_ = now;
  std::error_code error;
  const auto time = std::filesystem::last_write_time(schedule_path_, error);
  if (error || time == schedule_time_)
    return;
  schedule_time_ = time;
  try {
    schedule_ = sdk::Schedule::load(schedule_path_);
    host_.log(FLU_LOG_INFO, "read the schedule " + schedule_path_ + " again");
  } catch (const std::exception &e) {
    host_.message(FLU_MESSAGE_WARNING, "error-parsing-ical",
                  std::string(e.what()) + "; keeping the schedule read before");
  }
}

void Switcher::follow_schedule() {
  if (!schedule_)
    return;
  reload_schedule();
  auto event = schedule_->active(unix_ms() / 1000);
  if (event == event_)
    return;
  if (event)
    ask("backup", "the schedule's event '" + event->summary + "' began");
  else
    ask("master", "the schedule's event '" + event_->summary + "' ended");
  event_ = std::move(event);
}

void Switcher::tick(int64_t now) {
  for (const auto &feed : logical_feeds()) {
    const bool healthy = starving_ns(feed, now) <= policy_.timeout_ns;
    int64_t &since = healthy_since_[feed];
    since = healthy ? (since ? since : now) : 0;
  }
  if (!policy_.watchdog)
    return;
  const std::string &fallback = other(ideal_);
  if (active_ == ideal_) {
    const int64_t starving = starving_ns(ideal_, now);
    if (starving > policy_.timeout_ns && healthy_since_[fallback])
      activate(fallback, FLU_MESSAGE_WARNING,
               ideal_ + " had no data for " + millis(starving));
    return;
  }
  const int64_t since = healthy_since_[ideal_];
  if (since && now - since >= policy_.recovery_ns)
    activate(ideal_, FLU_MESSAGE_INFO,
             ideal_ + " has been streaming again for " + millis(now - since));
}

void Switcher::activate(const std::string &feed, flu_message_level level,
                        const std::string &reason) {
  if (feed == active_)
    return;
  for (auto &branch : feeds_.at(feed))
    g_object_set(branch->selector, "active-pad", branch->pad, nullptr);
  const bool first = active_.empty();
  active_ = feed;
  host_.ui_state("active-eater", feed);
  host_.ui_state("switch-reason", reason);
  host_.ui_state("switched-at-ms", std::to_string(unix_ms()));
  host_.log(FLU_LOG_INFO, "streaming " + feed + ": " + reason);
  if (!first) {
    host_.ui_state("switches", std::to_string(++switches_));
    host_.message(level, "switch", "Switched to " + feed + ": " + reason + ".");
  }
}

} // namespace flu::modules
