// The webrtc-streamer in a standalone flu-job, played by real WebRTC viewers
// (webrtcbin in this process, whep_viewer.hpp) over loopback ICE: decoded
// frames must arrive, DELETE must end a viewer, and broken requests get the
// status WHEP gives them.
#define BOOST_TEST_MODULE webrtc_streamer
#include "../standalone_job.hpp"
#include "combined_log.hpp"
#include "whep_viewer.hpp"

#include <algorithm>
#include <memory>
#include <regex>

using namespace flu::modules::test;
using flu::webrtc_test::http_request;
using flu::webrtc_test::WhepViewer;
namespace http = boost::beast::http;

namespace {

struct GstInit {
  GstInit() { gst_init(nullptr, nullptr); }
};
BOOST_TEST_GLOBAL_FIXTURE(GstInit);

// Eater fragments that imitate the host's eaters: encoded feeds through GDP,
// a keyframe every second.
const std::string vp8_feed =
    "videotestsrc is-live=true pattern=ball ! "
    "video/x-raw,width=320,height=240,framerate=30/1 "
    "! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=30 ! gdppay ! gdpdepay";
const std::string opus_feed =
    "audiotestsrc is-live=true ! audio/x-raw,rate=48000,channels=2 ! opusenc ! gdppay ! "
    "gdpdepay";
const std::string h264_feed =
    "videotestsrc is-live=true pattern=ball ! "
    "video/x-raw,width=320,height=240,framerate=30/1 ! x264enc tune=zerolatency "
    "speed-preset=ultrafast key-int-max=30 ! video/x-h264,profile=constrained-baseline "
    "! h264parse ! gdppay ! gdpdepay";
const std::string mount = "/whep";

// The streamer on a free port, ready once it serves and its video came.
class Streamer {
public:
  explicit Streamer(std::vector<std::string> properties = {},
                    std::vector<std::string> job_args = {}, bool audio = true,
                    const std::string &video = vp8_feed) {
    std::vector<std::string> args = {"--type",  "webrtc-streamer", "--property",
                                     "port=0",  "--property",      "mount-point=" + mount,
                                     "--eater", "video=" + video};
    args.insert(args.end(), {"--property", "ice-address=127.0.0.1"});
    if (audio)
      args.insert(args.end(), {"--eater", "audio=" + opus_feed});
    for (const auto &p : properties)
      args.insert(args.end(), {"--property", p});
    args.insert(args.end(), job_args.begin(), job_args.end());
    job_ = std::make_unique<StandaloneJob>(dir_, args);
    const std::regex url("WHEP endpoint at http://localhost:([0-9]+)" + mount);
    BOOST_TEST_REQUIRE(job_->wait_until(
                           [&] {
                             std::smatch m;
                             const std::string out = job_->output();
                             if (!std::regex_search(out, m, url) ||
                                 !contains(out, "receiving video/"))
                               return false;
                             port_ = static_cast<uint16_t>(std::stoi(m[1]));
                             return true;
                           },
                           20s),
                       FLU_LATER(job_->output()));
  }
  uint16_t port() const { return port_; }
  StandaloneJob &job() { return *job_; }

private:
  ScratchDir dir_;
  std::unique_ptr<StandaloneJob> job_;
  uint16_t port_ = 0;
};

std::string counts(const WhepViewer &viewer) {
  return "video frames " + std::to_string(viewer.video_frames()) + ", audio buffers " +
         std::to_string(viewer.audio_buffers()) + "\n";
}

bool plays(WhepViewer &viewer, StandaloneJob &job, bool audio = true) {
  return job.wait_until(
      [&] {
        return viewer.video_frames() >= 15 && (!audio || viewer.audio_buffers() >= 15);
      },
      20s);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_viewer_plays_video_and_audio_until_it_deletes_its_session) {
  Streamer s;
  WhepViewer viewer;
  const auto answer = viewer.connect(s.port(), mount);
  BOOST_TEST_REQUIRE(answer.status == 201, answer.body);
  BOOST_TEST(answer.header("content-type") == "application/sdp");
  BOOST_TEST(contains(answer.body, "a=candidate:"), answer.body); // non-trickle
  BOOST_TEST(answer.header("access-control-allow-origin") == "*");
  const std::string location = answer.header("location");
  BOOST_TEST_REQUIRE(location.rfind(mount + "/", 0) == 0, location);

  BOOST_TEST_REQUIRE(plays(viewer, s.job()),
                     FLU_LATER(counts(viewer) + s.job().output()));
  BOOST_TEST_REQUIRE(s.job().wait_until([&] { return s.job().ui("viewers") == "1"; }, 5s),
                     FLU_LATER(s.job().output()));
  BOOST_TEST(s.job().wait_until(
      [&] {
        return !s.job().ui("bytes-sent").empty() && s.job().ui("bytes-sent") != "0";
      },
      5s));

  BOOST_TEST(http_request(s.port(), http::verb::delete_, location).status == 200);
  BOOST_TEST(s.job().wait_until([&] { return s.job().ui("viewers") == "0"; }, 5s),
             FLU_LATER(s.job().output()));
  // Its frames stop: nothing is sent to a viewer that left.
  std::this_thread::sleep_for(300ms); // what was in flight lands
  const uint64_t frames = viewer.video_frames();
  std::this_thread::sleep_for(1s);
  BOOST_TEST(viewer.video_frames() == frames);
  BOOST_TEST(http_request(s.port(), http::verb::delete_, location).status == 404);
  BOOST_TEST(s.job().stop() == 0, FLU_LATER(s.job().output()));
}

BOOST_AUTO_TEST_CASE(two_viewers_play_at_once_over_their_own_connections) {
  Streamer s;
  WhepViewer first, second;
  const auto a = first.connect(s.port(), mount);
  const auto b = second.connect(s.port(), mount);
  BOOST_TEST_REQUIRE(a.status == 201, a.body);
  BOOST_TEST_REQUIRE(b.status == 201, b.body);
  BOOST_TEST(a.header("location") != b.header("location"));
  BOOST_TEST(plays(first, s.job()), FLU_LATER(s.job().output()));
  BOOST_TEST(plays(second, s.job()), FLU_LATER(s.job().output()));
  BOOST_TEST(s.job().wait_until([&] { return s.job().ui("viewers-peak") == "2"; }, 5s));
  // One leaves; the other goes on playing.
  BOOST_TEST(http_request(s.port(), http::verb::delete_, a.header("location")).status ==
             200);
  BOOST_TEST(s.job().wait_until([&] { return s.job().ui("viewers") == "1"; }, 5s));
  const uint64_t before = second.video_frames();
  BOOST_TEST(s.job().wait_until([&] { return second.video_frames() > before + 10; }, 5s));
}

BOOST_AUTO_TEST_CASE(a_video_only_stream_plays_to_a_viewer_offering_audio_too) {
  Streamer s({}, {}, false);
  WhepViewer viewer;
  const auto answer = viewer.connect(s.port(), mount);
  BOOST_TEST_REQUIRE(answer.status == 201, answer.body);
  BOOST_TEST(plays(viewer, s.job(), false), FLU_LATER(s.job().output()));
  BOOST_TEST(viewer.audio_buffers() == 0u);
}

BOOST_AUTO_TEST_CASE(broken_requests_get_their_status_with_a_reason) {
  Streamer s;
  const auto garbage = http_request(s.port(), http::verb::post, mount,
                                    "this is not an offer", "application/sdp");
  BOOST_TEST(garbage.status == 400);
  BOOST_TEST(contains(garbage.body, "not SDP"), garbage.body);

  const auto no_ice =
      http_request(s.port(), http::verb::post, mount,
                   "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                   "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n",
                   "application/sdp");
  BOOST_TEST(no_ice.status == 400);
  BOOST_TEST(contains(no_ice.body, "ICE credentials"), no_ice.body);

  const auto json =
      http_request(s.port(), http::verb::post, mount, "{}", "application/json");
  BOOST_TEST(json.status == 415);
  BOOST_TEST(contains(json.body, "application/sdp"), json.body);

  const auto unknown =
      http_request(s.port(), http::verb::delete_, mount + "/0123456789abcdef");
  BOOST_TEST(unknown.status == 404);
  BOOST_TEST(contains(unknown.body, "no viewer session"), unknown.body);
  BOOST_TEST(
      http_request(s.port(), http::verb::post, "/elsewhere", "x", "application/sdp")
          .status == 404);
  BOOST_TEST(http_request(s.port(), http::verb::get, mount).status == 405);
  BOOST_TEST(http_request(s.port(), http::verb::patch, mount + "/x").status == 405);

  BOOST_TEST(http_request(s.port(), http::verb::get, mount + ".html").status == 404);

  const auto preflight = http_request(s.port(), http::verb::options, mount);
  BOOST_TEST(preflight.status == 204);
  BOOST_TEST(contains(preflight.header("access-control-allow-methods"), "POST"));
  BOOST_TEST(contains(preflight.header("access-control-allow-headers"), "Content-Type"));
  BOOST_TEST(contains(preflight.header("access-control-expose-headers"), "Location"));

  // Nothing a viewer sent took the job down, and it still answers.
  WhepViewer viewer;
  BOOST_TEST(viewer.connect(s.port(), mount).status == 201);
  BOOST_TEST(s.job().stop() == 0, FLU_LATER(s.job().output()));
}

// The access log: every WHEP answer, and a viewer's POST when it leaves,
// with the media bytes it was sent; X-Forwarded-For believed from a trusted
// proxy only.
BOOST_AUTO_TEST_CASE(the_access_log_names_viewers_behind_a_trusted_proxy) {
  ScratchDir logs;
  const std::string log = (logs / "access.log").string();
  Streamer s({"access-log=" + log, "trusted-proxy=127.0.0.1"});
  WhepViewer viewer;
  const auto answer = viewer.connect(
      s.port(), mount + "?x=1",
      {{"X-Forwarded-For", "198.51.100.1, 203.0.113.9"}, {"User-Agent", "Test/1.0"}});
  BOOST_TEST_REQUIRE(answer.status == 201, answer.body);
  BOOST_TEST_REQUIRE(plays(viewer, s.job()), FLU_LATER(s.job().output()));
  const auto json = http_request(s.port(), http::verb::post, mount, "{}",
                                 "application/json", {{"X-Forwarded-For", "192.0.2.7"}});
  BOOST_TEST(json.status == 415);
  BOOST_TEST(
      http_request(s.port(), http::verb::delete_, answer.header("location")).status ==
      200);
  BOOST_TEST_REQUIRE(s.job().wait_until(
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
  BOOST_TEST(lines[0][1].str() == "192.0.2.7"); // 415, at once
  BOOST_TEST(lines[0][4].str() == "415");
  BOOST_TEST(lines[1][1].str() == "203.0.113.9"); // the viewer, as it left
  BOOST_TEST(lines[1][3].str() == "POST " + mount + "?x=1 HTTP/1.1");
  BOOST_TEST(lines[1][4].str() == "201");
  BOOST_TEST(std::stoull(lines[1][5].str()) > 10000u); // media, not the answer
  BOOST_TEST(lines[1][7].str() == "Test/1.0");
  BOOST_TEST(lines[2][1].str() == "127.0.0.1");
  BOOST_TEST(lines[2][4].str() == "200");
}

BOOST_AUTO_TEST_CASE(past_the_client_limit_a_viewer_gets_503) {
  Streamer s({"client-limit=1"});
  WhepViewer first, second;
  BOOST_TEST_REQUIRE(first.connect(s.port(), mount).status == 201);
  const auto refused = second.connect(s.port(), mount);
  BOOST_TEST(refused.status == 503);
  BOOST_TEST(contains(refused.body, "1 viewers"), refused.body);
}

BOOST_AUTO_TEST_CASE(the_bouncer_lets_in_viewers_with_the_right_token_only) {
  Streamer s({"bouncer=tokens"},
             {"--bouncer", "tokens=" FLU_MODULE_TOKEN_BOUNCER ":token-bouncer",
              "--bouncer-property", "tokens:token=s3cr3t"});
  WhepViewer refused, admitted;
  const auto no = refused.connect(s.port(), mount + "?token=nope");
  BOOST_TEST(no.status == 401);
  BOOST_TEST(no.header("www-authenticate") == "Basic realm=\"" + mount + "\"");
  const auto none =
      http_request(s.port(), http::verb::post, mount, "v=0\r\n", "application/sdp");
  BOOST_TEST(none.status == 401);
  const auto yes = admitted.connect(s.port(), mount + "?token=s3cr3t");
  BOOST_TEST_REQUIRE(yes.status == 201, yes.body);
  BOOST_TEST(plays(admitted, s.job()), FLU_LATER(s.job().output()));
  BOOST_TEST(s.job().ui("viewers-refused") == "2");
}

BOOST_AUTO_TEST_CASE(the_player_page_signals_to_its_own_endpoint) {
  Streamer s({"html5-page=true"});
  const auto page = http_request(s.port(), http::verb::get, mount + ".html");
  BOOST_TEST(page.status == 200);
  BOOST_TEST(page.header("content-type") == "text/html; charset=utf-8");
  BOOST_TEST(contains(page.body, "new RTCPeerConnection()"));
  BOOST_TEST(contains(page.body, "application/sdp"));
  const auto head = http_request(s.port(), http::verb::head, mount + ".html");
  BOOST_TEST(head.status == 200);
  BOOST_TEST(head.header("content-length") == std::to_string(page.body.size()));
}

BOOST_AUTO_TEST_CASE(an_h264_stream_plays_to_a_viewer_offering_h264) {
  Streamer s({}, {}, true, h264_feed);
  BOOST_TEST(contains(s.job().output(), "receiving video/x-h264"));
  WhepViewer viewer("H264");
  const auto answer = viewer.connect(s.port(), mount);
  BOOST_TEST_REQUIRE(answer.status == 201, answer.body);
  BOOST_TEST(contains(answer.body, "H264/90000"), answer.body);
  BOOST_TEST(plays(viewer, s.job()), FLU_LATER(counts(viewer) + s.job().output()));
  // A viewer that takes VP8 only cannot play it: told so, not crashed.
  WhepViewer vp8_only;
  const auto refused = vp8_only.connect(s.port(), mount);
  BOOST_TEST(refused.status == 400);
  BOOST_TEST(contains(refused.body, "does not take H264"), refused.body);
}
