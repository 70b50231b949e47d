// Summaries of a flu-stress run (see report.hpp).
#include "report.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>

namespace flu::stress {

namespace {

double percentile(std::vector<double> values, double p) {
  if (values.empty())
    return 0;
  std::sort(values.begin(), values.end());
  const double rank = p / 100.0 * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<size_t>(std::floor(rank));
  const auto hi = static_cast<size_t>(std::ceil(rank));
  return values[lo] + (values[hi] - values[lo]) * (rank - static_cast<double>(lo));
}

} // namespace

void print(const Report &report, std::ostream &out) {
  unsigned connected = 0, ok = 0, failed = 0, dropped = 0;
  uint64_t total_bytes = 0;
  std::vector<double> rates_kbps, ttfb_ms;
  for (const ViewerResult &r : report.results) {
    connected += r.connected;
    total_bytes += r.body_bytes;
    if (r.status != 200) {
      ++failed; // never streamed: refused, reset or no answer
      continue;
    }
    ++ok;
    if (r.dropped)
      ++dropped;
    if (r.ttfb_ms >= 0)
      ttfb_ms.push_back(r.ttfb_ms);
    if (r.seconds > 0)
      rates_kbps.push_back(static_cast<double>(r.body_bytes) * 8 / 1000 / r.seconds);
  }
  const double total_mbps =
      report.seconds > 0 ? static_cast<double>(total_bytes) * 8 / 1e6 / report.seconds
                         : 0;
  const double rate_min =
      rates_kbps.empty() ? 0 : *std::min_element(rates_kbps.begin(), rates_kbps.end());

  out << std::fixed << std::setprecision(1);
  out << "viewers: " << report.viewers << " requested, " << report.results.size()
      << " started, " << connected << " connected, " << ok << " streamed (200), "
      << failed << " failed, " << dropped << " dropped before the end\n";
  out << "rate per viewer (kbit/s): min " << rate_min << ", p10 "
      << percentile(rates_kbps, 10) << ", median " << percentile(rates_kbps, 50) << "\n";
  out << "time to first byte (ms): median " << percentile(ttfb_ms, 50) << ", p99 "
      << percentile(ttfb_ms, 99) << "\n";
  out << "total: " << static_cast<double>(total_bytes) / 1e6 << " MB in "
      << report.seconds << " s = " << total_mbps << " Mbit/s\n";
  out << "RESULT viewers=" << report.viewers << " connected=" << connected << " ok=" << ok
      << " failed=" << failed << " dropped=" << dropped << " rate_min_kbps=" << rate_min
      << " rate_p10_kbps=" << percentile(rates_kbps, 10)
      << " rate_median_kbps=" << percentile(rates_kbps, 50)
      << " ttfb_median_ms=" << percentile(ttfb_ms, 50)
      << " ttfb_p99_ms=" << percentile(ttfb_ms, 99) << " total_mbps=" << total_mbps
      << " total_bytes=" << total_bytes << "\n";
}

} // namespace flu::stress
