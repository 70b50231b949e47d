// A box map (page ABI 1.1) as lines of characters: the area framed, scaled
// to the columns there are (a cell about twice as tall as wide), its boxes
// drawn lowest z-order first so the higher ones cover them.
#pragma once

#include "panel.hpp"

#include <string>
#include <vector>

namespace flu::admin {

// At most `width` columns wide; box-drawing glyphs, or ASCII with utf8 false.
// An opaque box (alpha 1) hides what is under it; a translucent one shows
// it through; a transparent one (alpha 0) is drawn dotted.
std::vector<std::string> draw_box_map(const PanelItem &map, std::size_t width, bool utf8);

} // namespace flu::admin
