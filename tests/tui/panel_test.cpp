// A panel description laid out as lines: what each kind of item reads as,
// the history behind sparklines, the generic page.
#define BOOST_TEST_MODULE tui_panel
#include "contains.hpp"
#include "panel.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>

using namespace flu::admin;
using namespace std::chrono_literals;

namespace {

PanelItem item(PanelItem::Kind kind, std::string label, std::string text = "",
               std::string unit = "") {
  PanelItem i;
  i.kind = kind;
  i.label = std::move(label);
  i.text = std::move(text);
  i.unit = std::move(unit);
  return i;
}

std::size_t columns(const std::string &text) {
  std::size_t n = 0;
  for (unsigned char ch : text)
    n += (ch & 0xC0) != 0x80;
  return n;
}

using flu::test::contains;

flu::message::ComponentStatus component(std::string viewers) {
  flu::message::ComponentStatus c;
  c.component_id = "/default/http";
  c.type = "http-streamer";
  c.ui = {{"viewers", {std::move(viewers)}}, {"state", {"streaming"}}};
  return c;
}

} // namespace

BOOST_AUTO_TEST_CASE(figures_read_in_their_units) {
  BOOST_TEST(figure_text("1250000", "bit/s") == "1.25 Mbit/s");
  BOOST_TEST(figure_text("400000", "bit/s") == "400 kbit/s");
  BOOST_TEST(figure_text("999", "bit/s") == "999 bit/s");
  BOOST_TEST(figure_text("3145728", "B") == "3.00 MiB");
  BOOST_TEST(figure_text("12", "clients") == "12 clients");
  BOOST_TEST(figure_text("0.5", "") == "0.50");
  BOOST_TEST(figure_text("vp8", "") == "vp8");
  BOOST_TEST(figure_text("-", "bit/s") == "-");
}

BOOST_AUTO_TEST_CASE(each_item_kind_reads_as_a_line) {
  Panel panel;
  panel.items.push_back(item(PanelItem::Kind::heading, "Bitrate"));
  panel.items.push_back(item(PanelItem::Kind::value, "target", "500000", "bit/s"));
  auto gauge = item(PanelItem::Kind::gauge, "load", "", "%");
  gauge.value = 50, gauge.min = 0, gauge.max = 100;
  panel.items.push_back(gauge);
  auto meter = item(PanelItem::Kind::meter, "default L");
  meter.peak = -6, meter.rms = -30;
  panel.items.push_back(meter);
  panel.items.push_back(item(PanelItem::Kind::label, "a note"));
  panel.keys.push_back({'+', "more", "set-bitrate", {"600000"}, ""});
  const auto lines =
      render_panel(panel, History{}, "/f/c", 80, false, History::Clock::now());
  BOOST_REQUIRE_EQUAL(lines.size(), 7u);
  BOOST_TEST(lines[0].text == "Bitrate");
  BOOST_TEST(lines[0].bold);
  BOOST_TEST(lines[1].text == "  target           500 kbit/s");
  // 36 cells (80 columns - 44), half filled.
  BOOST_TEST(lines[2].text == "  load             [" + std::string(18, '#') +
                                  std::string(18, '.') + "] 50 %");
  // -60..0 dB over 36 cells: rms -30 fills 18, the peak (-6) marks cell 32.
  BOOST_TEST(lines[3].text == "  default L        [" + std::string(18, '#') +
                                  std::string(13, '.') + "|" + std::string(4, '.') +
                                  "] -6.0 dBFS (rms -30.0)");
  BOOST_TEST(lines[4].text == "  a note");
  BOOST_TEST(lines[5].text == "");
  BOOST_TEST(lines[6].text == "keys:  + more");
}

BOOST_AUTO_TEST_CASE(lines_never_pass_the_width) {
  Panel panel;
  panel.items.push_back(
      item(PanelItem::Kind::value, "a rather long label indeed", std::string(300, 'v')));
  auto spark = item(PanelItem::Kind::sparkline, "viewers", "viewers", "clients");
  spark.seconds = 60;
  panel.items.push_back(spark);
  History history;
  history.record(component("3"), History::Clock::now());
  for (int width : {20, 37, 80, 200})
    for (bool utf8 : {true, false})
      for (const auto &line : render_panel(panel, history, "/default/http", width, utf8,
                                           History::Clock::now()))
        BOOST_TEST(columns(line.text) <= static_cast<std::size_t>(width), line.text);
}

BOOST_AUTO_TEST_CASE(a_sparkline_plots_the_figure_over_its_window) {
  History history;
  const auto t0 = History::Clock::now();
  history.record(component("0"), t0);
  history.record(component("4"), t0 + 30s);
  history.record(component("8"), t0 + 45s);
  const auto now = t0 + 60s;
  // Four columns of 15 s each, ending at 15, 30, 45 and 60 s.
  const auto values = history.series("/default/http", "viewers", 60, 4, now);
  BOOST_REQUIRE_EQUAL(values.size(), 4u);
  BOOST_TEST(values[0] == 0);
  BOOST_TEST(values[1] == 4);
  BOOST_TEST(values[2] == 8);
  BOOST_TEST(values[3] == 8);
  // Before the first sample there is nothing to plot.
  const auto longer = history.series("/default/http", "viewers", 120, 4, now);
  BOOST_TEST(std::isnan(longer[0]));
  BOOST_TEST(longer[3] == 8);
  // Text entries are not figures.
  BOOST_TEST(std::isnan(history.series("/default/http", "state", 60, 1, now)[0]));

  Panel panel;
  auto spark = item(PanelItem::Kind::sparkline, "viewers", "viewers", "clients");
  spark.seconds = 60;
  panel.items.push_back(spark);
  const auto line = render_panel(panel, history, "/default/http", 52, false, now)[0].text;
  // 8 columns of 7.5 s: 0 for three, 4 for two, then 8.
  BOOST_TEST(line == "  viewers          [___==###] 8 clients  (1 min)");
  const auto utf8 = render_panel(panel, history, "/default/http", 52, true, now)[0].text;
  BOOST_TEST(contains(utf8, "[▁▁▁▅▅███] 8 clients"), utf8);
  history.forget("/default/http");
  BOOST_TEST(
      contains(render_panel(panel, history, "/default/http", 52, false, now)[0].text,
               "[        ] -"));
}

BOOST_AUTO_TEST_CASE(the_generic_page_shows_ui_state_properties_and_methods) {
  const auto c = component("2");
  const auto lines = render_panel(generic_panel(c, {{"port", {"8800"}}}), History{},
                                  c.component_id, 80, true, History::Clock::now());
  std::string all;
  for (const auto &l : lines)
    all += l.text + "\n";
  BOOST_TEST(
      contains(all, "UI state\n  viewers          2\n  state            streaming\n"),
      all);
  BOOST_TEST(contains(all, "Properties\n  port             8800\n"), all);
  BOOST_TEST(contains(all, "Methods\n  i invokes one"), all);
}

BOOST_AUTO_TEST_CASE(keys_the_console_needs_are_reserved) {
  for (int key :
       {int('q'), int('?'), int('1'), int('2'), int('3'), int('d'), int(' '), 27, 0, 200})
    BOOST_TEST(reserved_key(key), key);
  for (int key : {int('+'), int('-'), int('b'), int('m'), int('B')})
    BOOST_TEST(!reserved_key(key), key);
}

namespace {

PanelItem box_map(std::vector<PanelBox> boxes) {
  PanelItem map = item(PanelItem::Kind::box_map, "picture");
  map.area_width = 40;
  map.area_height = 20;
  map.boxes = std::move(boxes);
  return map;
}

std::vector<std::string> texts(const Panel &panel, int width, bool utf8) {
  std::vector<std::string> out;
  for (const auto &l :
       render_panel(panel, History{}, "/f/mix", width, utf8, History::Clock::now()))
    out.push_back(l.text);
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_box_map_draws_boxes_scaled_the_higher_on_top) {
  // 40x20 in 20 columns: half a column a unit, and 5 rows (a cell is about
  // twice as tall as wide). Input 1, the top-left quarter, covers input 0.
  Panel panel;
  panel.items.push_back(box_map({{"0", 0, 0, 40, 20, 0, 1}, {"1", 0, 0, 20, 12, 1, 1}}));
  const std::string frame = "    +" + std::string(20, '=') + "+";
  const std::vector<std::string> expected{
      "  picture          40x20",   frame,
      "    |+--------+---------+|", "    ||1       |         ||",
      "    |+--------+         ||", "    ||                  ||",
      "    |+------------------+|", frame};
  BOOST_TEST(texts(panel, 26, false) == expected, boost::test_tools::per_element());

  // Input 0 raised above: it hides input 1 whole.
  panel.items[0].boxes[0].z_order = 2;
  const auto raised = texts(panel, 26, false);
  BOOST_TEST(raised[2] == "    |+------------------+|");
  BOOST_TEST(raised[3] == "    ||0                 ||");
  BOOST_TEST(raised[4] == "    ||                  ||");

  // Translucent, it shows what is below through; transparent, it is dotted.
  panel.items[0].boxes[0].alpha = 0.5;
  const auto through = texts(panel, 26, false);
  BOOST_TEST(through[3] == "    ||0       |         ||");
  BOOST_TEST(through[4] == "    ||--------+         ||");
  panel.items[0].boxes[0].alpha = 0;
  BOOST_TEST(texts(panel, 26, false)[2] == "    |+..................+|");
}

BOOST_AUTO_TEST_CASE(a_box_map_stays_in_its_width_and_marks_boxes_without_a_size) {
  Panel panel;
  panel.items.push_back(box_map({{"abc", 10, 5, 0, 0, 0, 1},
                                 {"far", 30, 15, 100, 100, 0, 1},
                                 {"tiny", 0, 0, 1, 1, 0, 1}}));
  for (int width : {20, 26, 80, 200})
    for (bool utf8 : {true, false})
      for (const auto &line : texts(panel, width, utf8))
        BOOST_TEST(columns(line) <= static_cast<std::size_t>(width), line);
  const auto lines = texts(panel, 26, false);
  // The box of no size is its label's first letter at its place; the one
  // too small for a frame is filled with its own; the one past the edge is
  // cut there.
  BOOST_TEST(lines[3][4 + 1 + 5] == 'a', lines[3]);
  BOOST_TEST(lines[2][4 + 1] == 't', lines[2]);
  BOOST_TEST(lines[5].substr(4 + 1 + 15) == "+----|", lines[5]);
  const auto utf8 = texts(panel, 26, true);
  BOOST_TEST(contains(utf8[1], "╔══"), utf8[1]);
  BOOST_TEST(contains(utf8[5], "┌────║"), utf8[5]);
}

BOOST_AUTO_TEST_CASE(a_click_on_the_keys_line_finds_its_key) {
  Panel panel;
  panel.keys.push_back({'+', "more", "set-bitrate", {"600000"}, ""});
  panel.keys.push_back({'b', "set the bitrate", "set-bitrate", {}, "bit/s"});
  const std::string line =
      render_panel(panel, History{}, "/f/c", 80, true, History::Clock::now()).back().text;
  BOOST_TEST_REQUIRE(line == "keys:  + more  b set the bitrate");
  for (std::size_t column = 0; column < line.size() + 3; ++column) {
    const char want = column >= 7 && column < 13    ? '+'
                      : column >= 15 && column < 32 ? 'b'
                                                    : 0;
    BOOST_TEST(key_at_column(panel, column) == want, "column " << column);
  }
}
