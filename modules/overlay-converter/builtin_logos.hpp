// The overlay's built-in logos, for planets written for Flumotion, whose
// overlay-converter had three (fluendo-logo, cc-logo, xiph-logo). flu
// ships none of Flumotion's artwork: each is a badge of our own, drawn with
// cairo and pango when the component starts (a rounded label, 36x36 as
// the original's, so a planet laid out for them keeps its layout).
//
// As in the original they sit in one row at the bottom left, 4 pixels from
// the edges and apart, in the order xiph, cc, fluendo.
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

namespace flu::modules {

struct BuiltinLogos {
  bool fluendo = false, cc = false, xiph = false;
  bool any() const { return fluendo || cc || xiph; }
};

constexpr int kLogoSize = 36;
constexpr int kLogoBorder = 4;

// The row of the logos asked for (with transparent gaps), as a new RGBA
// pixbuf the caller unrefs; nullptr when none is asked for.
GdkPixbuf *draw_builtin_logos(BuiltinLogos which);

} // namespace flu::modules
