// The http-server in a standalone flu-job: a scratch directory served on a
// free port and behind a porter, fetched with curl (whole files, ranges,
// traversal attempts, listings, a rate limit).
#define BOOST_TEST_MODULE http_server
#include "../porter/porter_job.hpp"
#include "combined_log.hpp"
#include "free_port.hpp"
#include "wait.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <sstream>

using namespace flu::modules::test;
using flu::test::poll_until;
namespace fs = std::filesystem;

namespace {

// The served tree: files/{clip.bin (200 KB of noise), clip.webm, sub/a.txt,
// escape -> ../secret.txt}, and secret.txt beside files/.
struct Tree {
  ScratchDir dir;
  fs::path root = dir / "files";
  std::string clip;
  Tree() {
    fs::create_directories(root / "sub");
    std::mt19937 random(12);
    clip.resize(200000);
    for (char &c : clip)
      c = static_cast<char>(random());
    std::ofstream(root / "clip.bin", std::ios::binary) << clip;
    std::ofstream(root / "clip.webm", std::ios::binary) << "\x1a\x45\xdf\xa3";
    std::ofstream(root / "sub" / "a.txt") << "a\n";
    std::ofstream(dir / "secret.txt") << "secret\n";
    fs::create_symlink(dir / "secret.txt", root / "escape");
  }
};

class FileServerJob {
public:
  // `extra`: more of flu-job's arguments (--bouncer ...).
  FileServerJob(const Tree &tree, std::vector<std::string> properties,
                std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--module",   FLU_MODULE,
                                     "--type",     "http-server",
                                     "--property", "path=" + tree.root.string(),
                                     "--property", "mount-point=/files"};
    for (const auto &p : properties)
      args.insert(args.end(), {"--property", p});
    args.insert(args.end(), extra.begin(), extra.end());
    job_ = std::make_unique<StandaloneJob>(dir_, args);
    const std::regex serving("Serving .* at http://localhost:([0-9]+)/files/");
    BOOST_TEST_REQUIRE(job_->wait_until(
                           [&] {
                             std::smatch m;
                             const std::string out = job_->output();
                             if (contains(out, "through the porter"))
                               return true;
                             if (!std::regex_search(out, m, serving))
                               return false;
                             port_ = std::stoi(m[1]);
                             return true;
                           },
                           20s),
                       FLU_LATER(job_->output()));
  }
  int port() const { return port_; }
  std::string url(const std::string &path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  StandaloneJob &job() { return *job_; }

private:
  ScratchDir dir_;
  std::unique_ptr<StandaloneJob> job_;
  int port_ = 0;
};

// "CODE" of a request (curl --path-as-is: the path goes as written).
std::string code(const std::string &url, const std::string &curl_args = "") {
  return run("curl -s --path-as-is -o /dev/null -w '%{http_code}' --max-time 10 " +
             curl_args + " '" + url + "'");
}

std::string body(const std::string &url, const std::string &curl_args = "") {
  return run("curl -s --path-as-is --max-time 20 " + curl_args + " '" + url + "'");
}

} // namespace

BOOST_AUTO_TEST_CASE(files_ranges_and_refusals) {
  Tree tree;
  const std::string log = (tree.dir / "access.log").string();
  FileServerJob server(tree, {"port=0", "access-log=" + log});

  // A whole file, byte-identical, with its type and length.
  BOOST_TEST((body(server.url("/files/clip.bin")) == tree.clip));
  BOOST_TEST(run("curl -s -o /dev/null -w '%{content_type}' '" +
                 server.url("/files/clip.webm") + "'") == "video/webm");

  // Ranges: single, open, suffix, past the end; several are the whole file.
  BOOST_TEST(code(server.url("/files/clip.bin"), "-r 100-199") == "206");
  BOOST_TEST(
      (body(server.url("/files/clip.bin"), "-r 100-199") == tree.clip.substr(100, 100)));
  BOOST_TEST(
      (body(server.url("/files/clip.bin"), "-r 199990-") == tree.clip.substr(199990)));
  BOOST_TEST((body(server.url("/files/clip.bin"), "-H 'Range: bytes=-50'") ==
              tree.clip.substr(tree.clip.size() - 50)));
  BOOST_TEST(code(server.url("/files/clip.bin"), "-r 200000-") == "416");
  BOOST_TEST(contains(
      run("curl -s -D - -o /dev/null -r 200000- '" + server.url("/files/clip.bin") + "'"),
      "Content-Range: bytes */200000"));
  BOOST_TEST(code(server.url("/files/clip.bin"), "-r 0-1,5-9") == "200");
  BOOST_TEST(contains(
      run("curl -s -D - -o /dev/null -r 100-199 '" + server.url("/files/clip.bin") + "'"),
      "Content-Range: bytes 100-199/200000"));

  // Out of the directory, however asked: 403; what is not there: 404.
  BOOST_TEST(code(server.url("/files/../secret.txt")) == "403");
  BOOST_TEST(code(server.url("/files/sub/../../secret.txt")) == "403");
  BOOST_TEST(code(server.url("/files/%2e%2e/secret.txt")) == "403");
  BOOST_TEST(code(server.url("/files/escape")) == "403");
  BOOST_TEST(code(server.url("/files/a%00b")) == "400");
  BOOST_TEST(code(server.url("/files/nothing")) == "404");
  BOOST_TEST(code(server.url("/elsewhere")) == "404");
  BOOST_TEST(code(server.url("/files/sub/")) == "403"); // no browsing by default
  BOOST_TEST(code(server.url("/files/clip.bin"), "-X POST") == "405");
  BOOST_TEST(!contains(body(server.url("/files/escape")), "secret"));
  BOOST_TEST(
      server.job().wait_until([&] { return server.job().ui("not-found") == "2"; }, 10s),
      FLU_LATER(server.job().output()));
}

// X-Forwarded-For believed from a trusted proxy only, for the access log
// (and the bouncer, which sees the same address); CORS on every answer and
// a preflight for a Range request from another site's player.
BOOST_AUTO_TEST_CASE(forwarded_for_and_cors) {
  Tree tree;
  const std::string log = (tree.dir / "access.log").string();
  FileServerJob server(tree, {"port=0", "access-log=" + log, "trusted-proxy=127.0.0.1",
                              "cors-origin=https://player.example"});
  const std::string headers =
      run("curl -s -D - -o /dev/null --max-time 10 -H 'X-Forwarded-For: 198.51.100.1, "
          "203.0.113.9' -r 0-9 '" +
          server.url("/files/clip.bin") + "'");
  BOOST_TEST(contains(headers, "HTTP/1.1 206"), headers);
  BOOST_TEST(contains(headers, "Access-Control-Allow-Origin: https://player.example"),
             headers);
  BOOST_TEST(contains(headers, "Access-Control-Expose-Headers: Content-Length, "
                               "Content-Range, Accept-Ranges"),
             headers);
  // From an address that is no trusted proxy: its X-Forwarded-For is ignored.
  BOOST_TEST(code(server.url("/files/nothing"),
                  "--interface 127.0.0.3 -H 'X-Forwarded-For: 192.0.2.66'") == "404");
  const std::string preflight =
      run("curl -s -D - -o /dev/null --max-time 10 -X OPTIONS -H 'Origin: "
          "https://player.example' -H 'Access-Control-Request-Headers: range' '" +
          server.url("/files/clip.bin") + "'");
  BOOST_TEST(contains(preflight, "HTTP/1.1 204"), preflight);
  BOOST_TEST(contains(preflight, "Access-Control-Allow-Headers: Range"), preflight);

  BOOST_TEST_REQUIRE(server.job().wait_until(
                         [&] {
                           const std::string text = read_file(log);
                           return std::count(text.begin(), text.end(), '\n') >= 3;
                         },
                         10s),
                     FLU_LATER(read_file(log)));
  std::vector<std::string> store;
  const std::string text = read_file(log);
  const auto lines = flu::test::combined_log_lines(text, store);
  BOOST_TEST_REQUIRE(lines.size() == 3u, text);
  BOOST_TEST(lines[0][1].str() == "203.0.113.9");
  BOOST_TEST(lines[0][4].str() == "206");
  BOOST_TEST(lines[1][1].str() == "127.0.0.3");
  BOOST_TEST(lines[1][4].str() == "404");
  BOOST_TEST(lines[2][3].str() == "OPTIONS /files/clip.bin HTTP/1.1");
}

BOOST_AUTO_TEST_CASE(a_trusted_proxy_that_is_no_address_is_refused) {
  expect_refused({"--type", "http-server", "--property", "port=0", "--property",
                  "path=/tmp", "--property", "trusted-proxy=proxy.example"},
                 "trusted-proxy 'proxy.example' is not an IP address");
}

BOOST_AUTO_TEST_CASE(listing_and_rate_limit) {
  Tree tree;
  FileServerJob server(tree,
                       {"port=0", "allow-browsing=true", "rate=800000", "max-level=0"});
  BOOST_TEST(code(server.url("/files/sub")) == "301");
  const std::string listing = body(server.url("/files/"));
  BOOST_TEST(contains(listing, "href=\"clip.bin\""), listing);
  BOOST_TEST(contains(listing, "href=\"sub/\""), listing);
  // 200 KB at 100 KB/s cannot take less than about two seconds (a lower
  // bound only: a busy machine is slower, never faster).
  const auto start = std::chrono::steady_clock::now();
  BOOST_TEST((body(server.url("/files/clip.bin")) == tree.clip));
  BOOST_TEST((std::chrono::steady_clock::now() - start >= 1800ms));
}

BOOST_AUTO_TEST_CASE(behind_the_porter) {
  Tree tree;
  PorterJob porter({}, FLU_MODULE_PORTER);
  FileServerJob server(tree,
                       {"type=slave", "porter-socket-path=" + porter.socket(),
                        "porter-username=" + kUser, "porter-password=" + kPassword});
  BOOST_TEST_REQUIRE(server.job().wait_until(
      [&] { return contains(server.job().output(), "registered with the porter"); },
      20s));
  BOOST_TEST((body(porter.url("/files/clip.bin")) == tree.clip));
  BOOST_TEST(
      (body(porter.url("/files/clip.bin"), "-r 10-19") == tree.clip.substr(10, 10)));
  BOOST_TEST(code(porter.url("/files")) == "301");
  BOOST_TEST(code(porter.url("/files/../secret.txt")) == "403");
  BOOST_TEST(code(porter.url("/other")) == "404"); // from the porter
}

BOOST_AUTO_TEST_CASE(the_bouncer_lets_viewers_in) {
  Tree tree;
  FileServerJob server(tree, {"port=0", "bouncer=tokens"},
                       {"--bouncer", "tokens=" FLU_MODULE_TOKEN_BOUNCER ":token-bouncer",
                        "--bouncer-property", "tokens:token=s3cr3t"});
  // Refused before anything is looked up: a file, a missing file and a
  // traversal attempt all get 401, with the realm.
  BOOST_TEST(code(server.url("/files/clip.bin")) == "401");
  BOOST_TEST(code(server.url("/files/nothing-here")) == "401");
  BOOST_TEST(code(server.url("/files/../secret.txt")) == "401");
  BOOST_TEST(code(server.url("/files/clip.bin?token=wrong")) == "401");
  const std::string head = run("curl -s -D - -o /dev/null --max-time 10 '" +
                               server.url("/files/clip.bin") + "'");
  BOOST_TEST(contains(head, "WWW-Authenticate: Basic realm=\"/files/\""), head);
  // Let in: the file whole and byte-identical, a range, a 404 as usual.
  BOOST_TEST(body(server.url("/files/clip.bin?token=s3cr3t")) == tree.clip);
  BOOST_TEST(body(server.url("/files/clip.bin?token=s3cr3t"), "-r 10-19") ==
             tree.clip.substr(10, 10));
  BOOST_TEST(code(server.url("/files/nothing-here?token=s3cr3t")) == "404");
  BOOST_TEST(contains(server.job().output(), "the bouncer refused a viewer from"),
             FLU_LATER(server.job().output()));
}

namespace {

std::string noise(size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (char &c : bytes)
    c = static_cast<char>(random());
  return bytes;
}

// The finished copies in a cache directory (not those being written).
std::vector<fs::path> copies(const fs::path &cache) {
  std::vector<fs::path> found;
  for (const auto &e : fs::directory_iterator(cache))
    if (e.is_regular_file() && e.path().filename().string().rfind(".partial-", 0) != 0)
      found.push_back(e.path());
  return found;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_slow_directory_is_served_from_its_cache) {
  Tree tree;
  const std::string one = noise(400000, 1), two = noise(400000, 2),
                    three = noise(400000, 3);
  std::ofstream(tree.root / "one.bin", std::ios::binary) << one;
  std::ofstream(tree.root / "two.bin", std::ios::binary) << two;
  std::ofstream(tree.root / "three.bin", std::ios::binary) << three;
  ScratchDir cache;
  const fs::path dir = cache / "cache";
  // 1 MB: cleaned up above 900 kB, down to 500 kB.
  FileServerJob server(tree, {"port=0", "cache-dir=" + dir.string(), "cache-size=1",
                              "cleanup-high-watermark=0.9", "cleanup-low-watermark=0.5"});
  // Asked for the first time: from its directory, and copied for next time.
  BOOST_TEST(body(server.url("/files/one.bin")) == one);
  BOOST_TEST_REQUIRE(poll_until([&] { return copies(dir).size() == 1; }, 10s),
                     FLU_LATER(server.job().output()));
  const fs::path copy = copies(dir).front();
  BOOST_TEST(fs::file_size(copy) == one.size());
  // Asked again: the copy is what is sent. (Its bytes are changed here,
  // keeping size and time, to tell it from the source.)
  const auto stamp = fs::last_write_time(copy);
  std::string marked = one;
  marked.replace(0, 6, "CACHED");
  std::ofstream(copy, std::ios::binary | std::ios::trunc) << marked;
  fs::last_write_time(copy, stamp);
  BOOST_TEST(body(server.url("/files/one.bin")) == marked);
  BOOST_TEST(body(server.url("/files/one.bin"), "-r 0-5") == "CACHED");
  BOOST_TEST_REQUIRE(
      poll_until([&] { return server.job().ui("cache-hits") == "2"; }, 10s),
      FLU_LATER(server.job().output()));
  // A source that changed is never served stale.
  std::ofstream(tree.root / "one.bin", std::ios::binary | std::ios::app) << "more";
  BOOST_TEST(body(server.url("/files/one.bin")) == one + "more");
  // Past the high watermark, the copies used longest ago go.
  BOOST_TEST(body(server.url("/files/two.bin")) == two);
  BOOST_TEST(body(server.url("/files/three.bin")) == three);
  BOOST_TEST_REQUIRE(poll_until(
                         [&] {
                           const auto left = copies(dir);
                           return left.size() == 1 &&
                                  fs::file_size(left.front()) == three.size();
                         },
                         10s),
                     FLU_LATER(server.job().output()));
  BOOST_TEST(body(server.url("/files/three.bin")) == three);
  BOOST_TEST_REQUIRE(
      poll_until([&] { return server.job().ui("cache-evicted") == "2"; }, 10s),
      FLU_LATER(server.job().output()));
}

BOOST_AUTO_TEST_CASE(a_cache_directory_that_cannot_be_made_is_refused) {
  Tree tree;
  expect_refused({"--type", "http-server", "--property", "path=" + tree.root.string(),
                  "--property",
                  "cache-dir=" + (tree.root / "clip.bin" / "cache").string()},
                 "cannot use cache-dir");
}

// An on-demand edge in front of another http-server (the origin).
BOOST_AUTO_TEST_CASE(an_edge_serves_an_origins_files_through_its_cache) {
  Tree tree;
  FileServerJob origin(tree, {"port=0"});
  const std::string port = std::to_string(origin.port());
  ScratchDir cache;
  const auto edge_of = [&](const std::string &ttl, const std::string &dir) {
    return std::make_unique<FileServerJob>(
        tree, std::vector<std::string>{"port=0", "virtual-hostname=127.0.0.1",
                                       "virtual-port=" + port, "virtual-path=/files",
                                       "cache-ttl=" + ttl,
                                       "cache-dir=" + (cache / dir).string()});
  };
  // Fresh for 300 s: fetched once, then served without asking the origin.
  auto keeping = edge_of("300", "keeping");
  BOOST_TEST(body(keeping->url("/files/clip.bin")) == tree.clip);
  BOOST_TEST(body(keeping->url("/files/clip.bin"), "-r 100-109") ==
             tree.clip.substr(100, 10));
  BOOST_TEST(body(keeping->url("/files/sub/a.txt")) == "a\n");
  BOOST_TEST(code(keeping->url("/files/nothing-here")) == "404");
  BOOST_TEST(code(keeping->url("/files/../secret.txt")) == "403");
  BOOST_TEST(code(keeping->url("/files/sub/")) == "403");
  std::ofstream(tree.root / "sub" / "a.txt") << "changed\n";
  BOOST_TEST(body(keeping->url("/files/sub/a.txt")) == "a\n");
  // Fetched every time (ttl 0): the origin's change shows at once.
  auto asking = edge_of("0", "asking");
  BOOST_TEST(body(asking->url("/files/sub/a.txt")) == "changed\n");
  // The origin gone: what was fetched is still served, the rest is 502.
  BOOST_TEST(origin.job().stop() == 0);
  BOOST_TEST(body(keeping->url("/files/clip.bin")) == tree.clip);
  BOOST_TEST(body(asking->url("/files/sub/a.txt")) == "changed\n");
  BOOST_TEST(code(asking->url("/files/clip.bin")) == "502");
  BOOST_TEST(contains(asking->job().output(), "serving the copy in"),
             FLU_LATER(asking->job().output()));
  BOOST_TEST(contains(asking->job().output(), "cannot serve from the origin"),
             FLU_LATER(asking->job().output()));
}

namespace {

// A curl viewer in the background: its body into `file`; result() is
// "STATUS EXIT" (curl's exit code: 18 for a transfer cut short).
class BackgroundFetch {
public:
  BackgroundFetch(const std::string &url, fs::path file, const std::string &args = "")
      : file_(std::move(file)),
        result_(std::async(std::launch::async, [url, out = file_.string(), args] {
          return run("curl -s --max-time 30 -o '" + out + "' -w '%{http_code}' " + args +
                     " '" + url + "'; echo \" $?\"");
        })) {}
  uint64_t received() const {
    std::error_code ec;
    const auto size = fs::file_size(file_, ec);
    return ec ? 0 : size;
  }
  std::string result() {
    std::string out = result_.get();
    while (!out.empty() && out.back() == '\n')
      out.pop_back();
    return out;
  }
  std::string body() const { return read_file(file_.string()); }

private:
  fs::path file_;
  std::future<std::string> result_;
};

// Lines of an access log naming `request` ("GET /files/big.bin").
size_t logged(const std::string &log, const std::string &request) {
  size_t n = 0;
  std::istringstream lines(read_file(log));
  for (std::string line; std::getline(lines, line);)
    n += contains(line, "\"" + request + " HTTP/1.1\"") ? 1 : 0;
  return n;
}

// The files of a cache directory, partial ones included.
size_t cache_files(const fs::path &cache) {
  std::error_code ec;
  size_t n = 0;
  for (const auto &e : fs::directory_iterator(cache, ec))
    n += e.is_regular_file() ? 1 : 0;
  return n;
}

} // namespace

// The origin sends at 2 Mbit/s (its rate limit), so its 1 MB file takes
// about 4 s to reach the edge. Viewers get it from the edge while it comes:
// each has its first 64 kB while the edge holds no whole copy yet and the
// origin has not logged the fetch (it logs an answer when it ends). Two
// viewers and a range are one fetch, and all is byte-identical.
BOOST_AUTO_TEST_CASE(an_edge_serves_a_file_while_it_is_fetched) {
  Tree tree;
  const std::string big = noise(1000000, 7);
  std::ofstream(tree.root / "big.bin", std::ios::binary) << big;
  ScratchDir work;
  const std::string origin_log = (work / "origin.log").string();
  FileServerJob origin(tree, {"port=0", "rate=2000000", "access-log=" + origin_log});
  const fs::path cache = work / "cache";
  FileServerJob edge(tree, {"port=0", "virtual-hostname=127.0.0.1",
                            "virtual-port=" + std::to_string(origin.port()),
                            "virtual-path=/files", "cache-dir=" + cache.string()});
  const std::string url = edge.url("/files/big.bin");
  const auto still_fetching = [&] {
    return copies(cache).empty() && logged(origin_log, "GET /files/big.bin") == 0;
  };

  BackgroundFetch first(url, work / "first");
  BOOST_TEST_REQUIRE(poll_until([&] { return first.received() >= 65536; }, 20s),
                     FLU_LATER(edge.job().output()));
  BOOST_TEST(still_fetching());
  // A second viewer and a range, while the fetch goes on: served from it.
  BackgroundFetch second(url, work / "second");
  BackgroundFetch range(url, work / "range", "-r 900000-900099");
  BOOST_TEST_REQUIRE(poll_until([&] { return second.received() >= 65536; }, 20s),
                     FLU_LATER(edge.job().output()));
  BOOST_TEST(still_fetching());
  BOOST_TEST(first.received() < big.size());

  BOOST_TEST(first.result() == "200 0");
  BOOST_TEST(second.result() == "200 0");
  BOOST_TEST(range.result() == "206 0");
  BOOST_TEST((first.body() == big));
  BOOST_TEST((second.body() == big));
  BOOST_TEST((range.body() == big.substr(900000, 100)));
  BOOST_TEST_REQUIRE(poll_until([&] { return copies(cache).size() == 1; }, 10s),
                     FLU_LATER(edge.job().output()));
  BOOST_TEST((read_file(copies(cache).front().string()) == big));
  // Once whole, from the copy: still the one fetch at the origin.
  BOOST_TEST((body(url) == big));
  BOOST_TEST_REQUIRE(
      poll_until([&] { return logged(origin_log, "GET /files/big.bin") == 1; }, 10s),
      FLU_LATER(read_file(origin_log)));
  BOOST_TEST_REQUIRE(poll_until([&] { return edge.job().ui("cache-hits") == "1"; }, 10s),
                     FLU_LATER(edge.job().output()));
  BOOST_TEST(logged(origin_log, "GET /files/big.bin") == 1u);
}

// The origin dies while a viewer is being sent a file it has not finished
// sending: the viewer sees a cut transfer (not a file that looks whole),
// nothing stays in the cache, the next viewer gets 502 rather than half a
// file, and once the origin is back the file is fetched again, whole.
BOOST_AUTO_TEST_CASE(an_origin_that_breaks_off_leaves_nothing_in_the_cache) {
  Tree tree;
  const std::string big = noise(1000000, 8);
  std::ofstream(tree.root / "big.bin", std::ios::binary) << big;
  ScratchDir work;
  const std::string port = std::to_string(flu::test::free_tcp_port());
  auto origin = std::make_unique<FileServerJob>(
      tree, std::vector<std::string>{"port=" + port, "rate=2000000"});
  const fs::path cache = work / "cache";
  FileServerJob edge(tree,
                     {"port=0", "virtual-hostname=127.0.0.1", "virtual-port=" + port,
                      "virtual-path=/files", "cache-dir=" + cache.string()});
  const std::string url = edge.url("/files/big.bin");

  BackgroundFetch viewer(url, work / "viewer");
  BOOST_TEST_REQUIRE(poll_until([&] { return viewer.received() >= 65536; }, 20s),
                     FLU_LATER(edge.job().output()));
  origin.reset(); // SIGKILL mid-file
  BOOST_TEST(viewer.result() == "200 18");
  BOOST_TEST(viewer.received() < big.size());
  BOOST_TEST((viewer.body() == big.substr(0, viewer.body().size())));
  BOOST_TEST_REQUIRE(poll_until([&] { return cache_files(cache) == 0; }, 10s),
                     FLU_LATER(edge.job().output()));
  BOOST_TEST(contains(edge.job().output(), "broke off"), FLU_LATER(edge.job().output()));
  BOOST_TEST(code(url) == "502");
  BOOST_TEST(cache_files(cache) == 0u);

  FileServerJob back(tree, {"port=" + port});
  BOOST_TEST((body(url) == big));
  BOOST_TEST_REQUIRE(poll_until([&] { return copies(cache).size() == 1; }, 10s),
                     FLU_LATER(edge.job().output()));
  BOOST_TEST((read_file(copies(cache).front().string()) == big));
}
