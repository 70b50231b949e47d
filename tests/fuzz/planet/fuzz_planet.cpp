// Planet files, against the component types of the planet tests' fixture
// modules. What the parser accepts, the writer writes back to a planet
// that parses again, equal.
#include "../fuzz_target.hpp"

#include "planet/planet_parser.hpp"
#include "planet/planet_writer.hpp"
#include "registry/registry.hpp"

#include <filesystem>

using namespace flu;

namespace {

const registry::Registry &fixture_registry() {
  static const registry::Registry registry = [] {
    registry::Registry r;
    std::vector<std::filesystem::path> path;
    for (const auto &entry :
         std::filesystem::directory_iterator(FLU_PLANET_FIXTURE_MODULES))
      path.push_back(entry.path());
    r.scan(path);
    return r;
  }();
  return registry;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string xml(flu::fuzz::bytes(data, size));
  planet::Planet parsed;
  try {
    parsed = planet::parse_planet_string(xml, "<fuzz>", fixture_registry());
  } catch (const planet::PlanetError &) {
    return 0;
  }
  const std::string written = planet::to_xml(parsed);
  try {
    FUZZ_CHECK(planet::parse_planet_string(written, "<written>", fixture_registry()) ==
               parsed);
  } catch (const planet::PlanetError &e) {
    std::fprintf(stderr, "the written planet does not parse: %s\n", e.what());
    FUZZ_CHECK(!"to_xml() wrote a planet that does not parse");
  }
  return 0;
}
