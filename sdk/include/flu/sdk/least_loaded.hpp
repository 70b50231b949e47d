// flu::sdk::LeastLoaded: the least-loaded of some streamers of the planet,
// from the state the manager replicates (flu::sdk::component_state, ABI 1.5),
// for a component that sends viewers elsewhere: an http-streamer's
// redirect-on-overflow, the porter's balancer paths (docs/archive.md "Load
// balancing").
//
// A streamer is a candidate when its `mood` is happy, it publishes a `url`,
// it is not `draining`, and its `viewers` (plus those sent to it since that
// figure, forgotten after `sent_memory`: streamers publish figures every few
// seconds) is below its `client-limit`, and, when it publishes a
// `bandwidth-limit` (bits/s, 0 for none), one more viewer at its
// `stream-bitrate` stays below it (the streamer's own rule). Its load is
// the larger of viewers/client-limit and viewers x stream-bitrate /
// bandwidth-limit: the lowest wins, then the lowest `cpu-percent` (whole
// percent); ties take turns. A
// streamer whose worker is lost turns lost in the manager after the peer
// timeout, and so leaves the choice. Never waits on the network; not
// thread-safe (one caller thread).
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace flu::sdk {

class LeastLoaded {
public:
  // Another component's state (id, key): flu::sdk::component_state.
  using State =
      std::function<std::optional<std::string>(const std::string &, const std::string &)>;
  // "STREAMER is in the choice" / "STREAMER left out: WHY", on changes.
  using Log = std::function<void(const std::string &)>;

  LeastLoaded(std::vector<std::string> component_ids, State state, Log log,
              std::chrono::milliseconds sent_memory = std::chrono::seconds(5))
      : state_(std::move(state)), log_(std::move(log)), sent_memory_(sent_memory) {
    for (auto &id : component_ids) {
      Streamer s;
      s.id = std::move(id);
      streamers_.push_back(std::move(s));
    }
  }

  bool empty() const { return streamers_.empty(); }

  // Asks about every streamer (the first question makes the host follow
  // it) and logs what changed. Call it from the start and now and then.
  void refresh() {
    for (size_t i = 0; i < streamers_.size(); ++i) {
      auto a = assess(i);
      const auto *why = std::get_if<std::string>(&a);
      note(i, why ? *why : std::string());
    }
  }

  // The URL of the least-loaded streamer with room, counted as sent there;
  // nullopt when none has room.
  std::optional<std::string> pick() {
    std::optional<Candidate> best;
    const size_t n = streamers_.size();
    for (size_t k = 0; k < n; ++k) {
      const size_t i = (next_ + k) % n;
      auto a = assess(i);
      if (const auto *why = std::get_if<std::string>(&a)) {
        note(i, *why);
        continue;
      }
      note(i, {});
      const auto &c = std::get<Candidate>(a);
      constexpr double same = 1e-9;
      if (!best || c.share < best->share - same ||
          (c.share <= best->share + same && c.cpu < best->cpu))
        best = c;
    }
    if (!best)
      return std::nullopt;
    next_ = best->index + 1;
    Streamer &s = streamers_[best->index];
    ++s.sent;
    s.sent_at = std::chrono::steady_clock::now();
    return best->url;
  }

private:
  struct Streamer {
    std::string id;
    std::string last_viewers; // the figure `sent` counts on from
    uint64_t sent = 0;
    std::chrono::steady_clock::time_point sent_at{};
    std::string left_out; // why it was last out of the choice ("": in)
    bool logged = false;
  };
  struct Candidate {
    size_t index;
    std::string url;
    double share; // of its client-limit or bandwidth-limit, the larger
    long cpu;     // whole percent
  };

  static std::optional<double> number(const std::optional<std::string> &text) {
    if (!text || text->empty())
      return std::nullopt;
    try {
      size_t used = 0;
      const double v = std::stod(*text, &used);
      if (used != text->size() || !std::isfinite(v) || v < 0)
        return std::nullopt;
      return v;
    } catch (const std::exception &) {
      return std::nullopt;
    }
  }

  std::optional<std::string> get(const std::string &id, const std::string &key) const {
    return state_ ? state_(id, key) : std::nullopt;
  }

  std::variant<Candidate, std::string> assess(size_t i) {
    Streamer &s = streamers_[i];
    const auto mood = get(s.id, "mood");
    if (!mood) // not come yet, or no manager (a standalone job, an old host)
      return std::string("its state is not known");
    if (*mood != "happy")
      return "its mood is " + *mood;
    const auto url = get(s.id, "url");
    if (!url || url->empty())
      return std::string(
          "it publishes no url (behind a porter, or not an http-streamer)");
    if (get(s.id, "draining") == std::optional<std::string>("yes"))
      return std::string("it is draining");
    const std::string viewers_text = get(s.id, "viewers").value_or("0");
    if (viewers_text != s.last_viewers ||
        std::chrono::steady_clock::now() - s.sent_at > sent_memory_) {
      s.last_viewers = viewers_text;
      s.sent = 0;
    }
    const double viewers = number(viewers_text).value_or(0) + static_cast<double>(s.sent);
    const auto limit_text = get(s.id, "client-limit");
    const auto limit = number(limit_text);
    if (!limit || *limit < 1)
      return std::string("it publishes no client-limit");
    if (viewers >= *limit)
      return "it is full (" + viewers_text + " viewers of " + *limit_text +
             (s.sent ? ", " + std::to_string(s.sent) + " more sent since" : "") + ")";
    double share = viewers / *limit;
    const auto bandwidth = number(get(s.id, "bandwidth-limit"));
    const double rate = number(get(s.id, "stream-bitrate")).value_or(0);
    if (bandwidth && *bandwidth > 0 && rate > 0) {
      if ((viewers + 1) * rate >= *bandwidth)
        return "it is full (" + std::to_string(std::llround(viewers)) + " viewers at " +
               std::to_string(std::llround(rate)) + " bit/s of a bandwidth-limit of " +
               std::to_string(std::llround(*bandwidth)) + " bit/s)";
      share = std::max(share, viewers * rate / *bandwidth);
    }
    const double cpu = number(get(s.id, "cpu-percent")).value_or(0);
    return Candidate{i, *url, share, std::lround(cpu)};
  }

  void note(size_t i, const std::string &why) {
    Streamer &s = streamers_[i];
    if (s.logged && why == s.left_out)
      return;
    // "full" changes with every viewer: said once, not each time.
    const bool was_full = s.logged && s.left_out.rfind("it is full", 0) == 0;
    const bool is_full = why.rfind("it is full", 0) == 0;
    s.left_out = why;
    s.logged = true;
    if ((was_full && is_full) || !log_)
      return;
    log_(why.empty() ? s.id + " is in the choice" : s.id + " left out: " + why);
  }

  State state_;
  Log log_;
  std::chrono::milliseconds sent_memory_;
  std::vector<Streamer> streamers_;
  size_t next_ = 0;
};

} // namespace flu::sdk
