// Planets written for Flumotion 0.10: the spellings of the original that
// flu's own differ from, in one table (docs/planet.md lists it).
//
// The parser asks here only after flu's own registry has said no: a module
// whose schema takes the original's spelling itself (videotest-producer's
// `format`, `pattern` numbers) decides on its own, and an entry here applies
// only once its flu type exists in the registry. So a module that later
// learns an original name overrides the table without touching core.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace flu::planet::flumotion {

// flu's name for a type the original spelt differently
// ("htpasswdcrypt-bouncer" -> "htpasswd-bouncer"), or null.
const char *flu_type(std::string_view original);

// Why flu has no module for one of the original's types and what does its
// job instead, or null (a type flu has, or one the original never had).
const char *missing_type(std::string_view original);

// A gst-launch fragment (pipeline-converter's, pipeline-producer's
// `pipeline`) is kept as written: core knows no GStreamer names, and the
// modules that run fragments read GStreamer 0.10's in 1.x's words
// themselves (<flu/sdk/gst_launch_compat.hpp>), saying so in a message.

// What becomes of a property the flu type's schema does not know.
struct PropertyMapping {
  enum class Kind {
    rename,  // set `name` to `value` instead
    dropped, // the original itself ignored it (deprecated); `reason` says so
    refused, // flu cannot honour it yet; `reason` says what is missing
  };
  Kind kind;
  std::string name;
  std::string value;
  std::string reason;
};

// The mapping for `property` = `value` (trimmed text) on a component of flu
// type `type`, or nullopt when the table has none (then the parser's own
// "no property" error stands).
std::optional<PropertyMapping>
map_property(std::string_view type, std::string_view property, std::string_view value);

// A `project` attribute naming one of Flumotion's own projects; on such a
// component `version` is that project's release number, not a bundle range.
bool is_flumotion_project(std::string_view project);

// "0.5.2.1", "0.10.0": two to four dot-separated decimal numbers.
bool is_release_number(std::string_view version);

} // namespace flu::planet::flumotion
