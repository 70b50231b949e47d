// flu::sdk::LeastLoaded (the choice behind redirect-on-overflow and the
// porter's balancer paths, docs/archive.md "Load balancing") over state
// written here: the lowest viewers/client-limit wins, then the lowest CPU;
// ties take turns; a streamer that is not happy, publishes no url, drains,
// is full or unknown is left out, and says why; viewers sent since the last
// figure count until it changes.
#include <flu/sdk/least_loaded.hpp>

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>
#include <vector>

using flu::sdk::LeastLoaded;

namespace {

// Replicated state as the host would answer it: (id, key) → value.
struct Planet {
  std::map<std::pair<std::string, std::string>, std::string> state;
  std::vector<std::string> log;

  void streamer(const std::string &id, const std::string &viewers,
                const std::string &limit, const std::string &cpu) {
    state[{id, "mood"}] = "happy";
    state[{id, "url"}] = "http://" + id.substr(1) + "/live.webm";
    state[{id, "draining"}] = "no";
    state[{id, "viewers"}] = viewers;
    state[{id, "client-limit"}] = limit;
    state[{id, "cpu-percent"}] = cpu;
  }
  LeastLoaded choice(std::vector<std::string> ids) {
    return LeastLoaded(
        std::move(ids),
        [this](const std::string &id,
               const std::string &key) -> std::optional<std::string> {
          const auto it = state.find({id, key});
          if (it == state.end())
            return std::nullopt;
          return it->second;
        },
        [this](const std::string &line) { log.push_back(line); });
  }
  bool logged(const std::string &line) const {
    for (const auto &l : log)
      if (l == line)
        return true;
    return false;
  }
};

} // namespace

BOOST_AUTO_TEST_CASE(the_lowest_share_of_its_limit_wins) {
  Planet p;
  p.streamer("/a", "50", "100", "1"); // half full
  p.streamer("/b", "30", "40", "1");  // three quarters, fewer viewers
  p.streamer("/c", "10", "100", "1"); // a tenth
  auto choice = p.choice({"/a", "/b", "/c"});
  BOOST_TEST(choice.pick().value_or("none") == "http://c/live.webm");
}

BOOST_AUTO_TEST_CASE(the_lowest_cpu_breaks_a_tie) {
  Planet p;
  p.streamer("/a", "10", "100", "40.2");
  p.streamer("/b", "10", "100", "7.9");
  p.streamer("/c", "10", "100", "12");
  auto choice = p.choice({"/a", "/b", "/c"});
  BOOST_TEST(choice.pick().value_or("none") == "http://b/live.webm");
  // The one sent counts: /b now holds 11 of 100, more than the others.
  BOOST_TEST(choice.pick().value_or("none") == "http://c/live.webm");
}

BOOST_AUTO_TEST_CASE(equal_streamers_take_turns) {
  Planet p;
  p.streamer("/a", "0", "100", "3");
  p.streamer("/b", "0", "100", "3");
  auto choice = p.choice({"/a", "/b"});
  std::map<std::string, int> sent;
  for (int i = 0; i < 6; ++i)
    ++sent[choice.pick().value_or("none")];
  BOOST_TEST(sent["http://a/live.webm"] == 3);
  BOOST_TEST(sent["http://b/live.webm"] == 3);
}

BOOST_AUTO_TEST_CASE(who_cannot_take_a_viewer_is_left_out_and_says_why) {
  Planet p;
  p.streamer("/lost", "0", "100", "0");
  p.state[{"/lost", "mood"}] = "lost";
  p.streamer("/drained", "0", "100", "0");
  p.state[{"/drained", "draining"}] = "yes";
  p.streamer("/hidden", "0", "100", "0");
  p.state.erase({"/hidden", "url"});
  p.streamer("/full", "100", "100", "0");
  p.streamer("/ok", "99", "100", "90");
  auto choice = p.choice({"/unknown", "/lost", "/drained", "/hidden", "/full", "/ok"});
  choice.refresh();
  BOOST_TEST(p.logged("/unknown left out: its state is not known"));
  BOOST_TEST(p.logged("/lost left out: its mood is lost"));
  BOOST_TEST(p.logged("/drained left out: it is draining"));
  BOOST_TEST(p.logged("/full left out: it is full (100 viewers of 100)"));
  BOOST_TEST(p.logged("/ok is in the choice"));
  BOOST_TEST(choice.pick().value_or("none") == "http://ok/live.webm");
  // /ok took its last place (99 + 1 sent): nobody has room now.
  BOOST_TEST(!choice.pick().has_value());
  // Its figure changes (a viewer left): what was sent is forgotten.
  p.state[{"/ok", "viewers"}] = "98";
  BOOST_TEST(choice.pick().value_or("none") == "http://ok/live.webm");
}

BOOST_AUTO_TEST_CASE(bandwidth_counts_as_load_and_fills_a_streamer) {
  Planet p;
  p.streamer("/a", "10", "100", "1"); // a tenth of its viewers...
  p.state[{"/a", "bandwidth-limit"}] = "2000000";
  p.state[{"/a", "stream-bitrate"}] = "100000"; // ...but half its bandwidth
  p.streamer("/b", "30", "100", "1");           // three tenths, no bandwidth-limit
  p.state[{"/b", "bandwidth-limit"}] = "0";
  p.state[{"/b", "stream-bitrate"}] = "100000";
  auto choice = p.choice({"/a", "/b"});
  BOOST_TEST(choice.pick().value() == "http://b/live.webm");

  // One more viewer on /a would reach its bandwidth-limit: it is full.
  p.state[{"/a", "viewers"}] = "19";
  p.state[{"/b", "viewers"}] = "100";
  BOOST_TEST(!choice.pick().has_value());
  BOOST_TEST(p.logged("/a left out: it is full (19 viewers at 100000 bit/s of a "
                      "bandwidth-limit of 2000000 bit/s)"));
}
