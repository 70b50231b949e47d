#include "screen.hpp"

#include "i18n/translate.hpp"
#include "mood/mood.hpp"

#include <curses.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace flu::admin {

namespace {

enum Pair : short { p_happy = 1, p_hungry, p_waking, p_sleeping, p_lost, p_sad, p_title };

short pair_of(Mood mood) {
  switch (mood) {
  case Mood::happy:
    return p_happy;
  case Mood::hungry:
    return p_hungry;
  case Mood::waking:
    return p_waking;
  case Mood::lost:
    return p_lost;
  case Mood::sad:
    return p_sad;
  default:
    return p_sleeping;
  }
}

// Writes `text` at (y, x), clipped to the screen's width. Byte-clipping
// may cut a UTF-8 character; the screen's width only bounds it.
void put(int y, int x, const std::string &text, attr_t attrs = 0) {
  const int width = COLS - x;
  if (y < 0 || y >= LINES || width <= 0)
    return;
  attron(attrs);
  mvaddnstr(y, x, text.c_str(), width);
  attroff(attrs);
}

// Columns, counting a UTF-8 character as one (the glyphs used are narrow).
std::size_t columns(const std::string &text) {
  std::size_t n = 0;
  for (unsigned char ch : text)
    n += (ch & 0xC0) != 0x80;
  return n;
}

std::string pad(std::string text, std::size_t width) {
  if (columns(text) > width) {
    std::size_t keep = 0, n = 0;
    while (keep < text.size() && n + 1 < width)
      if ((static_cast<unsigned char>(text[++keep]) & 0xC0) != 0x80)
        ++n;
    text.resize(keep);
    text += "~";
  }
  return text + std::string(width - std::min(width, columns(text)), ' ');
}

std::string bytes_text(const std::string &bytes) {
  if (bytes.empty())
    return "-";
  double v = std::stod(bytes);
  const char *unit = "B";
  for (const char *u : {"K", "M", "G"})
    if (v >= 1024)
      v /= 1024, unit = u;
  char out[32];
  std::snprintf(out, sizeof out, "%.0f%s", v, unit);
  return out;
}

std::string clock_text(int64_t ms) {
  if (ms <= 0)
    return "--:--:--";
  const std::time_t t = ms / 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[16];
  std::strftime(out, sizeof out, "%H:%M:%S", &tm);
  return out;
}

std::string latest_note(const message::ComponentStatus &c) {
  if (c.notes.empty())
    return "";
  const auto it = std::max_element(c.notes.begin(), c.notes.end(), [](auto &a, auto &b) {
    return a.timestamp_ms < b.timestamp_ms;
  });
  return std::string(to_string(it->level)) + ": " + i18n::render(*it);
}

const char *level_name(int level) {
  switch (level) {
  case 1:
    return "errors";
  case 2:
    return "warnings+";
  default:
    return "all";
  }
}

void draw_planet(const PlanetModel &model, const View &view, int top, int rows) {
  const auto ids = model.ordered_ids();
  put(top, 0,
      pad("  COMPONENT", 24) + pad("MOOD", 11) + pad("WORKER", 11) + pad("PID", 8) +
          pad("CPU", 7) + pad("MEM", 7) + "MESSAGE",
      A_BOLD);
  // One row per flow heading and per component.
  std::vector<std::pair<std::string, int>> lines; // text key, index or -1
  std::string flow = "\x01";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string f = flow_of(ids[i]);
    if (f != flow) {
      lines.push_back({f, -1});
      flow = f;
    }
    lines.push_back({ids[i], static_cast<int>(i)});
  }
  const int body = rows - 1;
  // Keep the selection in sight.
  std::size_t first = view.scroll;
  for (std::size_t l = 0; l < lines.size(); ++l)
    if (lines[l].second == static_cast<int>(view.selected)) {
      if (l < first)
        first = l;
      if (body > 0 && l >= first + body)
        first = l - body + 1;
    }
  for (int r = 0; r < body && first + r < lines.size(); ++r) {
    const auto &[key, index] = lines[first + r];
    const int y = top + 1 + r;
    if (index < 0) {
      const std::string arrow = view.utf8 ? "▾ " : "- ";
      put(y, 0, arrow + (key == "atmosphere" ? "atmosphere" : "flow " + key), A_BOLD);
      continue;
    }
    const auto &c = model.components.at(key);
    const bool sel = static_cast<std::size_t>(index) == view.selected;
    const std::string name = key.substr(key.find('/', 1) + 1);
    std::string mood = mood_glyph(c.mood, view.utf8);
    if (c.pending != Mood::unknown && c.pending != c.mood)
      mood += std::string(view.utf8 ? "→" : ">") + to_string(c.pending);
    const std::string cpu = ui_value(c, "cpu-percent");
    put(y, 0, sel ? "> " : "  ", sel ? A_REVERSE : 0);
    put(y, 2, pad(name, 22), sel ? A_REVERSE : 0);
    put(y, 24, pad(mood, 11), (view.colour ? COLOR_PAIR(pair_of(c.mood)) : 0) | A_BOLD);
    put(y, 35,
        pad(c.worker.empty() ? "-" : c.worker, 11) +
            pad(c.pid ? std::to_string(c.pid) : "-", 8) +
            pad(cpu.empty() ? "-" : cpu + "%", 7) +
            pad(bytes_text(ui_value(c, "memory-bytes")), 7) + latest_note(c));
  }
}

void draw_workers(const PlanetModel &model, const View &view, int top, int rows) {
  put(top, 0,
      pad("WORKER", 14) + pad("HOST", 16) + pad("FEED", 7) + pad("LINK", 11) +
          pad("PID", 8) + pad("FETCHED", 9) + pad("BYTES", 8) + "HITS",
      A_BOLD);
  int y = top + 1;
  for (const auto &[name, w] : model.workers) {
    if (y >= top + rows)
      break;
    put(y, 0, pad(name, 14) + pad(w.host, 16) + pad(std::to_string(w.feed_port), 7));
    put(y, 37, pad(w.connected ? "connected" : "gone", 11),
        view.colour ? COLOR_PAIR(w.connected ? p_happy : p_lost) : A_BOLD);
    put(y, 48,
        pad(w.pid ? std::to_string(w.pid) : "-", 8) +
            pad(std::to_string(w.bundles_fetched), 9) +
            pad(bytes_text(std::to_string(w.bundle_bytes_fetched)), 8) +
            std::to_string(w.bundle_cache_hits));
    ++y;
  }
  if (model.workers.empty())
    put(y, 2, "(no worker has logged in)");
}

void draw_messages(const PlanetModel &model, const View &view, int top, int rows) {
  const auto notes = notes_newest_first(model, view.note_level);
  put(top, 0, pad("TIME (UTC)", 10) + pad("LEVEL", 9) + pad("COMPONENT", 22) + "MESSAGE",
      A_BOLD);
  for (int r = 0; r + 1 < rows && view.scroll + r < notes.size(); ++r) {
    const auto &[id, n] = notes[view.scroll + r];
    const short colour = n.level == message::NoteLevel::error     ? p_sad
                         : n.level == message::NoteLevel::warning ? p_hungry
                                                                  : 0;
    put(top + 1 + r, 0, pad(clock_text(n.timestamp_ms), 10));
    put(top + 1 + r, 10, pad(std::string(to_string(n.level)), 9),
        view.colour && colour ? COLOR_PAIR(colour) : 0);
    put(top + 1 + r, 19, pad(id, 22) + i18n::render(n));
  }
  if (notes.empty())
    put(top + 1, 2, "(no messages at this level)");
}

void draw_overlay(const View &view, int top, int rows) {
  for (int r = 0; r < rows; ++r) {
    move(top + r, 0);
    clrtoeol();
  }
  put(top, 0, pad("== " + view.overlay_title + " ==", COLS), A_REVERSE);
  for (int r = 1; r < rows && view.scroll + r - 1 < view.overlay.size(); ++r)
    put(top + r, 1, view.overlay[view.scroll + r - 1]);
}

void draw_page(const View &view, int top, int rows) {
  put(top, 0, pad("== " + view.page_title + " ==", COLS), A_REVERSE);
  int y = top + 1;
  // The note names a bundle and a reason: wrapped, never cut.
  const std::size_t width = static_cast<std::size_t>(std::max(10, COLS - 2));
  std::string note = view.page_note;
  while (!note.empty() && y < top + rows) {
    std::size_t cut = note.size() <= width ? note.size() : note.rfind(' ', width);
    if (cut == std::string::npos || cut == 0)
      cut = std::min(width, note.size());
    put(y++, 1, note.substr(0, cut), view.colour ? COLOR_PAIR(p_sad) | A_BOLD : A_BOLD);
    note.erase(0, std::min(note.size(), cut + (cut < note.size() && note[cut] == ' ')));
  }
  // The lines are laid out to the screen's width already, in columns: put()
  // would clip multi-byte glyphs (the bars and plots) by bytes.
  for (std::size_t i = view.scroll; i < view.page_lines.size() && y < top + rows; ++i) {
    const attr_t attrs = view.page_lines[i].bold ? A_BOLD : 0;
    attron(attrs);
    mvaddstr(y++, 1, view.page_lines[i].text.c_str());
    attroff(attrs);
  }
}

std::string link_text(const PlanetModel &model) {
  using namespace std::chrono;
  switch (model.link) {
  case Link::live: {
    const auto quiet =
        duration_cast<seconds>(steady_clock::now() - model.last_heard).count();
    return quiet >= 5 ? "slow: silent " + std::to_string(quiet) + "s" : "live";
  }
  case Link::connecting:
    return "connecting...";
  case Link::lost:
    return "LOST (" + model.link_why + "), reconnecting";
  }
  return "";
}

} // namespace

void init_colours(View &view) {
  view.colour = view.colour && has_colors();
  if (!view.colour)
    return;
  start_color();
  use_default_colors();
  init_pair(p_happy, COLOR_GREEN, -1);
  init_pair(p_hungry, COLOR_YELLOW, -1);
  init_pair(p_waking, COLOR_CYAN, -1);
  init_pair(p_sleeping, -1, -1);
  init_pair(p_lost, COLOR_MAGENTA, -1);
  init_pair(p_sad, COLOR_RED, -1);
  init_pair(p_title, COLOR_WHITE, COLOR_BLUE);
}

std::string mood_glyph(Mood mood, bool utf8) {
  const char *glyph = "?";
  switch (mood) {
  case Mood::happy:
    glyph = utf8 ? "✔" : "+";
    break;
  case Mood::hungry:
    glyph = utf8 ? "◐" : "~";
    break;
  case Mood::waking:
    glyph = utf8 ? "↑" : "^";
    break;
  case Mood::sleeping:
    glyph = utf8 ? "○" : "-";
    break;
  case Mood::lost:
    glyph = utf8 ? "⚠" : "?";
    break;
  case Mood::sad:
    glyph = utf8 ? "✖" : "X";
    break;
  default:
    break;
  }
  return std::string(glyph) + " " + to_string(mood);
}

std::vector<std::string> help_lines() {
  return {
      "flu-admin: the operator's console of a flu manager.",
      "",
      "  1 2 3        planet / workers / messages",
      "  Up Down      select a component (PgUp PgDn, Home End)",
      "  s            start the selected component",
      "  t            stop it (asks first)",
      "  r            restart it (asks first)",
      "  D            delete it from the planet (asks first)",
      "  u            upgrade it to a bundle version (empty: newest allowed)",
      "  p            read one of its properties",
      "  i            invoke one of its methods: METHOD [ARG...]",
      "  l            load a flow file (path on this machine)",
      "  e            export the planet to a file",
      "  w            the wizard: a new flow step by step (worker, source,",
      "               encodings, consumers, bouncer), reviewed, then loaded",
      "  k            list a bouncer's keycards ('manager' or /flow/bouncer)",
      "  x            expire a keycard: BOUNCER KEYCARD-ID (asks first)",
      "  f            messages: errors / warnings and errors / all",
      "  Enter        the selected component's page (from its bundle, or the",
      "               generic one); in a page, its keys, d details, Esc back",
      "  ?            this help        Esc  close a box       q  quit",
      "",
      "Moods: ✔/+ happy  ◐/~ hungry  ↑/^ waking  ○/- sleeping  ⚠/? lost  ✖/X sad",
  };
}

void draw(const PlanetModel &model, const View &view) {
  erase();
  const std::string title = " flu-admin  planet " +
                            (model.planet.empty() ? "?" : model.planet) + "  manager " +
                            view.manager + "  [" + link_text(model) + "]";
  put(0, 0, pad(title, COLS), view.colour ? COLOR_PAIR(p_title) | A_BOLD : A_REVERSE);
  const auto tab = [&](Tab t, const std::string &text) {
    return (view.tab == t ? "[" + text + "]" : " " + text + " ") + " ";
  };
  put(1, 0,
      tab(Tab::planet, "1 Planet") + tab(Tab::workers, "2 Workers") +
          tab(Tab::messages, std::string("3 Messages: ") + level_name(view.note_level)) +
          std::to_string(model.components.size()) + " components");
  const int top = 2, rows = std::max(0, LINES - 4);
  if (!view.overlay_title.empty())
    draw_overlay(view, top, rows);
  else if (!view.page_component.empty())
    draw_page(view, top, rows);
  else if (view.tab == Tab::planet)
    draw_planet(model, view, top, rows);
  else if (view.tab == Tab::workers)
    draw_workers(model, view, top, rows);
  else
    draw_messages(model, view, top, rows);
  if (!view.prompt.empty())
    put(LINES - 2, 0, view.prompt + view.input, A_BOLD);
  else
    put(LINES - 2, 0, view.status);
  put(LINES - 1, 0,
      pad(!view.key_bar.empty()          ? view.key_bar
          : !view.overlay_title.empty()  ? "Up/Down scroll  Esc close  q quit"
          : !view.page_component.empty() ? "page keys above  s start t stop i invoke p "
                                           "prop d details Esc back q quit"
                                         : "s start t stop r restart D del i invoke l "
                                           "load w wizard Enter page ? help q quit",
          COLS),
      A_REVERSE);
  if (!view.prompt.empty()) {
    curs_set(1);
    move(LINES - 2,
         std::min(COLS - 1, static_cast<int>(view.prompt.size() + view.input.size())));
  } else {
    curs_set(0);
  }
  refresh();
}

} // namespace flu::admin
