// What a playlist-producer's feeds held, read back from the files its
// feeders wrote: each video frame's colour and each audio frame's loudness
// (ffprobe's signalstats and astats), gathered into runs of the same kind,
// so a test sees "black 2.9 s, red 1.5 s, black 0.5 s, blue 2 s".
#pragma once

#include "../../e2e/inputs/timeline.hpp"

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

namespace flu::test {

struct Run {
  std::string kind;
  double start = 0, end = 0; // seconds, the end is the next run's start
  int frames = 0;
  double length() const { return end - start; }
};

struct Runs {
  std::vector<Run> runs;

  std::string describe() const {
    std::ostringstream out;
    for (const Run &r : runs)
      out << r.kind << " " << r.start << "-" << r.end << " s (" << r.frames << ") ";
    return out.str();
  }
  // The first run of `kind` (one of `frames` at least), or nullptr.
  const Run *first(const std::string &kind, int frames = 3) const {
    for (const Run &r : runs)
      if (r.kind == kind && r.frames >= frames)
        return &r;
    return nullptr;
  }
  int count(const std::string &kind, int frames = 3) const {
    int n = 0;
    for (const Run &r : runs)
      n += r.kind == kind && r.frames >= frames;
    return n;
  }
};

namespace detail {

// "key=value|key=value" lines of ffprobe's compact output, per frame.
inline std::vector<std::vector<std::pair<std::string, std::string>>>
frames(const std::string &filter, const std::string &entries) {
  const auto r = run({"/usr/bin/ffprobe", "-v", "error", "-f", "lavfi", "-i", filter,
                      "-show_entries", entries, "-of", "compact=p=0:nk=0"},
                     std::chrono::seconds(60));
  std::vector<std::vector<std::pair<std::string, std::string>>> out;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::pair<std::string, std::string>> fields;
    std::istringstream parts(line);
    for (std::string part; std::getline(parts, part, '|');) {
      const auto eq = part.find('=');
      if (eq != std::string::npos)
        fields.emplace_back(part.substr(0, eq), part.substr(eq + 1));
    }
    out.push_back(std::move(fields));
  }
  return out;
}

inline double number(const std::vector<std::pair<std::string, std::string>> &fields,
                     const std::string &key_end, double fallback) {
  for (const auto &[k, v] : fields)
    if (k.size() >= key_end.size() &&
        k.compare(k.size() - key_end.size(), key_end.size(), key_end) == 0) {
      if (v == "-inf")
        return -INFINITY;
      try {
        return std::stod(v);
      } catch (const std::exception &) {
        return fallback;
      }
    }
  return fallback;
}

inline void add(Runs &runs, const std::string &kind, double t) {
  if (!runs.runs.empty())
    runs.runs.back().end = t;
  if (runs.runs.empty() || runs.runs.back().kind != kind)
    runs.runs.push_back({kind, t, t, 0});
  ++runs.runs.back().frames;
}

} // namespace detail

// Video frames as black, red, blue, green (videotestsrc's), or other.
inline Runs colours(const std::string &file) {
  Runs runs;
  for (const auto &f : detail::frames("movie=" + file + ",signalstats",
                                      "frame=pts_time:frame_tags=lavfi.signalstats.YAVG,"
                                      "lavfi.signalstats.UAVG,lavfi.signalstats.VAVG")) {
    const double t = detail::number(f, "pts_time", NAN);
    const double y = detail::number(f, "YAVG", -1), u = detail::number(f, "UAVG", -1),
                 v = detail::number(f, "VAVG", -1);
    if (std::isnan(t) || y < 0)
      continue;
    std::string kind = "other";
    if (y < 30 && std::abs(u - 128) < 10 && std::abs(v - 128) < 10)
      kind = "black";
    else if (v > 200 && u < 128)
      kind = "red";
    else if (u > 200 && v < 128)
      kind = "blue";
    else if (u < 100 && v < 100 && y > 100)
      kind = "green";
    detail::add(runs, kind, t);
  }
  return runs;
}

// Audio frames as silence or tone (RMS over -40 dBFS).
inline Runs loudness(const std::string &file) {
  Runs runs;
  for (const auto &f :
       detail::frames("amovie=" + file + ",astats=metadata=1:reset=1",
                      "frame=pts_time:frame_tags=lavfi.astats.Overall.RMS_level")) {
    const double t = detail::number(f, "pts_time", NAN);
    if (std::isnan(t))
      continue;
    detail::add(runs,
                detail::number(f, "RMS_level", -INFINITY) > -40 ? "tone" : "silence", t);
  }
  return runs;
}

} // namespace flu::test
