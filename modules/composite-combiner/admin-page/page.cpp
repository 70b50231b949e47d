// The composite-combiner's admin page: the layout of its inputs drawn as a
// picture (a box map: position, size, z-order, alpha from each input's
// "input:N" UI state), and keys that re-lay it out through its set-input
// method.
#include <flu/sdk/admin_page.hpp>

#include <map>
#include <sstream>
#include <stdexcept>

namespace {

struct Place {
  double left = 0, top = 0, width = 0, height = 0, alpha = 1;
  long z = 0;
};

// "position-left=X position-top=Y width=W height=H z-order=Z alpha=A".
Place parse(const std::string &text) {
  Place p;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    const auto eq = word.find('=');
    if (eq == std::string::npos)
      continue;
    const std::string key = word.substr(0, eq);
    double v = 0;
    try {
      v = std::stod(word.substr(eq + 1));
    } catch (const std::exception &) {
      continue;
    }
    if (key == "position-left")
      p.left = v;
    else if (key == "position-top")
      p.top = v;
    else if (key == "width")
      p.width = v;
    else if (key == "height")
      p.height = v;
    else if (key == "z-order")
      p.z = static_cast<long>(v);
    else if (key == "alpha")
      p.alpha = v;
  }
  return p;
}

std::string whole(double v) { return std::to_string(static_cast<long long>(v)); }

void draw(flu::sdk::admin::Page &page) {
  std::map<int, Place> inputs;
  for (const auto &key : page.ui_keys())
    if (key.rfind("input:", 0) == 0) {
      try {
        inputs[std::stoi(key.substr(6))] = parse(page.ui(key).value_or(""));
      } catch (const std::exception &) {
      }
    }
  const double width = page.property_number("width").value_or(640);
  const double height = page.property_number("height").value_or(360);
  page.heading("Layout");
  if (inputs.empty()) {
    page.label("no input placed yet");
    return;
  }
  if (page.box_map("picture", width, height))
    for (const auto &[index, p] : inputs)
      page.box(std::to_string(index), p.left, p.top, p.width, p.height,
               static_cast<int>(p.z), p.alpha);
  for (const auto &[index, p] : inputs) {
    const std::string size = p.width > 0 && p.height > 0
                                 ? whole(p.width) + "x" + whole(p.height)
                                 : "its own size";
    char alpha[16];
    std::snprintf(alpha, sizeof alpha, "%.2f", p.alpha);
    page.value("input " + std::to_string(index),
               "at " + whole(p.left) + "," + whole(p.top) + " " + size + " z " +
                   std::to_string(p.z) + " alpha " + alpha);
  }
  // Raising the lowest input to the top, again and again, shows each in turn.
  auto lowest = inputs.begin(), highest = inputs.begin();
  for (auto it = inputs.begin(); it != inputs.end(); ++it) {
    if (it->second.z < lowest->second.z)
      lowest = it;
    if (it->second.z > highest->second.z)
      highest = it;
  }
  if (inputs.size() > 1)
    page.key('>', "input " + std::to_string(lowest->first) + " to the top", "set-input",
             {std::to_string(lowest->first),
              "z-order=" + std::to_string(highest->second.z + 1)});
  page.key('m', "move an input", "set-input", {},
           "INDEX KEY=VALUE... (position-left position-top width height z-order alpha)");
}

} // namespace

FLU_ADMIN_PAGE(draw, "composite-combiner")
