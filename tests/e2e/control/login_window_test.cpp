// Workers that log in to a manager with many components to hand out: every
// component starts, the first time, with no restart policy to hide a lost
// start. The window this guards: right after its login a worker receives
// its share of StartComponents at once and asks the manager to resolve the
// bundles of each; when its link to a busy manager is full for a moment,
// those requests used to fail the start for good ("not connected to the
// manager, which resolves bundles"). bench/control-plane.sh 400 20 found it.
#define BOOST_TEST_MODULE login_window
#include "flow_fixture.hpp"

using namespace flu::test;

namespace {

constexpr int workers = 10;
#if defined(__SANITIZE_ADDRESS__)
// Under the sanitizers every flu-job is several times heavier; 200 of them
// on a 2-core machine starve the workers past their heartbeats (lost, not
// the window). A quarter still hands each worker its share at login.
constexpr int per_worker = 5;
#else
constexpr int per_worker = 20;
#endif

// Token bouncers: a flu-job each and no media, as the control-plane bench.
std::string bouncer_planet() {
  std::string xml = "<planet name=\"window\"><atmosphere>\n";
  for (int i = 0; i < workers * per_worker; ++i)
    xml += "<component name=\"b" + std::to_string(i) +
           "\" type=\"token-bouncer\" worker=\"w" + std::to_string(i % workers) +
           "\"><property name=\"token\">t" + std::to_string(i) +
           "</property></component>\n";
  return xml + "</atmosphere></planet>\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(every_component_starts_on_workers_that_log_in_together) {
  RunningPlanet planet("window.xml", bouncer_planet(), {});
  for (int w = 0; w < workers; ++w)
    planet.start_worker("w" + std::to_string(w));
  const bool all_happy = planet.all_in_mood("happy", 90s);
  int sad = 0;
  std::string why;
  for (const auto &row : planet.components())
    if (row.mood == "sad") {
      ++sad;
      why = row.id;
    }
  BOOST_TEST(sad == 0, sad << " components sad for good, e.g. " << why);
  BOOST_TEST(all_happy, FLU_LATER(planet.logs()));
  BOOST_TEST(planet.logs().find("not connected to the manager") == std::string::npos);
}

// A start is one control frame to the job; past the socket's default send
// buffer (about 208 KB) the kernel refused it whole and the job waited for
// ever, waking. A token bouncer in a planet of a thousand bouncers gets a
// 300 KB configuration (bench/control-plane.sh 1000 50); one long property
// makes the same frame here.
BOOST_AUTO_TEST_CASE(a_start_larger_than_the_socket_buffer_reaches_its_job) {
  const std::string token(300 * 1024, 't');
  RunningPlanet planet("large.xml",
                       "<planet name=\"large\"><atmosphere>\n"
                       "<component name=\"large\" type=\"token-bouncer\" worker=\"w0\">"
                       "<property name=\"token\">" +
                           token + "</property></component>\n</atmosphere></planet>\n",
                       {});
  planet.start_worker("w0");
  BOOST_TEST(planet.all_in_mood("happy", 60s), FLU_LATER(planet.logs()));
}
