// Replication: changes made before the posted flush runs go out as one
// delta with the next sequence number; a record removed after a change is
// sent as removed only; nothing is sent when nothing changed, and nothing
// is posted before the manager runs.
#define BOOST_TEST_MODULE flu_manager
#include "replication.hpp"

#include "message/codec.hpp"

#include <boost/test/unit_test.hpp>

#include <functional>
#include <map>
#include <vector>

using namespace flu;
using flu::manager::Replication;

namespace {

struct Fixture {
  bool running = true;
  std::vector<std::function<void()>> posted;
  std::map<std::string, message::ComponentStatus> components;
  std::map<std::string, message::WorkerStatus> workers;
  std::vector<message::StateDelta> sent;
  std::vector<message::StateDelta> watched; // what the watchers' hook got

  Replication replication{{
      .post =
          [this](std::function<void()> flush) {
            if (!running)
              return false;
            posted.push_back(std::move(flush));
            return true;
          },
      .component =
          [this](const std::string &id) -> std::optional<message::ComponentStatus> {
        const auto it = components.find(id);
        return it == components.end() ? std::nullopt : std::optional(it->second);
      },
      .worker = [this](const std::string &name) -> std::optional<message::WorkerStatus> {
        const auto it = workers.find(name);
        return it == workers.end() ? std::nullopt : std::optional(it->second);
      },
      .broadcast =
          [this](const std::string &frame) {
            auto parsed = message::parse_envelope(frame, 1 << 20);
            const auto &e = std::get<message::Envelope>(parsed);
            BOOST_REQUIRE(e.type == static_cast<uint16_t>(message::Type::state_delta));
            sent.push_back(message::decode<message::StateDelta>(e.payload));
          },
      .watchers = [this](const message::StateDelta &delta) { watched.push_back(delta); },
  }};

  void run_posted() {
    auto now = std::move(posted);
    posted.clear();
    for (auto &f : now)
      f();
  }
  void add(const std::string &id, Mood mood) {
    message::ComponentStatus s;
    s.component_id = id;
    s.mood = mood;
    components[id] = s;
  }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(changes_in_one_batch_go_out_as_one_delta, Fixture) {
  add("/default/a", Mood::happy);
  add("/default/b", Mood::sad);
  workers["w"] = {"w", "host", 8600, true, 7, {}, 0, 0, 0};
  replication.changed("/default/a");
  replication.changed("/default/b");
  replication.changed("/default/a");
  replication.worker_changed("w");
  BOOST_TEST(posted.size() == 1u); // one flush per batch
  BOOST_TEST(sent.empty());
  run_posted();
  BOOST_REQUIRE(sent.size() == 1u);
  BOOST_TEST(sent[0].seq == 1u);
  BOOST_TEST(replication.seq() == 1u);
  BOOST_REQUIRE(sent[0].components.size() == 2u);
  BOOST_TEST(sent[0].components[0].component_id == "/default/a");
  BOOST_TEST((sent[0].components[1].mood == Mood::sad));
  BOOST_REQUIRE(sent[0].workers.size() == 1u);
  BOOST_TEST(sent[0].workers[0].name == "w");

  // The next batch has the next number.
  replication.changed("/default/b");
  run_posted();
  BOOST_REQUIRE(sent.size() == 2u);
  BOOST_TEST(sent[1].seq == 2u);
  // The jobs that watch components get the same deltas (watches.cpp).
  BOOST_REQUIRE(watched.size() == 2u);
  BOOST_TEST(watched[1].seq == 2u);
  BOOST_TEST(watched[1].components.at(0).component_id == "/default/b");
}

BOOST_FIXTURE_TEST_CASE(removed_wins_over_changed_and_changed_over_removed, Fixture) {
  add("/default/a", Mood::happy);
  replication.changed("/default/a");
  components.erase("/default/a");
  replication.removed("/default/a");
  run_posted();
  BOOST_REQUIRE(sent.size() == 1u);
  BOOST_TEST(sent[0].components.empty());
  BOOST_TEST(sent[0].removed_components == std::vector<std::string>{"/default/a"});

  replication.removed("/default/b");
  add("/default/b", Mood::sleeping);
  replication.changed("/default/b");
  run_posted();
  BOOST_REQUIRE(sent.size() == 2u);
  BOOST_TEST(sent[1].removed_components.empty());
  BOOST_TEST(sent[1].components.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(nothing_to_say_sends_nothing, Fixture) {
  replication.changed("/default/gone"); // no record any more, nothing removed
  replication.worker_changed("nobody");
  run_posted();
  BOOST_TEST(sent.empty());
  BOOST_TEST(replication.seq() == 0u);
}

BOOST_FIXTURE_TEST_CASE(changes_wait_until_the_manager_runs, Fixture) {
  running = false;
  add("/default/a", Mood::happy);
  replication.changed("/default/a");
  BOOST_TEST(posted.empty());
  running = true;
  add("/default/b", Mood::happy);
  replication.changed("/default/b");
  run_posted();
  BOOST_REQUIRE(sent.size() == 1u);
  BOOST_TEST(sent[0].components.size() == 2u); // the earlier change too
}
