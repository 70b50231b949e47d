// flu-admin's screen: draws the model with ncurses, whatever the terminal's
// size (80x24 and up; smaller is clipped, never wrapped). Moods show as a
// glyph, a word and a colour, so they read without colour too; glyphs fall
// back to ASCII when the locale is not UTF-8 (or with --ascii).
#pragma once

#include "panel.hpp"
#include "planet_model.hpp"

#include <string>
#include <vector>

namespace flu::admin {

enum class Tab { planet, workers, messages };

// Everything the screen shows besides the model.
struct View {
  Tab tab = Tab::planet;
  std::size_t selected = 0; // index in model.ordered_ids()
  std::size_t scroll = 0;   // first row of the list or overlay shown
  int note_level = 3;       // messages pane: up to this level (1 error..3 info)
  std::string manager;      // HOST:PORT, for the title
  std::string status;       // the manager's last answer, or what happened
  std::string prompt;       // a question or an input line being typed
  std::string input;
  std::string overlay_title; // a text box over the content (help, replies)
  std::vector<std::string> overlay;
  bool utf8 = true;
  bool colour = true;
  // A component's page (Enter): its id, a title, a message (a page that
  // failed: the generic page is shown), the page laid out.
  std::string page_component;
  std::string page_title;
  std::string page_note;
  std::vector<PanelLine> page_lines;
  // The keys of what the overlay shows, when it is not a text box (the
  // wizard's).
  std::string key_bar;
};

// Called once after initscr(): colour pairs.
void init_colours(View &view);
void draw(const PlanetModel &model, const View &view);
// "✔ happy" / "+ happy"
std::string mood_glyph(Mood mood, bool utf8);
// The help text shown by '?'.
std::vector<std::string> help_lines();

} // namespace flu::admin
