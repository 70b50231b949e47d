// The packet timestamps of one stream of a media file, as ffprobe reads
// them: what shows that a live input's time only grows and has no holes.
#pragma once

#include "process.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace flu::test {

struct Timeline {
  std::vector<double> pts; // seconds, in file order

  double span() const { return pts.empty() ? 0 : pts.back() - pts.front(); }
  // Every timestamp greater than the one before it.
  bool growing() const {
    return std::adjacent_find(pts.begin(), pts.end(),
                              [](double a, double b) { return b <= a; }) == pts.end();
  }
  // The longest step from one packet to the next.
  double max_step() const {
    double step = 0;
    for (size_t i = 1; i < pts.size(); ++i)
      step = std::max(step, pts[i] - pts[i - 1]);
    return step;
  }
  std::string describe() const {
    std::ostringstream out;
    out << pts.size() << " packets";
    if (!pts.empty())
      out << " from " << pts.front() << " s to " << pts.back() << " s, longest step "
          << max_step() << " s";
    return out.str();
  }
};

// `stream` is an ffprobe stream specifier: "v:0", "a:0".
inline Timeline timeline(const std::filesystem::path &file, const std::string &stream) {
  const auto r =
      run({"/usr/bin/ffprobe", "-v", "error", "-select_streams", stream, "-show_entries",
           "packet=pts_time", "-of", "csv=p=0", file.string()},
          std::chrono::seconds(30));
  Timeline t;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line != "N/A")
      t.pts.push_back(std::stod(line));
  return t;
}

} // namespace flu::test
