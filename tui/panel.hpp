// A component page as data: what an admin page (<flu/admin_page.h>) or the
// generic page described, and how it reads as lines of text. Pure: no
// ncurses, no loading, so the layout is tested without a terminal.
#pragma once

#include "message/messages.hpp"

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace flu::admin {

// A box of a box map (page ABI 1.1), in the map's units.
struct PanelBox {
  std::string label;
  double left = 0, top = 0, width = 0, height = 0;
  int32_t z_order = 0;
  double alpha = 1;
};

struct PanelItem {
  enum class Kind { heading, label, value, gauge, meter, sparkline, box_map };
  Kind kind = Kind::label;
  std::string label;
  std::string text; // value: the value; sparkline: the UI key plotted
  std::string unit;
  double value = 0, min = 0, max = 0;     // gauge
  double peak = 0, rms = 0;               // meter, dBFS
  uint32_t seconds = 0;                   // sparkline
  double area_width = 0, area_height = 0; // box_map: the area the boxes are on
  std::vector<PanelBox> boxes;            // box_map
};

struct KeyBinding {
  char key = 0;
  std::string label;
  std::string method;
  std::vector<std::string> args;
  std::string prompt; // when set, the operator's words are appended to args
};

struct Panel {
  std::vector<PanelItem> items;
  std::vector<KeyBinding> keys;
  // Bounds a page cannot pass (the rest is dropped).
  static constexpr std::size_t max_items = 200;
  static constexpr std::size_t max_keys = 20;
  static constexpr std::size_t max_text = 200; // bytes of one string
  static constexpr std::size_t max_args = 16;
  static constexpr std::size_t max_boxes = 64; // of one box map
  const KeyBinding *binding(int key) const;
};

// Keys a page may not take: the console's own in a page (quit, help, tabs,
// details; Esc, back, is not printable).
bool reserved_key(int key);

// The last minutes of every numeric UI-state entry of every component, as
// the console saw them change, for sparklines.
class History {
public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds keep{600};
  static constexpr std::size_t max_samples = 1200; // per entry

  void record(const message::ComponentStatus &c, Clock::time_point now);
  void forget(const std::string &component_id);
  // `columns` values covering the last `seconds` up to `now`: each the
  // value in force at the end of its column; NaN before the first sample.
  std::vector<double> series(const std::string &component_id, const std::string &key,
                             uint32_t seconds, std::size_t columns,
                             Clock::time_point now) const;

private:
  std::map<std::string,
           std::map<std::string, std::deque<std::pair<Clock::time_point, double>>>>
      samples_;
};

struct PanelLine {
  std::string text;
  bool bold = false;
};

// The panel as lines at most `width` columns wide (UTF-8 block glyphs, or
// ASCII with utf8 false); the key bindings come last.
std::vector<PanelLine> render_panel(const Panel &panel, const History &history,
                                    const std::string &component_id, int width, bool utf8,
                                    History::Clock::time_point now);

// The key whose "KEY label" is at `column` of the keys line (the last line
// of render_panel, "keys:  + more  - less"), for a mouse click; 0 for none.
char key_at_column(const Panel &panel, std::size_t column);

// "1.25 Mbit/s", "12 clients", "3.4 MiB": a figure in its unit, scaled.
std::string figure_text(const std::string &value, const std::string &unit);

// The page of a component without one: UI state, properties, methods.
Panel generic_panel(const message::ComponentStatus &c, const message::Values &properties);

} // namespace flu::admin
