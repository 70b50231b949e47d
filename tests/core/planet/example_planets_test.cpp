// The planets shipped in examples/planets parse against the stand-in schemas
// of the modules they use, so a typo there is caught before anyone runs them.
#include "planet/planet_parser.hpp"
#include "planet_test_registry.hpp"

#include <boost/test/unit_test.hpp>

using namespace flu::planet;
using flu::planet::test::test_registry;

namespace {

Planet example(const std::string &name) {
  return parse_planet_file(
      std::filesystem::path(FLU_SOURCE_DIR) / "examples/planets" / name, test_registry());
}

std::string only_value(const Planet &planet, const std::string &id,
                       const std::string &property) {
  const Component *component = planet.find(id);
  BOOST_REQUIRE_MESSAGE(component, id);
  const auto *values = component->values(property);
  BOOST_REQUIRE_MESSAGE(values && values->size() == 1u, id << " " << property);
  return values->front();
}

} // namespace

BOOST_AUTO_TEST_CASE(default_planet_streams_webm_on_one_worker) {
  Planet planet = example("default.xml");
  BOOST_TEST(planet.name == "default");
  BOOST_REQUIRE(planet.flows.size() == 1u);
  for (const auto &component : planet.flows[0].components)
    BOOST_TEST(component.worker == "localhost");
  BOOST_TEST(only_value(planet, "/default/video", "framerate") == "30/1");
  BOOST_TEST(only_value(planet, "/default/http", "port") == "8800");
  BOOST_TEST(only_value(planet, "/default/http", "mount-point") == "/live.webm");
  BOOST_TEST(only_value(planet, "/default/http", "burst-on-connect") == "true");
  const Component *muxer = planet.find("/default/muxer");
  BOOST_REQUIRE(muxer);
  BOOST_TEST(muxer->type == "webm-muxer");
  BOOST_TEST(muxer->eater("default")->feeds.size() == 2u);
}

BOOST_AUTO_TEST_CASE(ogg_planet_streams_theora_and_vorbis) {
  Planet planet = example("ogg.xml");
  BOOST_TEST(planet.find("/default/video-encoder")->type == "theora-encoder");
  BOOST_TEST(planet.find("/default/audio-encoder")->type == "vorbis-encoder");
  BOOST_TEST(planet.find("/default/muxer")->type == "ogg-muxer");
  BOOST_TEST(only_value(planet, "/default/http", "port") == "8801");
  BOOST_TEST(only_value(planet, "/default/http", "mount-point") == "/live.ogg");
}

BOOST_AUTO_TEST_CASE(two_workers_planet_splits_capture_and_edge) {
  Planet planet = example("two-workers.xml");
  for (const char *id : {"/default/video", "/default/audio", "/default/video-encoder",
                         "/default/audio-encoder"})
    BOOST_TEST(planet.find(id)->worker == "capture");
  BOOST_TEST(planet.find("/default/muxer")->worker == "edge");
  BOOST_TEST(planet.find("/default/http")->worker == "edge");
  BOOST_TEST(only_value(planet, "/default/http", "port") == "8802");
  BOOST_TEST(only_value(planet, "/default/http", "mount-point") == "/live.webm");
}
