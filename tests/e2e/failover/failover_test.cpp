// Failover in a whole planet: viewers stay connected and what they saved
// decodes from start to end while the switch in front of the encoder goes
// from the red master to the blue backup and back, by the watchdog (the
// master's job killed, then restarted), by an operator and by a schedule.
#define BOOST_TEST_MODULE failover
#include "switch_planet.hpp"

using namespace flu::test;

namespace {

constexpr auto start_timeout = 60s;

// Two viewers connected and receiving while the master streams.
struct Audience {
  explicit Audience(SwitchPlanet &s) : a(s.planet, "viewer-a"), b(s.planet, "viewer-b") {
    BOOST_TEST_REQUIRE(a.receives(400, 15s), FLU_LATER(s.planet.logs()));
    BOOST_TEST_REQUIRE(b.receives(400, 15s));
  }
  // Each still connected, each stream whole, showing master, backup, master.
  void check() {
    BOOST_TEST(a.connected(), "viewer a was disconnected");
    BOOST_TEST(b.connected(), "viewer b was disconnected");
    for (Viewer *v : {&a, &b}) {
      // Past the last switch's big frame by some small ones (a still picture
      // makes 27-byte frames), so that the tail decode() leaves out, cut by
      // stopping curl, holds no switch.
      BOOST_TEST(v->receives(300, 10s), "the stream stalled after the last switch");
      const auto d = decode(v->stop());
      BOOST_TEST(d.clean, d.errors);
      BOOST_TEST(d.monotonic, "timestamps went back");
      // Bytes, not time, pace the viewers: a loaded machine's encoder drops
      // pictures (its deadline) and sends fewer, larger ones; 28 were seen.
      BOOST_TEST(d.frames > 15u, "frames decoded: " << d.frames);
      BOOST_TEST(d.colours.find("RBR") != std::string::npos, "colours: " << d.colours);
    }
  }
  Viewer a, b;
};

} // namespace

BOOST_AUTO_TEST_CASE(watchdog_takes_the_backup_while_the_master_job_is_dead) {
  SwitchPlanet s("single-basic-watchdog-combiner",
                 "<property name=\"starve-timeout\">1.0</property>"
                 "<property name=\"recover-time\">1.0</property>");
  BOOST_TEST_REQUIRE(s.planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(s.planet.logs()));
  BOOST_TEST_REQUIRE(s.wait_active("master", 10s) > 0);
  Audience viewers(s);

  const auto master = s.planet.component("/f/master");
  BOOST_TEST_REQUIRE(master.pid > 0);
  const int64_t killed = unix_ms();
  BOOST_TEST_REQUIRE(::kill(master.pid, SIGKILL) == 0);
  const int64_t switched = s.wait_active("backup", 10s);
  BOOST_TEST_REQUIRE(switched > 0, FLU_LATER(s.planet.logs()));
  BOOST_TEST_MESSAGE("watchdog switched " << switched - killed << " ms after the kill");
  BOOST_TEST(switched - killed <= 1000 + 500);
  BOOST_TEST(switched - killed >= 900, "switched before the master starved");
  BOOST_TEST(s.notes_contain("/f/switch", "Switched to backup: master had no data for"));
  BOOST_TEST(viewers.a.receives(600, 10s), "the stream stopped on the backup");

  BOOST_TEST_REQUIRE(s.planet.command({"restart", "/f/master"}).exited_ok());
  BOOST_TEST_REQUIRE(s.wait_active("master", 30s) > 0, FLU_LATER(s.planet.logs()));
  BOOST_TEST(s.ui("switch-reason").find("streaming again") != std::string::npos);
  BOOST_TEST(viewers.a.receives(600, 10s), "the stream stopped on the master");
  viewers.check();
}

BOOST_AUTO_TEST_CASE(operator_switches_by_invoke) {
  SwitchPlanet s("single-switch-combiner", "");
  BOOST_TEST_REQUIRE(s.planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(s.planet.logs()));
  BOOST_TEST_REQUIRE(s.wait_active("master", 10s) > 0);
  Audience viewers(s);

  const int64_t asked = unix_ms();
  const auto r = s.planet.command({"invoke", "/f/switch", "switch-to-backup"});
  const int64_t answered = unix_ms();
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
  BOOST_TEST(r.out.find("active-eater=backup") != std::string::npos, r.out);
  const int64_t switched = s.wait_active("backup", 5s);
  BOOST_TEST(switched >= asked);
  BOOST_TEST(switched <= answered, "the switch came after the answer");
  BOOST_TEST(s.notes_contain("/f/switch", "an operator asked for it"));
  BOOST_TEST(viewers.a.receives(600, 10s));

  const auto bad = s.planet.command({"invoke", "/f/switch", "switch-to", "nowhere"});
  BOOST_TEST(!bad.exited_ok());
  BOOST_TEST(bad.err.find("no logical feed 'nowhere'") != std::string::npos, bad.err);

  BOOST_TEST_REQUIRE(
      s.planet.command({"invoke", "/f/switch", "switch-to", "master"}).exited_ok());
  BOOST_TEST(s.wait_active("master", 5s) > 0);
  BOOST_TEST(viewers.a.receives(600, 10s));
  viewers.check();
}

BOOST_AUTO_TEST_CASE(schedule_switches_to_the_backup_during_its_event) {
  TempDir calendar;
  const auto ics = calendar.file("schedule.ics");
  write_schedule(ics, 1600000000, 1600000060); // long past
  SwitchPlanet s("single-switch-combiner",
                 "<property name=\"ical-schedule\">" + ics.string() + "</property>");
  BOOST_TEST_REQUIRE(s.planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(s.planet.logs()));
  BOOST_TEST_REQUIRE(s.wait_active("master", 10s) > 0);
  Audience viewers(s);

  expect_switches_during_an_event(s, ics,
                                  [&] { BOOST_TEST(viewers.a.receives(600, 10s)); });
  viewers.check();
}
