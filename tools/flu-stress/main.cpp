// flu-stress: load-tests a live HTTP stream with many concurrent viewers.
//
//   flu-stress URL --viewers N --seconds S [--ramp-ms M]
//
// N viewers (one thread, epoll) each GET the URL and read the endless body
// for S seconds; they start evenly over the first M milliseconds. Prints the
// per-viewer rate (min, p10, median), time to first byte (median, p99), how
// many were dropped, and the total throughput. Loopback only: this tool is
// for measuring our own streamer, never for loading someone else's server.
#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include "report.hpp"
#include "viewer_pool.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <sys/resource.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

namespace {

constexpr unsigned kMaxViewers = 100000;
constexpr unsigned kMaxSeconds = 3600;
constexpr unsigned kSpareFds = 32;

void usage(std::ostream &out) {
  out << "usage: flu-stress URL --viewers N --seconds S [--ramp-ms M]\n"
         "  URL        http://HOST[:PORT]/PATH on a loopback address\n"
         "  --viewers  concurrent viewers, 1.."
      << kMaxViewers
      << "\n"
         "  --seconds  length of the run, 1.."
      << kMaxSeconds
      << "\n"
         "  --ramp-ms  start the viewers evenly over this time (default 0: all at "
         "once)\n";
}

unsigned number(const std::string &flag, const char *text, unsigned min, unsigned max) {
  char *end = nullptr;
  const unsigned long v = std::strtoul(text, &end, 10);
  if (!*text || *end || v < min || v > max)
    throw std::invalid_argument(flag + " wants a number from " + std::to_string(min) +
                                " to " + std::to_string(max) + ", not '" + text + "'");
  return static_cast<unsigned>(v);
}

flu::stress::Target parse_url(const std::string &url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0)
    throw std::invalid_argument("only http:// URLs are supported: " + url);
  const std::string rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  flu::stress::Target target;
  target.path = slash == std::string::npos ? "/" : rest.substr(slash);
  target.host_header = authority;
  std::string host = authority;
  if (!authority.empty() && authority.front() == '[') { // [::1]:8800
    const auto close = authority.find(']');
    if (close == std::string::npos)
      throw std::invalid_argument("bad host in " + url);
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      target.port = static_cast<unsigned short>(
          number("port", authority.c_str() + close + 2, 1, 65535));
  } else if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    target.port = static_cast<unsigned short>(
        number("port", authority.c_str() + colon + 1, 1, 65535));
  }

  // Every address the name stands for must be loopback.
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  boost::system::error_code ec;
  const auto results = resolver.resolve(host, std::to_string(target.port), ec);
  if (ec || results.empty())
    throw std::invalid_argument("cannot resolve '" + host + "': " + ec.message());
  for (const auto &entry : results) {
    const auto address = entry.endpoint().address();
    if (!address.is_loopback())
      throw std::invalid_argument("refusing " + host + " (" + address.to_string() +
                                  "): flu-stress only loads loopback addresses");
  }
  target.address = results.begin()->endpoint().address().to_string();
  return target;
}

uint64_t raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
    return 1024;
  if (limit.rlim_cur < limit.rlim_max && limit.rlim_max != RLIM_INFINITY) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur;
}

} // namespace

int main(int argc, char **argv) {
  std::optional<std::string> url;
  flu::stress::RunOptions options;
  bool have_viewers = false, have_seconds = false;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      const auto value = [&]() -> const char * {
        if (i + 1 >= argc)
          throw std::invalid_argument(arg + " needs a value");
        return argv[++i];
      };
      if (arg == "--help" || arg == "-h") {
        usage(std::cout);
        return 0;
      } else if (arg == "--viewers") {
        options.viewers = number(arg, value(), 1, kMaxViewers);
        have_viewers = true;
      } else if (arg == "--seconds") {
        options.duration = std::chrono::seconds(number(arg, value(), 1, kMaxSeconds));
        have_seconds = true;
      } else if (arg == "--ramp-ms") {
        options.ramp =
            std::chrono::milliseconds(number(arg, value(), 0, kMaxSeconds * 1000));
      } else if (!arg.empty() && arg[0] != '-' && !url) {
        url = arg;
      } else {
        throw std::invalid_argument("unknown argument '" + arg + "'");
      }
    }
    if (!url || !have_viewers || !have_seconds)
      throw std::invalid_argument("URL, --viewers and --seconds are required");
    if (options.ramp >= options.duration)
      throw std::invalid_argument("--ramp-ms must be shorter than --seconds");
  } catch (const std::exception &e) {
    std::cerr << "flu-stress: " << e.what() << "\n";
    usage(std::cerr);
    return 1;
  }

  flu::stress::Target target;
  try {
    target = parse_url(*url);
  } catch (const std::exception &e) {
    std::cerr << "flu-stress: " << e.what() << "\n";
    return 2;
  }
  const uint64_t fds = raise_fd_limit();
  if (options.viewers + kSpareFds > fds) {
    std::cerr << "flu-stress: " << options.viewers
              << " viewers need more descriptors than the "
              << "limit of " << fds << " (raise ulimit -n)\n";
    return 2;
  }

  std::cout << "flu-stress: " << options.viewers << " viewers of " << *url << " for "
            << options.duration.count() / 1000 << " s, ramp " << options.ramp.count()
            << " ms\n"
            << std::flush;
  const auto report = flu::stress::run_viewers(target, options);
  flu::stress::print(report, std::cout);
  return 0;
}
