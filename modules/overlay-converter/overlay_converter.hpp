// overlay-converter: Flumotion's overlay-converter, branding a picture: a
// text (Pango font, size, colour, position), a PNG logo with its alpha at a
// position, and the running time. Each element is in the pipeline only when
// used, so a plain converter costs nothing.
//
// The text, font and logo path are set on the elements after the pipeline
// is parsed, never written into it: any character an operator types stays
// text. Positions are the top-left corner in pixels of the output picture.
//
// Flumotion's built-in logos (fluendo-logo, cc-logo, xiph-logo) are
// badges of our own drawn at start (builtin_logos.hpp), in the original's
// place and size; its deprecated width and height are accepted and unused,
// as there.
#pragma once

#include <flu/sdk.hpp>

#include <cstdint>
#include <string>

namespace flu::modules {

class OverlayConverter {
public:
  static std::string pipeline(const sdk::Host &config);
  OverlayConverter(const sdk::Host &config, GstElement *pipeline);
};

// "#RRGGBB", "#AARRGGBB" (or 0x...) as textoverlay's ARGB; throws naming
// `name` and the text.
uint32_t argb_color(const std::string &text, const std::string &name);

} // namespace flu::modules
