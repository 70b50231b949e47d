// http-streamer in a real flu-job, with real viewers on loopback: raw
// sockets for exact bytes and behaviour, curl/ffprobe/ffmpeg/gst-discoverer
// for "does what it serves decode", flu-stress for many viewers at once.
#define BOOST_TEST_MODULE http_streamer
#include "../standalone_job.hpp"
#include "http_client.hpp"
#include "streamer_process.hpp"
#include "webm_reader.hpp"

#include <sys/socket.h>

#include <atomic>
#include <optional>
#include <regex>
#include <thread>

using namespace flu::modules::test;

namespace {

// Reads a viewer's stream for `time` and returns the body.
std::string watch(int port, std::chrono::milliseconds time,
                  size_t max_bytes = 64u << 20) {
  Connection c(port);
  c.send_all(get_request(mount));
  const Response r = parse_response(c.read_for(max_bytes, time));
  BOOST_TEST(r.status == 200);
  return r.body;
}

void expect_browser_joinable(const std::string &body) {
  const WebmJoin join = check_webm_join(body);
  BOOST_TEST(join.error.empty(), join.error);
  BOOST_TEST(join.ebml_header_first);
  BOOST_TEST(join.tracks_before_cluster);
  BOOST_TEST(join.video_track > 0u);
  BOOST_TEST(join.first_video_block_is_key, "the first video block of the first cluster");
  if (join.first_video_block_in_group)
    BOOST_TEST_MESSAGE("the first video block came in a BlockGroup");
}

// ffmpeg with -xerror stops at the first decode error. Video only: the
// null muxer's complaints about audio timestamps of a loaded live source
// are not decode errors. -enc_time_base -1 keeps WebM's millisecond
// timestamps: in ffmpeg's default 1/30 s the rounding of 33/34 ms steps can
// put two frames on one tick ("non monotonically increasing dts"), which
// says nothing about the stream.
void expect_decodes(const ScratchDir &dir, const std::string &body,
                    const std::string &name) {
  const std::string file = dir / name;
  std::ofstream(file, std::ios::binary) << body;
  const int rc =
      std::system(("timeout 30 ffmpeg -v error -xerror -i " + file +
                   " -map 0:v -enc_time_base -1 -f null - > " + file + ".log 2>&1")
                      .c_str());
  // A live capture is cut wherever the viewer stopped; that is the one
  // complaint allowed.
  std::istringstream log(read_file(file + ".log"));
  std::string errors;
  for (std::string line; std::getline(log, line);)
    if (!contains(line, "File ended prematurely"))
      errors += line + "\n";
  BOOST_TEST(rc == 0, errors);
  BOOST_TEST(errors.empty(), errors);
}

} // namespace

BOOST_AUTO_TEST_CASE(serves_webm_with_the_right_head_and_header) {
  Streamer s(webm_video_feed);
  // The mood follows the job's next mood tick, not the first buffer served.
  BOOST_TEST(
      s.job().wait_until([&] { return contains(s.job().output(), "mood: happy"); }, 10s),
      FLU_LATER(s.job().output()));
  const Response r = exchange(s.port(), get_request(mount), 4096);
  BOOST_TEST(r.status == 200);
  BOOST_TEST(r.header("content-type") == "video/webm");
  BOOST_TEST(r.header("cache-control") == "no-cache");
  BOOST_TEST(r.header("connection") == "close");
  BOOST_TEST(r.headers.count("content-length") == 0u);
  BOOST_TEST_REQUIRE(r.body.size() >= 4u);
  BOOST_TEST(r.body.substr(0, 4) == std::string("\x1a\x45\xdf\xa3"), "EBML magic first");

  // HEAD: the same head, no body; the query string does not matter.
  const Response head = exchange(s.port(), get_request(mount + "?player=1", "HEAD"));
  BOOST_TEST(head.status == 200);
  BOOST_TEST(head.header("content-type") == "video/webm");
  BOOST_TEST(head.body.empty());

  // Viewers still connected when the component stops: a clean stop.
  Connection lingering(s.port());
  lingering.send_all(get_request(mount));
  BOOST_TEST(!lingering.read_some().empty());
  BOOST_TEST(s.job().stop() == 0, FLU_LATER(s.job().output()));
}

BOOST_AUTO_TEST_CASE(publishes_ui_state_and_lists_its_viewers) {
  Streamer s(webm_video_feed);
  StandaloneJob &job = s.job();
  // The job's own figures, for every component.
  BOOST_TEST_REQUIRE(job.wait_until([&] { return !job.ui("memory-bytes").empty(); }, 10s),
                     FLU_LATER(job.output()));
  BOOST_TEST(std::stoull(job.ui("memory-bytes")) > 1000000u);
  BOOST_TEST(std::stod(job.ui("cpu-percent")) >= 0.0);
  BOOST_TEST(!job.ui("start-time").empty());
  // The streamer's.
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("viewers") == "0"; }, 10s),
                     FLU_LATER(job.output()));
  {
    Connection viewer(s.port());
    viewer.send_all(get_request(mount));
    BOOST_TEST(!viewer.read_some().empty());
    BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("viewers") == "1"; }, 10s),
                       FLU_LATER(job.output()));
    BOOST_TEST(job.ui("viewers-peak") == "1");
    BOOST_TEST_REQUIRE(
        job.wait_until([&] { return std::stoull("0" + job.ui("bitrate")) > 0; }, 10s),
        FLU_LATER(job.output()));
    BOOST_TEST(std::stoull(job.ui("stream-bitrate")) > 0u);

    job.command("invoke viewers");
    BOOST_TEST_REQUIRE(job.wait_until(
                           [&] {
                             return contains(
                                 job.output(),
                                 "invoke: viewers ok: address=127.0.0.1 seconds=");
                           },
                           10s),
                       FLU_LATER(job.output()));
    // The job answers ui-state for every component.
    job.command("invoke ui-state");
    BOOST_TEST_REQUIRE(
        job.wait_until([&] { return contains(job.output(), "invoke: ui-state ok: "); },
                       10s),
        FLU_LATER(job.output()));
    BOOST_TEST(contains(job.output(), "\nviewers=1\n"), FLU_LATER(job.output()));
    job.command("invoke no-such-method");
    BOOST_TEST_REQUIRE(job.wait_until(
                           [&] {
                             return contains(
                                 job.output(),
                                 "invoke: no-such-method failed: http-streamer "
                                 "has no method 'no-such-method'");
                           },
                           10s),
                       FLU_LATER(job.output()));
  }
  BOOST_TEST(job.wait_until([&] { return job.ui("viewers") == "0"; }, 10s),
             FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(an_operator_disconnects_a_viewer_by_address) {
  Streamer s(webm_video_feed);
  Connection viewer(s.port());
  viewer.send_all(get_request(mount));
  BOOST_TEST(!viewer.read_some().empty());
  s.job().command("invoke disconnect 127.0.0.1");
  BOOST_TEST_REQUIRE(
      s.job().wait_until(
          [&] { return contains(s.job().output(), "invoke: disconnect ok: 1"); }, 10s),
      FLU_LATER(s.job().output()));
  // The stream ends for that viewer: reads run dry (or reset) within seconds.
  std::string rest;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string part = viewer.read_some();
    if (part.empty())
      break;
    rest += part;
  }
  BOOST_TEST((std::chrono::steady_clock::now() < deadline), "the viewer still streams");
}

BOOST_AUTO_TEST_CASE(answers_wrong_requests_with_4xx) {
  Streamer s(webm_video_feed);
  BOOST_TEST(exchange(s.port(), get_request("/other.webm")).status == 404);
  BOOST_TEST(exchange(s.port(), get_request("/")).status == 404);
  const Response post = exchange(s.port(), get_request(mount, "POST"));
  BOOST_TEST(post.status == 405);
  BOOST_TEST(post.header("allow") == "GET, HEAD");
  BOOST_TEST(exchange(s.port(), get_request(mount, "DELETE")).status == 405);
  BOOST_TEST(exchange(s.port(), "garbage\r\n\r\n").status == 400);
  BOOST_TEST(
      exchange(s.port(), "GET " + mount + " HTTP/1.1\r\nno colon here\r\n\r\n").status ==
      400);
  BOOST_TEST(exchange(s.port(), "GET " + mount + " HTTP/1.1\r\nX-Big: " +
                                    std::string(20000, 'x') + "\r\n\r\n")
                 .status == 400);
  // After all that, the streamer still serves.
  BOOST_TEST(exchange(s.port(), get_request(mount), 100).status == 200);
}

BOOST_AUTO_TEST_CASE(what_curl_fetches_decodes_as_vp8) {
  Streamer s(webm_av_feed);
  const std::string file = s.dir() / "curl.webm";
  run("curl -s --max-time 3 -o " + file + " " + s.url());
  BOOST_TEST_REQUIRE(std::filesystem::exists(file));
  BOOST_TEST(std::filesystem::file_size(file) > 100000u);
  BOOST_TEST(probe(file, "v", "codec_name") == "vp8");
  BOOST_TEST(probe(file, "a", "codec_name") == "opus");
  const std::string discovered = run("gst-discoverer-1.0 " + file);
  BOOST_TEST(contains(discovered, "VP8"), discovered);
  expect_decodes(s.dir(), read_file(file), "curl-check.webm");
}

BOOST_AUTO_TEST_CASE(late_joiners_start_with_the_header_and_a_keyframe) {
  for (const std::string burst : {"true", "false"}) {
    BOOST_TEST_CONTEXT("burst-on-connect=" << burst) {
      Streamer s(webm_av_feed, {"burst-on-connect=" + burst});
      // Someone watches for a while, so that later viewers join mid-GOP.
      std::string first = watch(s.port(), 1300ms);
      expect_browser_joinable(first);
      // Each joiner reads about a second of the stream (by bytes: without
      // burst it first waits up to a GOP), so the next one joins at
      // another point of the GOP.
      for (int i = 0; i < 3; ++i) {
        const std::string body = watch(s.port(), 5s, 300000 + 50000 * i);
        expect_browser_joinable(body);
        expect_decodes(s.dir(), body, "late" + std::to_string(i) + ".webm");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(serves_ogg_as_video_or_audio) {
  {
    Streamer s(ogg_av_feed);
    const Response r = exchange(s.port(), get_request(mount), 4);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("content-type") == "video/ogg");
    BOOST_TEST(r.body.substr(0, 4) == "OggS");
  }
  {
    Streamer s(ogg_audio_feed);
    const Response r = exchange(s.port(), get_request(mount), 4);
    BOOST_TEST(r.header("content-type") == "audio/ogg");
    BOOST_TEST(r.body.substr(0, 4) == "OggS");
  }
}

BOOST_AUTO_TEST_CASE(refuses_viewers_past_the_client_limit) {
  Streamer s(webm_video_feed, {"client-limit=2"});
  auto a = std::make_unique<Connection>(s.port());
  Connection b(s.port());
  for (Connection *c : {a.get(), &b}) {
    c->send_all(get_request(mount));
    BOOST_TEST(parse_response(c->read_some()).status == 200);
  }
  const Response third = exchange(s.port(), get_request(mount));
  BOOST_TEST(third.status == 503);
  BOOST_TEST(third.headers.count("retry-after") == 1u);

  // A viewer leaves: its place is free again, as soon as the streamer saw it go.
  a.reset();
  int status = 0;
  BOOST_TEST(s.job().wait_until(
      [&] { return (status = exchange(s.port(), get_request(mount), 10).status) == 200; },
      5s));
}

// HEAD says whether a viewer would be taken (another streamer's edge check
// asks it): 200 with room, 503 when full or draining, 200 again after.
BOOST_AUTO_TEST_CASE(head_answers_503_when_full_or_draining) {
  Streamer s(webm_video_feed, {"client-limit=1"});
  BOOST_TEST(exchange(s.port(), get_request(mount, "HEAD")).status == 200);
  auto viewer = std::make_unique<Connection>(s.port());
  viewer->send_all(get_request(mount));
  BOOST_TEST_REQUIRE(parse_response(viewer->read_some()).status == 200);
  const Response full = exchange(s.port(), get_request(mount, "HEAD"));
  BOOST_TEST(full.status == 503);
  BOOST_TEST(full.headers.count("retry-after") == 1u);
  viewer.reset();
  int status = 0;
  BOOST_TEST(s.job().wait_until(
      [&] {
        return (status = exchange(s.port(), get_request(mount, "HEAD")).status) == 200;
      },
      5s));

  // Draining: new viewers and HEAD get 503 (no edge to send them to), the
  // UI state says so; undrained, both are taken again.
  s.job().command("invoke set-draining yes");
  BOOST_TEST_REQUIRE(
      s.job().wait_until(
          [&] { return contains(s.job().output(), "invoke: set-draining ok"); }, 10s),
      FLU_LATER(s.job().output()));
  BOOST_TEST(exchange(s.port(), get_request(mount, "HEAD")).status == 503);
  BOOST_TEST(exchange(s.port(), get_request(mount)).status == 503);
  BOOST_TEST(contains(s.job().output(), "draining: new viewers go to the edges"));
  s.job().command("invoke set-draining no");
  BOOST_TEST(s.job().wait_until(
      [&] {
        return (status = exchange(s.port(), get_request(mount, "HEAD")).status) == 200;
      },
      5s));
  Connection again(s.port());
  again.send_all(get_request(mount));
  BOOST_TEST(parse_response(again.read_some()).status == 200);
}

// redirect-on-overflow with a list of edges: a real edge streamer and a
// port nobody listens on. A full origin sends viewers (with their query and
// the flu-overflow mark) only to the edge that answers, where they play; a
// viewer sent on once is never sent on again (no loop); the edge gone, it
// is out of the choice within its check period and viewers get 503.
BOOST_AUTO_TEST_CASE(redirects_viewers_past_the_limit_to_an_edge_that_answers) {
  auto edge = std::make_unique<Streamer>(webm_video_feed);
  const std::string edge_url = edge->url();
  const std::string dead = "http://127.0.0.1:1" + mount;
  Streamer s(webm_video_feed,
             {"client-limit=1", "redirect-on-overflow=" + dead + " " + edge_url});
  BOOST_TEST_REQUIRE(
      s.job().wait_until(
          [&] {
            return contains(s.job().output(), "edge " + edge_url + " answers") &&
                   contains(s.job().output(), "edge " + dead + " left out");
          },
          10s),
      FLU_LATER(s.job().output()));
  Connection first(s.port());
  first.send_all(get_request(mount));
  BOOST_TEST(parse_response(first.read_some()).status == 200);
  // Full: each viewer goes to the edge that answers, never to the dead one.
  for (int i = 0; i < 3; ++i) {
    const Response sent = exchange(s.port(), get_request(mount + "?token=t1"));
    BOOST_TEST(sent.status == 302);
    BOOST_TEST(sent.header("location") == edge_url + "?token=t1&flu-overflow=1");
  }
  // The viewer plays from the edge: a WebM stream starts there.
  const Response played =
      exchange(edge->port(), get_request(mount + "?token=t1&flu-overflow=1"), 4);
  BOOST_TEST(played.status == 200);
  BOOST_TEST(played.body.rfind("\x1a\x45\xdf\xa3", 0) == 0u);
  // Sent here by a full streamer: not sent on again (no loop), 503.
  const Response again = exchange(s.port(), get_request(mount + "?flu-overflow=1"));
  BOOST_TEST(again.status == 503);
  BOOST_TEST(again.headers.count("location") == 0u);

  // The edge goes: within a check period nobody is sent there any more.
  BOOST_TEST(edge->job().stop() == 0);
  edge.reset();
  int status = 0;
  BOOST_TEST(
      s.job().wait_until(
          [&] { return (status = exchange(s.port(), get_request(mount)).status) == 503; },
          10s),
      "still " << status << FLU_LATER(s.job().output()));
  BOOST_TEST(contains(s.job().output(), "edge " + edge_url + " left out"),
             FLU_LATER(s.job().output()));
}

BOOST_AUTO_TEST_CASE(refuses_a_redirect_that_is_not_a_url) {
  expect_refused({"--type", "http-streamer", "--eater", "default=" + webm_video_feed,
                  "--property", "redirect-on-overflow=edge.example/live"},
                 "redirect-on-overflow must be an http:// or https:// URL");
  expect_refused({"--type", "http-streamer", "--eater", "default=" + webm_video_feed,
                  "--property", "redirect-on-overflow=/edges/a/b"},
                 "'/edges/a/b' is neither a URL nor a component (/flow/name)");
}

// Planet edges named by component id, in a standalone job: no manager shares
// their state, so they are left out (said once) and the URL edges remain
// the fallback; without one, a full streamer answers 503.
BOOST_AUTO_TEST_CASE(planet_edges_without_a_manager_fall_back_to_url_edges) {
  Streamer s(webm_video_feed,
             {"client-limit=1", "redirect-on-overflow=/edges/streamer-1"});
  BOOST_TEST_REQUIRE(s.job().wait_until(
                         [&] {
                           return contains(
                               s.job().output(),
                               "edge /edges/streamer-1 left out: its state is not known");
                         },
                         10s),
                     FLU_LATER(s.job().output()));
  Connection first(s.port());
  first.send_all(get_request(mount));
  BOOST_TEST_REQUIRE(parse_response(first.read_some()).status == 200);
  BOOST_TEST(exchange(s.port(), get_request(mount)).status == 503);
}

BOOST_AUTO_TEST_CASE(drops_a_stalled_viewer_without_slowing_the_others) {
  // 1 MB of lag allowed; the stream runs at about 2.5 Mbit/s.
  Streamer s(webm_av_feed, {"max-client-lag-bytes=1000000"});

  // The stalled viewer: asks, then never reads (a small receive window keeps
  // the kernel from absorbing megabytes for it).
  Connection stalled(s.port(), 4096);
  stalled.send_all(get_request(mount));

  // The healthy viewer reads all along on its own thread; it notes the
  // longest gap between two reads.
  std::atomic<bool> stop{false};
  std::atomic<size_t> received{0};
  std::atomic<long> longest_gap_ms{0};
  std::thread healthy([&] {
    Connection c(s.port());
    c.send_all(get_request(mount));
    // Gaps count from the first byte: without a burst (a GOP larger than
    // burst-max-bytes) a viewer first waits for the next keyframe.
    std::optional<std::chrono::steady_clock::time_point> last;
    while (!stop) {
      const std::string part = c.read_some();
      if (part.empty())
        break;
      const auto now = std::chrono::steady_clock::now();
      if (last) {
        const long gap =
            std::chrono::duration_cast<std::chrono::milliseconds>(now - *last).count();
        longest_gap_ms = std::max(longest_gap_ms.load(), gap);
      }
      last = now;
      received += part.size();
    }
  });

  const auto start = std::chrono::steady_clock::now();
  const bool dropped = s.job().wait_until(
      [&] {
        return contains(s.job().output(), "dropped a viewer that fell too far behind");
      },
      30s);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  stop = true;
  healthy.join();
  BOOST_TEST_REQUIRE(dropped, FLU_LATER(s.job().output()));
  BOOST_TEST_MESSAGE("stalled viewer dropped after " << seconds << " s");

  // The healthy viewer got the stream at its rate all along.
  const double kbps = static_cast<double>(received) * 8 / 1000 / seconds;
  BOOST_TEST_MESSAGE("healthy viewer: " << kbps << " kbit/s, longest gap "
                                        << longest_gap_ms << " ms");
  // A server blocked by the stalled viewer would starve this one for good;
  // the bound leaves room for a loaded test machine's encoder hiccups.
  BOOST_TEST(kbps > 1500.0);
  BOOST_TEST(longest_gap_ms < 1500);

  // The stalled viewer finds its connection closed once it reads: a reset,
  // or the end of the little data that was in flight.
  timeval tv{5, 0};
  setsockopt(stalled.fd(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  size_t late_bytes = 0;
  for (std::string part = stalled.read_some(); !part.empty(); part = stalled.read_some())
    late_bytes += part.size();
  BOOST_TEST(late_bytes < 8000000u);
}

BOOST_AUTO_TEST_CASE(refuses_a_port_in_use) {
  Streamer first(webm_video_feed);
  expect_refused({"--type", "http-streamer", "--property",
                  "port=" + std::to_string(first.port()), "--eater",
                  "default=" + webm_video_feed},
                 "port " + std::to_string(first.port()) + " is already in use");
}

BOOST_AUTO_TEST_CASE(refuses_bad_properties) {
  expect_refused({"--type", "http-streamer", "--property", "port=70000", "--eater",
                  "default=" + webm_video_feed},
                 "port must be between 0 and 65535");
}

BOOST_AUTO_TEST_CASE(flu_stress_measures_many_viewers) {
  const std::string stress = FLU_STRESS;
  if (stress.empty())
    return;
  Streamer s(webm_video_feed);
  const std::string out =
      run(stress + " " + s.url() + " --viewers 50 --seconds 3 --ramp-ms 500");
  BOOST_TEST(contains(out, "RESULT viewers=50 connected=50 ok=50 failed=0 dropped=0"),
             out);

  // Loopback only: another host is refused before any connection is made.
  const int rc = std::system((stress + " http://192.0.2.1:8800/x --viewers 1 --seconds 1 "
                                       "> /dev/null 2>&1")
                                 .c_str());
  BOOST_TEST(WEXITSTATUS(rc) == 2);
}
