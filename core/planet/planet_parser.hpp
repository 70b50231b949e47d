// Reads a planet file (Flumotion's format, reference/flumotion.md §2) and
// checks it against the registry.
//
//   <planet name="default">
//     <manager name="studio"> <host/> <port/> <component .../> </manager>
//     <atmosphere> <component name type worker> ... </atmosphere>
//     <flow name="live">
//       <component name="enc" type="vp8-encoder" worker="w1">
//         <property name="bitrate">400000</property>
//         <eater name="default"><feed>cam</feed></eater>
//         <clock-master>false</clock-master>
//         <restart>on-failure</restart>
//       </component>
//     </flow>
//   </planet>
//
// Files written for Flumotion 0.10 load too: its spellings are translated
// (flumotion_compat.hpp, flumotion_constructs.hpp) with a note each in
// Planet::notes, and what flu cannot honour is refused at its line.
//
// The parser is pure: it returns a new Planet or throws, so a bad file
// changes nothing that is running (DESIGN.md §7). The first error wins and
// names the file, the line and the thing that is wrong.
#pragma once

#include "planet/planet.hpp"
#include "xml/file_error.hpp"

#include <filesystem>
#include <string>

namespace flu::registry {
class Registry;
}

namespace flu::planet {

// what() is "FILE:LINE: message" ("FILE: message" when no line applies).
class PlanetError : public xml::FileError {
public:
  using FileError::FileError;
};

// `running`, when given, is the planet a flow file is meant for
// (planet_merge.hpp): its atmosphere's bouncers may be named, and a flow of
// the same name may eat from its components and already have a clock
// master. It is only read; nothing is merged here.
Planet parse_planet_file(const std::filesystem::path &path,
                         const registry::Registry &registry,
                         const Planet *running = nullptr);

// `display_name` stands for the file in error messages (e.g. "<admin upload>").
Planet parse_planet_string(const std::string &xml, const std::string &display_name,
                           const registry::Registry &registry,
                           const Planet *running = nullptr);

} // namespace flu::planet
