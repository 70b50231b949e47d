#include "panel.hpp"

#include "box_map.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>

namespace flu::admin {

namespace {

constexpr std::size_t label_width = 16;

std::optional<double> number(const std::string &text) {
  double v = 0;
  const char *end = text.data() + text.size();
  const auto [p, ec] = std::from_chars(text.data(), end, v);
  if (ec != std::errc() || p != end || !std::isfinite(v))
    return std::nullopt;
  return v;
}

std::size_t columns(const std::string &text) {
  std::size_t n = 0;
  for (unsigned char ch : text)
    n += (ch & 0xC0) != 0x80;
  return n;
}

// Cuts to `width` columns, never inside a UTF-8 character.
std::string clip(const std::string &text, std::size_t width) {
  std::size_t n = 0, i = 0;
  for (; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && n++ == width)
      break;
  return text.substr(0, i);
}

std::string pad(const std::string &text, std::size_t width) {
  const std::string cut = clip(text, width);
  return cut + std::string(width - std::min(width, columns(cut)), ' ');
}

std::string repeat(const std::string &glyph, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i)
    out += glyph;
  return out;
}

std::string fixed(double v, int decimals) {
  char out[48];
  std::snprintf(out, sizeof out, "%.*f", decimals, v);
  return out;
}

std::string scaled(double v, double base, const std::vector<std::string> &units) {
  std::size_t i = 0;
  while (i + 1 < units.size() && std::fabs(v) >= base)
    v /= base, ++i;
  const int decimals = i == 0 || std::fabs(v) >= 100 ? 0 : std::fabs(v) >= 10 ? 1 : 2;
  return fixed(v, decimals) + " " + units[i];
}

// A bar of `width` cells filled to `fraction`.
std::string bar(double fraction, std::size_t width, bool utf8) {
  fraction = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
  const auto filled = static_cast<std::size_t>(std::lround(fraction * double(width)));
  return repeat(utf8 ? "█" : "#", filled) + repeat(utf8 ? "░" : ".", width - filled);
}

std::string meter(double peak, double rms, std::size_t width, bool utf8) {
  const auto cell = [&](double db) {
    return static_cast<std::size_t>(
        std::lround(std::clamp((db + 60.0) / 60.0, 0.0, 1.0) * double(width)));
  };
  const std::size_t r = cell(rms), p = std::max(cell(peak), r);
  std::string out;
  for (std::size_t i = 0; i < width; ++i)
    out += i < r ? (utf8 ? "█" : "#") : (i + 1 == p ? "|" : (utf8 ? "·" : "."));
  return out;
}

std::string spark(const std::vector<double> &values, bool utf8) {
  static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
  static const char ascii[] = "_.,-=+*#";
  double lo = 0, hi = 0;
  bool any = false;
  for (double v : values)
    if (!std::isnan(v)) {
      lo = any ? std::min(lo, v) : std::min(0.0, v);
      hi = any ? std::max(hi, v) : v;
      any = true;
    }
  std::string out;
  for (double v : values) {
    if (std::isnan(v)) {
      out += ' ';
      continue;
    }
    const int level =
        hi > lo ? static_cast<int>(std::lround((v - lo) / (hi - lo) * 7.0)) : 0;
    if (utf8)
      out += blocks[std::clamp(level, 0, 7)];
    else
      out += ascii[std::clamp(level, 0, 7)];
  }
  return out;
}

std::string span_text(uint32_t seconds) {
  return seconds % 60 == 0 ? std::to_string(seconds / 60) + " min"
                           : std::to_string(seconds) + " s";
}

} // namespace

const KeyBinding *Panel::binding(int key) const {
  for (const auto &k : keys)
    if (k.key == key)
      return &k;
  return nullptr;
}

bool reserved_key(int key) {
  return key < 33 || key > 126 ||
         std::string("q?123d").find(static_cast<char>(key)) != std::string::npos;
}

void History::record(const message::ComponentStatus &c, Clock::time_point now) {
  for (const auto &[key, values] : c.ui) {
    if (values.empty())
      continue;
    const auto v = number(values.front());
    if (!v)
      continue;
    auto &series = samples_[c.component_id][key];
    if (!series.empty() && series.back().second == *v &&
        now - series.back().first < std::chrono::seconds(1))
      continue;
    series.emplace_back(now, *v);
    while (series.size() > max_samples ||
           (series.size() > 1 && now - series[1].first > keep))
      series.pop_front();
  }
}

void History::forget(const std::string &component_id) { samples_.erase(component_id); }

std::vector<double> History::series(const std::string &component_id,
                                    const std::string &key, uint32_t seconds,
                                    std::size_t n, Clock::time_point now) const {
  std::vector<double> out(n, std::nan(""));
  const auto c = samples_.find(component_id);
  if (c == samples_.end() || n == 0)
    return out;
  const auto s = c->second.find(key);
  if (s == c->second.end())
    return out;
  const auto span = std::chrono::duration<double>(std::max(1u, seconds));
  std::size_t i = 0;
  for (std::size_t col = 0; col < n; ++col) {
    const auto end = now - std::chrono::duration_cast<Clock::duration>(
                               span * (double(n - 1 - col) / double(n)));
    while (i < s->second.size() && s->second[i].first <= end)
      ++i;
    if (i > 0)
      out[col] = s->second[i - 1].second;
  }
  return out;
}

std::string figure_text(const std::string &value, const std::string &unit) {
  const auto v = number(value);
  if (!v)
    return unit.empty() || value == "-" ? value : value + " " + unit;
  if (unit == "bit/s")
    return scaled(*v, 1000, {"bit/s", "kbit/s", "Mbit/s", "Gbit/s"});
  if (unit == "B")
    return scaled(*v, 1024, {"B", "KiB", "MiB", "GiB"});
  const std::string number_text =
      *v == std::floor(*v) && std::fabs(*v) < 1e15 ? fixed(*v, 0) : fixed(*v, 2);
  return unit.empty() ? number_text : number_text + " " + unit;
}

std::vector<PanelLine> render_panel(const Panel &panel, const History &history,
                                    const std::string &id, int width_in, bool utf8,
                                    History::Clock::time_point now) {
  const std::size_t width = static_cast<std::size_t>(std::max(20, width_in));
  // Bars and plots take what the label and the figure leave.
  const std::size_t graph = width >= 52 ? std::min<std::size_t>(60, width - 44) : 8;
  std::vector<PanelLine> lines;
  const auto add = [&](std::string text, bool bold = false) {
    lines.push_back({clip(text, width), bold});
  };
  for (const auto &item : panel.items) {
    using Kind = PanelItem::Kind;
    const std::string label = "  " + pad(item.label, label_width) + " ";
    switch (item.kind) {
    case Kind::heading:
      if (!lines.empty())
        add("");
      add(item.label, true);
      break;
    case Kind::label:
      add("  " + item.label);
      break;
    case Kind::value:
      add(label + figure_text(item.text, item.unit));
      break;
    case Kind::gauge: {
      const double span = item.max - item.min;
      add(label + "[" + bar(span > 0 ? (item.value - item.min) / span : 0, graph, utf8) +
          "] " + figure_text(fixed(item.value, 6), item.unit));
      break;
    }
    case Kind::meter:
      add(label + "[" + meter(item.peak, item.rms, graph, utf8) + "] " +
          fixed(item.peak, 1) + " dBFS (rms " + fixed(item.rms, 1) + ")");
      break;
    case Kind::sparkline: {
      const auto values = history.series(id, item.text, item.seconds, graph, now);
      std::string latest = "-";
      for (auto it = values.rbegin(); it != values.rend(); ++it)
        if (!std::isnan(*it)) {
          latest = figure_text(fixed(*it, 6), item.unit);
          break;
        }
      add(label + "[" + spark(values, utf8) + "] " + latest + "  (" +
          span_text(item.seconds) + ")");
      break;
    }
    case Kind::box_map:
      add(label + fixed(item.area_width, 0) + "x" + fixed(item.area_height, 0));
      for (auto &line : draw_box_map(item, width - std::min<std::size_t>(width, 4), utf8))
        add("    " + line);
      break;
    }
  }
  if (!panel.keys.empty()) {
    add("");
    std::string keys = "keys:";
    for (const auto &k : panel.keys)
      keys += std::string("  ") + k.key + " " + k.label;
    add(keys, true);
  }
  return lines;
}

char key_at_column(const Panel &panel, std::size_t column) {
  std::size_t at = std::string("keys:").size();
  for (const auto &k : panel.keys) {
    const std::size_t start = at + 2, end = start + 2 + columns(k.label);
    if (column >= start && column < end)
      return k.key;
    at = end;
  }
  return 0;
}

Panel generic_panel(const message::ComponentStatus &c,
                    const message::Values &properties) {
  Panel panel;
  const auto item = [&](PanelItem::Kind kind, std::string label, std::string text = "") {
    PanelItem i;
    i.kind = kind;
    i.label = std::move(label);
    i.text = std::move(text);
    panel.items.push_back(std::move(i));
  };
  const auto joined = [](const std::vector<std::string> &values) {
    std::string text;
    for (const auto &v : values)
      text += (text.empty() ? "" : ", ") + v;
    return text;
  };
  item(PanelItem::Kind::heading, "UI state");
  for (const auto &[key, values] : c.ui)
    item(PanelItem::Kind::value, key, joined(values));
  if (c.ui.empty())
    item(PanelItem::Kind::label, "(nothing published)");
  item(PanelItem::Kind::heading, "Properties");
  for (const auto &[name, values] : properties)
    item(PanelItem::Kind::value, name, joined(values));
  if (properties.empty())
    item(PanelItem::Kind::label, "(none configured, or not read yet)");
  item(PanelItem::Kind::heading, "Methods");
  item(PanelItem::Kind::label, "i invokes one: METHOD [ARG...]; p reads a property");
  return panel;
}

} // namespace flu::admin
