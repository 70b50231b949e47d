// A module's manifest: module.xml, written beside each module's .so, so that
// the manager, workers and flu-bundle learn what a module provides without
// loading it (DESIGN.md §4; GStreamer's registry habit).
//
//   <module id="vp8-encoder" version="1.0.0" abi="1.0" library="libflu-vp8-encoder.so">
//     <component type="vp8-encoder" clock-priority="100">
//       <description>...</description>
//       <eater name="default" required="true" multiple="false"/>
//       <feeder name="default"/>
//       <property name="bitrate" type="int" default="400000" required="false"
//                 multiple="false" description="..."/>
//       <check name="files" usage="DIRECTORY" description="...">  (its runtime checks)
//         <column name="file"/><column name="media-type"/>
//       </check>
//     </component>
//     <component type="ip-bouncer" clock-priority="100" bouncer="true">...
//   </module>
//
// `bouncer="true"` marks a type that accepts or refuses keycards and has no
// pipeline; it is left out for every other type.
//
// A manifest may come from a bundle somebody else built, so reading it checks
// everything a later stage relies on and refuses the rest with file:line.
#pragma once

#include "registry/component_type.hpp"
#include "xml/file_error.hpp"

#include <filesystem>
#include <string>

namespace flu::registry {

// what() is "FILE:LINE: message" (or "FILE: message" when no line applies).
class ManifestError : public xml::FileError {
public:
  using FileError::FileError;
};

// Deterministic: the same manifest always gives the same bytes, in model
// order. `directory` is not written (it is where the manifest is found).
std::string write_manifest(const ModuleManifest &manifest);

// Reads and validates a manifest file; `directory` is set to its folder.
// Throws ManifestError.
ModuleManifest read_manifest(const std::filesystem::path &path);

// The same from text already in memory (e.g. inside a bundle); errors call
// the text `display_name`. `directory` is left empty. Throws ManifestError.
ModuleManifest parse_manifest(const std::string &xml, const std::string &display_name);

} // namespace flu::registry
