// ComponentHost with real modules: one built against ABI 1.0 (whose structs
// end before the 1.1 fields, with a trap behind them), one with methods,
// keycards and UI state.
#define BOOST_TEST_MODULE flu_job
#include "component_host.hpp"

#include <boost/test/unit_test.hpp>

#include <dlfcn.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace flu;
using namespace flu::job;

namespace {

struct Gst {
  Gst() { gst_init(nullptr, nullptr); }
};
BOOST_TEST_GLOBAL_FIXTURE(Gst);

ComponentSetup setup_for(const char *module, const char *type) {
  ComponentSetup s;
  s.component_id = "/test/component";
  s.type = type;
  s.module = module;
  return s;
}

// The methods fixture's log, read from the loaded library itself (the
// component cannot answer once stopped).
std::string fixture_log() {
  void *lib = dlopen(FIXTURE_METHODS, RTLD_NOW | RTLD_NOLOAD);
  BOOST_REQUIRE(lib);
  auto fn = reinterpret_cast<const char *(*)()>(dlsym(lib, "fixture_log"));
  BOOST_REQUIRE(fn);
  std::string text = fn();
  dlclose(lib);
  return text;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_module_of_abi_1_0_runs_and_has_no_methods) {
  ComponentHost host(setup_for(FIXTURE_ABI10, "fixture-abi10"));
  host.load();
  host.build();
  host.start();
  BOOST_TEST(!host.has_methods());
  try {
    host.invoke("anything", {});
    BOOST_FAIL("invoke should have thrown");
  } catch (const NoMethods &e) {
    BOOST_TEST(std::string(e.what()) == "component type fixture-abi10 has no methods");
  }
  host.keycard_expired("k1"); // must not reach the trap behind the 1.0 ops
  host.stop();
}

BOOST_AUTO_TEST_CASE(invoke_returns_results_and_errors) {
  ComponentHost host(setup_for(FIXTURE_METHODS, "fixture-methods"));
  BOOST_CHECK_THROW(host.invoke("echo", {}), std::runtime_error); // not loaded
  host.load();
  host.build();
  BOOST_CHECK_THROW(host.invoke("echo", {}), std::runtime_error); // not started
  host.start();
  BOOST_TEST(host.has_methods());
  BOOST_TEST(host.invoke("echo", {"a", "b c"}) == "a b c");
  try {
    host.invoke("fail", {});
    BOOST_FAIL("invoke should have thrown");
  } catch (const NoMethods &) {
    BOOST_FAIL("a component with methods threw NoMethods");
  } catch (const std::runtime_error &e) {
    BOOST_TEST(std::string(e.what()) == "it failed");
  }
  host.keycard_expired("k7");
  BOOST_TEST(host.invoke("log", {}) == "started;expired k7;");
  host.stop();
  BOOST_TEST(fixture_log() == "started;expired k7;stopped;");
}

BOOST_AUTO_TEST_CASE(ui_state_and_translatable_messages_reach_the_hooks) {
  auto setup = setup_for(FIXTURE_METHODS, "fixture-methods");
  std::vector<std::string> ui;
  setup.ui_state = [&](const std::string &k, const std::string &v) {
    ui.push_back(k + "=" + v);
  };
  std::vector<message::Note> notes;
  setup.note = [&](message::Note n) { notes.push_back(std::move(n)); };
  ComponentHost host(std::move(setup));
  host.load();
  host.build();
  host.start();
  host.invoke("ui", {"viewers", "3"});
  BOOST_TEST(ui == std::vector<std::string>{"viewers=3"});
  host.invoke("note", {"disk-low", "%1% MB left on %2%", "12", "/var"});
  BOOST_REQUIRE(notes.size() == 1u);
  BOOST_TEST((notes[0].level == flu::message::NoteLevel::warning));
  BOOST_TEST(notes[0].id == "disk-low");
  BOOST_TEST(notes[0].domain == "fixture");
  BOOST_TEST(notes[0].format == "%1% MB left on %2%");
  BOOST_TEST((notes[0].args == std::vector<std::string>{"12", "/var"}));
  host.stop();
}

BOOST_AUTO_TEST_CASE(exceptions_on_either_side_of_the_abi_are_logged_not_thrown_across) {
  auto setup = setup_for(FIXTURE_METHODS, "fixture-methods");
  std::vector<std::pair<flu_log_level, std::string>> logged;
  setup.log = [&](flu_log_level level, const std::string &text) {
    logged.emplace_back(level, text);
  };
  setup.ui_state = [](const std::string &, const std::string &) {
    throw std::runtime_error("the UI state table is gone");
  };
  ComponentHost host(std::move(setup));
  host.load();
  host.build();
  host.start();
  // The job's hook throws inside the module's call: the host logs it and the
  // module carries on.
  BOOST_TEST(host.invoke("ui", {"viewers", "3"}) == "");
  // The module's exception goes back as the error, and into the log too.
  BOOST_CHECK_THROW(host.invoke("fail", {}), std::runtime_error);
  host.stop();
  auto has = [&](flu_log_level level, const std::string &text) {
    for (const auto &[l, t] : logged)
      if (l == level && t == text)
        return true;
    return false;
  };
  BOOST_TEST(
      has(FLU_LOG_ERROR, "host function ui_state failed: the UI state table is gone"));
  BOOST_TEST(has(FLU_LOG_DEBUG, "invoke fail: it failed"));
}

BOOST_AUTO_TEST_CASE(
    answers_reach_the_module_once_and_pending_ones_are_refused_before_stop) {
  auto setup = setup_for(FIXTURE_METHODS, "fixture-methods");
  std::vector<KeycardDone> dones;
  std::vector<message::KeycardFields> asked;
  std::vector<std::string> bouncers;
  setup.authenticate = [&](const std::string &bouncer, message::KeycardFields keycard,
                           KeycardDone done) {
    bouncers.push_back(bouncer);
    asked.push_back(std::move(keycard));
    dones.push_back(std::move(done));
  };
  ComponentHost host(std::move(setup));
  host.load();
  host.build();
  host.start();
  BOOST_TEST(host.invoke("authenticate", {"viewers", "kind=token", "token=t1"}) ==
             "asked");
  BOOST_TEST(host.invoke("authenticate", {"viewers", "kind=address"}) == "asked");
  BOOST_REQUIRE(dones.size() == 2u);
  BOOST_TEST(bouncers[0] == "viewers");
  BOOST_TEST((asked[0] == message::KeycardFields{{"kind", "token"}, {"token", "t1"}}));

  dones[0](message::KeycardState::authenticated, {{"id", "k1"}});
  dones[0](message::KeycardState::refused, {{"reason", "twice"}}); // ignored
  BOOST_TEST(host.invoke("log", {}) == "started;answer 1 id=k1;");

  host.stop();
  BOOST_TEST(fixture_log() ==
             "started;answer 1 id=k1;answer 0 reason=the component is stopping;stopped;");
  dones[1](message::KeycardState::authenticated, {{"id", "late"}}); // after stop: ignored
  BOOST_TEST(fixture_log().find("late") == std::string::npos);
}
