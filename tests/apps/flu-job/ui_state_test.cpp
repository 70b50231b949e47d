// The UI state's bookkeeping: only changes go out, module updates coalesce.
#include "ui_state.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

using namespace flu;
using flu::job::UiState;

BOOST_AUTO_TEST_CASE(only_what_changed_goes_out) {
  UiState ui;
  ui.set("cpu-percent", "1.0");
  ui.publish("viewers", "1");
  BOOST_TEST((ui.take_changes() ==
              message::Values{{"cpu-percent", {"1.0"}}, {"viewers", {"1"}}}));
  BOOST_TEST(ui.take_changes().empty());
  ui.set("cpu-percent", "1.0"); // same value: nothing to send
  ui.publish("viewers", "2");
  ui.publish("viewers", "3"); // coalesced: the last one wins
  BOOST_TEST((ui.take_changes() == message::Values{{"viewers", {"3"}}}));
  BOOST_TEST(ui.dump() == "cpu-percent=1.0\nviewers=3\n");
}

BOOST_AUTO_TEST_CASE(modules_publish_from_any_thread) {
  UiState ui;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&ui, t] {
      for (int i = 0; i < 1000; ++i)
        ui.publish("k" + std::to_string(t), std::to_string(i));
    });
  for (auto &t : threads)
    t.join();
  const auto changes = ui.take_changes();
  BOOST_REQUIRE(changes.size() == 4u);
  for (const auto &[key, values] : changes)
    BOOST_TEST(values.front() == "999");
}
