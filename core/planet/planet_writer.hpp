// Writes a planet back out in the format planet_parser.hpp reads: what an
// admin's `export` gets, and what a manager could save (Flumotion's
// PlanetXMLWriter).
//
// The output reads back into an equal planet (operator== in planet.hpp) and
// is deterministic: the same planet always gives the same bytes, in model
// order. Every property is written, defaults included, since the model no
// longer knows which ones the file left out; an exported planet therefore
// keeps today's defaults even if a module changes its own later.
#pragma once

#include "planet/planet.hpp"

#include <string>

namespace flu::planet {

std::string to_xml(const Planet &planet);

} // namespace flu::planet
