#include "box_map.hpp"

#include <algorithm>
#include <cmath>

namespace flu::admin {

namespace {

// One glyph a cell, as UTF-8.
using Grid = std::vector<std::vector<std::string>>;

std::vector<std::string> glyphs(const std::string &text) {
  std::vector<std::string> out;
  for (unsigned char ch : text)
    if ((ch & 0xC0) != 0x80 || out.empty())
      out.emplace_back(1, static_cast<char>(ch));
    else
      out.back() += static_cast<char>(ch);
  return out;
}

struct Style {
  const char *h, *v, *tl, *tr, *bl, *br;
};

constexpr Style solid_utf8{"─", "│", "┌", "┐", "└", "┘"};
constexpr Style dotted_utf8{"┄", "┆", "┌", "┐", "└", "┘"};
constexpr Style solid_ascii{"-", "|", "+", "+", "+", "+"};
constexpr Style dotted_ascii{".", ":", "+", "+", "+", "+"};

void put(Grid &grid, long x, long y, const std::string &glyph) {
  if (y >= 0 && y < static_cast<long>(grid.size()) && x >= 0 &&
      x < static_cast<long>(grid[0].size()))
    grid[y][x] = glyph;
}

void draw_box(Grid &grid, const PanelBox &box, double sx, double sy, bool utf8) {
  const auto label = glyphs(box.label.empty() ? "?" : box.label);
  const long x0 = std::lround(std::floor(box.left * sx));
  const long y0 = std::lround(std::floor(box.top * sy));
  if (box.width <= 0 || box.height <= 0) { // no size of its own: a marker
    put(grid, x0, y0, label.front());
    return;
  }
  const long x1 = std::max(x0, std::lround(std::ceil((box.left + box.width) * sx)) - 1);
  const long y1 = std::max(y0, std::lround(std::ceil((box.top + box.height) * sy)) - 1);
  if (x1 == x0 || y1 == y0) { // too small for a frame: filled with its label
    for (long y = y0; y <= y1; ++y)
      for (long x = x0; x <= x1; ++x)
        put(grid, x, y, label.front());
    return;
  }
  const Style &s = box.alpha < 0.01 ? (utf8 ? dotted_utf8 : dotted_ascii)
                                    : (utf8 ? solid_utf8 : solid_ascii);
  if (box.alpha >= 0.99)
    for (long y = y0 + 1; y < y1; ++y)
      for (long x = x0 + 1; x < x1; ++x)
        put(grid, x, y, " ");
  for (long x = x0 + 1; x < x1; ++x) {
    put(grid, x, y0, s.h);
    put(grid, x, y1, s.h);
  }
  for (long y = y0 + 1; y < y1; ++y) {
    put(grid, x0, y, s.v);
    put(grid, x1, y, s.v);
  }
  put(grid, x0, y0, s.tl);
  put(grid, x1, y0, s.tr);
  put(grid, x0, y1, s.bl);
  put(grid, x1, y1, s.br);
  // The label inside when there is room, else on the top edge.
  const long ly = y1 - y0 >= 2 ? y0 + 1 : y0;
  for (long i = 0; i < static_cast<long>(label.size()) && x0 + 1 + i < x1; ++i)
    put(grid, x0 + 1 + i, ly, label[i]);
}

} // namespace

std::vector<std::string> draw_box_map(const PanelItem &map, std::size_t width,
                                      bool utf8) {
  if (!(map.area_width > 0) || !(map.area_height > 0))
    return {"(no area to draw)"};
  const std::size_t cols = std::clamp<std::size_t>(width, 12, 66) - 2;
  const std::size_t rows =
      std::clamp<std::size_t>(static_cast<std::size_t>(std::lround(
                                  double(cols) * map.area_height / map.area_width / 2.0)),
                              3, 16);
  Grid grid(rows, std::vector<std::string>(cols, " "));
  const double sx = double(cols) / map.area_width, sy = double(rows) / map.area_height;
  auto boxes = map.boxes;
  std::stable_sort(boxes.begin(), boxes.end(), [](const PanelBox &a, const PanelBox &b) {
    return a.z_order < b.z_order;
  });
  for (const auto &box : boxes)
    draw_box(grid, box, sx, sy, utf8);
  std::string edge;
  for (std::size_t i = 0; i < cols; ++i)
    edge += utf8 ? "═" : "=";
  std::vector<std::string> lines{std::string(utf8 ? "╔" : "+") + edge +
                                 (utf8 ? "╗" : "+")};
  for (const auto &row : grid) {
    std::string line = utf8 ? "║" : "|";
    for (const auto &cell : row)
      line += cell;
    lines.push_back(line + (utf8 ? "║" : "|"));
  }
  lines.push_back(std::string(utf8 ? "╚" : "+") + edge + (utf8 ? "╝" : "+"));
  return lines;
}

} // namespace flu::admin
