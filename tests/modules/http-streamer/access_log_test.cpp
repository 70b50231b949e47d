// The http-streamer's access log, read back as Apache's combined format;
// X-Forwarded-For believed from a trusted proxy only; CORS on the stream.
#define BOOST_TEST_MODULE http_streamer_access_log
#include "combined_log.hpp"
#include "streamer_process.hpp"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <regex>
#include <sstream>

using namespace flu::modules::test;

namespace {
std::vector<std::smatch> lines_of(const std::string &text,
                                  std::vector<std::string> &store) {
  return flu::test::combined_log_lines(text, store);
}
} // namespace

BOOST_AUTO_TEST_CASE(combined_log_forwarded_for_and_cors) {
  ScratchDir logs;
  const std::string log = (logs / "access.log").string();
  Streamer streamer(ogg_audio_feed, {"access-log=" + log, "trusted-proxy=127.0.0.1",
                                     "cors-origin=https://player.example"});
  // Through a trusted proxy (127.0.0.1), with a referer and an agent.
  const std::string headers =
      run("curl -s -D - -o /dev/null --max-time 1 -H 'X-Forwarded-For: 198.51.100.1, "
          "203.0.113.9' -A 'Test/1.0' -e 'http://ref.example/' '" +
          streamer.url() + "'");
  BOOST_TEST(contains(headers, "Access-Control-Allow-Origin: https://player.example"),
             headers);
  // From an address that is no trusted proxy: its X-Forwarded-For is ignored.
  run("curl -s -o /dev/null --max-time 1 --interface 127.0.0.3 -H 'X-Forwarded-For: "
      "192.0.2.66' 'http://127.0.0.1:" +
      std::to_string(streamer.port()) + "/nothing'");

  std::vector<std::string> store;
  BOOST_TEST_REQUIRE(streamer.job().wait_until(
      [&] {
        const std::string text = read_file(log);
        return std::count(text.begin(), text.end(), '\n') >= 2;
      },
      10s));
  const std::string text = read_file(log);
  const auto lines = lines_of(text, store);
  BOOST_TEST_REQUIRE(lines.size() == 2u, text);
  BOOST_TEST(lines[0][1].str() == "203.0.113.9");
  BOOST_TEST(lines[0][3].str() == "GET " + mount + " HTTP/1.1");
  BOOST_TEST(lines[0][4].str() == "200");
  BOOST_TEST(lines[0][5].str() != "-");
  BOOST_TEST(std::stoull(lines[0][5].str()) > 0);
  BOOST_TEST(lines[0][6].str() == "http://ref.example/");
  BOOST_TEST(lines[0][7].str() == "Test/1.0");
  BOOST_TEST(lines[1][1].str() == "127.0.0.3");
  BOOST_TEST(lines[1][3].str() == "GET /nothing HTTP/1.1");
  BOOST_TEST(lines[1][4].str() == "404");

  // logrotate: the file is moved, SIGHUP makes the streamer write a new one.
  std::filesystem::rename(log, log + ".old");
  const std::string pid = run("pgrep -f 'access-log=" + log + "'");
  BOOST_TEST_REQUIRE(!pid.empty());
  BOOST_TEST(kill(std::stoi(pid), SIGHUP) == 0);
  run("curl -s -o /dev/null '" + streamer.url() + "x'");
  BOOST_TEST(streamer.job().wait_until(
      [&] { return contains(read_file(log), "GET " + mount + "x HTTP/1.1\" 404"); },
      10s));
  BOOST_TEST(!contains(read_file(log + ".old"), mount + "x"));
  BOOST_TEST(contains(streamer.job().output(), "mood: happy"));
}

BOOST_AUTO_TEST_CASE(rotated_at_its_size_limit) {
  ScratchDir logs;
  const std::string log = (logs / "access.log").string();
  Streamer streamer(ogg_audio_feed, {"access-log=" + log, "access-log-max-bytes=300"});
  for (int i = 0; i < 6; ++i)
    run("curl -s -o /dev/null 'http://127.0.0.1:" + std::to_string(streamer.port()) +
        "/missing" + std::to_string(i) + "'");
  BOOST_TEST(streamer.job().wait_until(
      [&] { return contains(read_file(log) + read_file(log + ".1"), "/missing5"); },
      10s));
  BOOST_TEST(std::filesystem::exists(log + ".1"));
  BOOST_TEST(std::filesystem::file_size(log) <= 300u);
}

BOOST_AUTO_TEST_CASE(unwritable_log_is_refused) {
  expect_refused({"--type", "http-streamer", "--property", "port=0", "--property",
                  "access-log=/nonexistent/dir/access.log", "--eater",
                  "default=" + ogg_audio_feed},
                 "cannot open the access log /nonexistent/dir/access.log");
}

BOOST_AUTO_TEST_CASE(player_page_plays_its_own_stream) {
  Streamer streamer(webm_video_feed, {"html5-page=true"});
  const std::string page_url = streamer.url() + ".html";
  BOOST_TEST(run("curl -s -o /dev/null -w '%{content_type}' '" + page_url + "'") ==
             "text/html; charset=utf-8");
  const std::string page = run("curl -s '" + page_url + "'");
  BOOST_TEST(
      contains(page, "<video id=\"player\" src=\"" + mount + "\" type=\"video/webm\""),
      page);
  // Without the property there is no page.
  Streamer plain(webm_video_feed);
  BOOST_TEST(run("curl -s -o /dev/null -w '%{http_code}' '" + plain.url() + ".html'") ==
             "404");
}
