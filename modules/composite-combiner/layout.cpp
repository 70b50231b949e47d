// See layout.hpp.
#include "layout.hpp"

#include <charconv>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace flu::modules {

namespace {

int whole(const std::string &value, int min, int max, const std::string &what) {
  int out = 0;
  const auto [end, error] =
      std::from_chars(value.data(), value.data() + value.size(), out);
  if (error != std::errc() || end != value.data() + value.size() || out < min ||
      out > max)
    throw std::runtime_error(what + " must be a whole number from " +
                             std::to_string(min) + " to " + std::to_string(max) +
                             ", got '" + value + "'");
  return out;
}

double fraction(const std::string &value, const std::string &what) {
  try {
    size_t used = 0;
    const double out = std::stod(value, &used);
    if (used == value.size() && std::isfinite(out) && out >= 0 && out <= 1)
      return out;
  } catch (const std::exception &) {
  }
  throw std::runtime_error(what + " must be a number from 0.0 to 1.0, got '" + value +
                           "'");
}

} // namespace

InputPlace parse_place(const std::string &text, const std::string &where) {
  InputPlace place;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    const auto eq = word.find('=');
    const std::string key = word.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : word.substr(eq + 1);
    const std::string what = where + ": " + key;
    if (eq == std::string::npos)
      throw std::runtime_error(where + ": '" + word + "' is not KEY=VALUE");
    if (key == "position-left")
      place.left = whole(value, -16384, 16384, what);
    else if (key == "position-top")
      place.top = whole(value, -16384, 16384, what);
    else if (key == "width")
      place.width = whole(value, 1, 16384, what);
    else if (key == "height")
      place.height = whole(value, 1, 16384, what);
    else if (key == "z-order")
      place.zorder = whole(value, 0, 1000000, what);
    else if (key == "alpha")
      place.alpha = fraction(value, what);
    else
      throw std::runtime_error(where + ": unknown key '" + key +
                               "' (position-left, position-top, width, height, "
                               "z-order, alpha)");
  }
  return place;
}

std::vector<std::pair<std::string, std::string>> pad_settings(const InputPlace &place) {
  std::vector<std::pair<std::string, std::string>> out;
  if (place.left)
    out.emplace_back("xpos", std::to_string(*place.left));
  if (place.top)
    out.emplace_back("ypos", std::to_string(*place.top));
  if (place.width)
    out.emplace_back("width", std::to_string(*place.width));
  if (place.height)
    out.emplace_back("height", std::to_string(*place.height));
  if (place.zorder)
    out.emplace_back("zorder", std::to_string(*place.zorder));
  if (place.alpha) {
    std::ostringstream alpha;
    alpha.imbue(std::locale::classic());
    alpha << *place.alpha;
    out.emplace_back("alpha", alpha.str());
  }
  return out;
}

} // namespace flu::modules
