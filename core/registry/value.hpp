// Property values as text: checked against a property type and turned into
// one canonical spelling.
//
// Planet files, manifests and admin commands all carry values as text; they
// are checked here, once, so a component only ever sees values its schema
// allows ("yes" arrives as "true", " 30/1 " as "30/1"). The rules follow
// Flumotion's config parser, made stricter where it was lax (no trailing
// junk, no silent overflow, no NaN).
#pragma once

#include "registry/component_type.hpp"

#include <string>

namespace flu::registry {

struct ValueCheck {
  bool ok = false;
  std::string canonical; // the value as components will see it, when ok
  std::string error;     // why the text was refused, when not ok

  explicit operator bool() const { return ok; }
};

// string: surrounding whitespace trimmed, the rest kept as is.
// int:    64-bit signed decimal, optional sign, nothing else.
// bool:   true/false, yes/no, 1/0 (any case) -> "true"/"false".
// float:  a finite decimal number -> shortest text that reads back the same.
// fraction: "N/D" or "N" with D > 0 -> "N/D".
ValueCheck check_value(PropertyType type, const std::string &text);

// What a type accepts, for error messages: "an integer", "a fraction (N/D)".
const char *expected_value(PropertyType type);

} // namespace flu::registry
