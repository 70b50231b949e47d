// Flumotion's playlist XML, read into entries: no GStreamer here, so the
// fuzz target compiles it alone.
//
//   <playlist>
//     <entry filename="clip.webm" time="2026-12-05T18:00:00.00Z"
//            duration="30.5" offset="10"/>
//   </playlist>
//
// `filename` (a path, relative to the base directory, or a file:// URI) and
// `time` (ISO 8601 in UTC, `YYYY-MM-DDThh:mm:ss[.fraction]Z`, or with a
// `+hh:mm`/`-hh:mm` offset) are required; `duration` (seconds, > 0) and
// `offset` (seconds into the file, >= 0) are optional. A document that is not
// well-formed XML, or whose root is not <playlist>, is refused as a whole; a
// bad entry is only skipped, with a warning naming its line.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace flu::modules::playlist {

struct Entry {
  std::string location;               // the file, as an absolute path
  int64_t start_ns = 0;               // nanoseconds since the Unix epoch
  int64_t offset_ns = 0;              // where in the file to start
  std::optional<int64_t> duration_ns; // none: until the file ends
  int line = 0;                       // in the playlist file

  bool operator==(const Entry &) const = default;
};

struct Parsed {
  std::vector<Entry> entries;
  std::vector<std::string> warnings; // "PLAYLIST line N: entry skipped: ..."
};

// A refused document: the message names the playlist and the line.
class ParseError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// `where` names the playlist in messages; relative filenames are taken from
// `base_directory`.
Parsed parse(std::string_view text, const std::string &where,
             const std::string &base_directory);

// ISO 8601 as above to nanoseconds since the epoch; throws
// std::invalid_argument saying what is wrong. Years 1970 to 2200.
int64_t parse_time(const std::string &text);
// `YYYY-MM-DDThh:mm:ss.fffffffffZ`, which parse_time reads back.
std::string format_time(int64_t unix_ns);
// A non-negative decimal number of seconds to nanoseconds; throws
// std::invalid_argument.
int64_t parse_seconds(const std::string &text);

} // namespace flu::modules::playlist
