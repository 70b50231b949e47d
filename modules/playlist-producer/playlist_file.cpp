// playlist_file: see playlist_file.hpp.
#include "playlist_file.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <locale>
#include <sstream>

namespace flu::modules::playlist {
namespace {

constexpr const char *time_form = "YYYY-MM-DDThh:mm:ss[.fraction]Z (or +hh:mm for Z)";

int line_of(std::string_view text, std::ptrdiff_t offset) {
  if (offset < 0)
    return 0;
  const auto end = text.begin() + std::min<std::ptrdiff_t>(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), end, '\n'));
}

// Two digits at `at` of `text`, or -1.
int two_digits(std::string_view text, size_t at) {
  int value = -1;
  if (at + 2 > text.size())
    return -1;
  const auto r = std::from_chars(text.data() + at, text.data() + at + 2, value);
  return r.ec == std::errc() && r.ptr == text.data() + at + 2 ? value : -1;
}

Entry read_entry(const pugi::xml_node &node, const std::string &base_directory) {
  Entry entry;
  const pugi::xml_attribute filename = node.attribute("filename");
  const pugi::xml_attribute time = node.attribute("time");
  if (!filename)
    throw std::invalid_argument("it has no filename attribute");
  if (!time)
    throw std::invalid_argument("it has no time attribute");
  entry.location = filename.value();
  if (entry.location.empty())
    throw std::invalid_argument("its filename is empty");
  // A URI is resolved by GStreamer later; a relative path is the base's.
  if (entry.location.find("://") == std::string::npos && entry.location[0] != '/')
    entry.location = base_directory + "/" + entry.location;
  try {
    entry.start_ns = parse_time(time.value());
  } catch (const std::invalid_argument &e) {
    throw std::invalid_argument("time " + std::string(e.what()));
  }
  if (const auto offset = node.attribute("offset")) {
    try {
      entry.offset_ns = parse_seconds(offset.value());
    } catch (const std::invalid_argument &e) {
      throw std::invalid_argument("offset " + std::string(e.what()));
    }
  }
  if (const auto duration = node.attribute("duration")) {
    try {
      entry.duration_ns = parse_seconds(duration.value());
    } catch (const std::invalid_argument &e) {
      throw std::invalid_argument("duration " + std::string(e.what()));
    }
    if (*entry.duration_ns <= 0)
      throw std::invalid_argument("duration '" + std::string(duration.value()) +
                                  "' is not more than 0 seconds");
  }
  return entry;
}

} // namespace

int64_t parse_time(const std::string &text) {
  const std::invalid_argument bad("'" + text + "' is not " + time_form);
  std::istringstream in(text);
  in.imbue(std::locale::classic());
  std::tm tm{};
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  // The date and time in their fixed places, nothing skipped or shortened.
  if (in.fail() || in.tellg() != std::streampos(19) || text[4] != '-' || text[10] != 'T')
    throw bad;
  using namespace std::chrono;
  const year_month_day date{year{tm.tm_year + 1900}, month(unsigned(tm.tm_mon + 1)),
                            day(unsigned(tm.tm_mday))};
  if (!date.ok())
    throw std::invalid_argument("'" + text + "' is a day that does not exist");
  // Checked again in UTC below; this keeps the nanoseconds from overflowing.
  if (date.year() < year{1969} || date.year() > year{2201})
    throw std::invalid_argument("'" + text + "' is not between 1970 and 2200");
  nanoseconds since = sys_days{date}.time_since_epoch() + hours{tm.tm_hour} +
                      minutes{tm.tm_min} + seconds{tm.tm_sec};
  std::string_view rest = std::string_view(text).substr(19);
  if (!rest.empty() && rest[0] == '.') {
    size_t digits = 1;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9')
      ++digits;
    if (digits == 1)
      throw bad;
    // Nanoseconds: the first nine digits count, the rest is below them.
    std::string fraction(rest.substr(1, std::min<size_t>(digits - 1, 9)));
    fraction.resize(9, '0');
    since += nanoseconds{std::stoll(fraction)};
    rest.remove_prefix(digits);
  }
  // In UTC, the years that nanoseconds since the epoch hold with room.
  const auto in_range = [&](nanoseconds t) {
    if (t < nanoseconds{0} || t >= sys_days{year{2201} / 1 / 1}.time_since_epoch())
      throw std::invalid_argument("'" + text + "' is not between 1970 and 2200");
    return t.count();
  };
  if (rest == "Z")
    return in_range(since);
  // A numeric offset from UTC: local time minus the offset is UTC.
  const int offset_hours = two_digits(rest, 1), offset_minutes = two_digits(rest, 4);
  if (rest.size() != 6 || (rest[0] != '+' && rest[0] != '-') || rest[3] != ':' ||
      offset_hours < 0 || offset_hours > 23 || offset_minutes < 0 || offset_minutes > 59)
    throw bad;
  const nanoseconds offset = hours{offset_hours} + minutes{offset_minutes};
  return in_range(rest[0] == '+' ? since - offset : since + offset);
}

std::string format_time(int64_t unix_ns) {
  const std::time_t seconds =
      unix_ns >= 0 ? unix_ns / 1'000'000'000 : (unix_ns - 999'999'999) / 1'000'000'000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  std::ostringstream out;
  out.imbue(std::locale::classic());
  out << std::put_time(&tm, "%Y-%m-%dT%H:%M:%S") << '.' << std::setw(9)
      << std::setfill('0') << unix_ns - int64_t(seconds) * 1'000'000'000 << 'Z';
  return out.str();
}

int64_t parse_seconds(const std::string &text) {
  double value = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), value,
                                 std::chars_format::fixed);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() ||
      !std::isfinite(value) || value < 0 || value > 1e9)
    throw std::invalid_argument("'" + text + "' is not a number of seconds");
  return std::llround(value * 1e9);
}

Parsed parse(std::string_view text, const std::string &where,
             const std::string &base_directory) {
  pugi::xml_document document;
  const pugi::xml_parse_result result =
      document.load_buffer(text.data(), text.size(), pugi::parse_default);
  if (!result)
    throw ParseError("playlist '" + where + "' line " +
                     std::to_string(line_of(text, result.offset)) +
                     ": not well-formed XML: " + result.description());
  const pugi::xml_node root = document.document_element();
  if (std::string_view(root.name()) != "playlist")
    throw ParseError("playlist '" + where + "' line " +
                     std::to_string(line_of(text, root.offset_debug())) +
                     ": the root element is <" + root.name() + ">, not <playlist>");
  Parsed parsed;
  for (const pugi::xml_node node : root.children("entry")) {
    const int line = line_of(text, node.offset_debug());
    try {
      parsed.entries.push_back(read_entry(node, base_directory));
      parsed.entries.back().line = line;
    } catch (const std::invalid_argument &e) {
      parsed.warnings.push_back("playlist '" + where + "' line " + std::to_string(line) +
                                ": entry skipped: " + e.what());
    }
  }
  return parsed;
}

} // namespace flu::modules::playlist
