// The hls-streamer in a standalone flu-job eating MPEG-TS feeds (x264 +
// voaacenc through mpegtsmux, as an mpegts-muxer feeds it): playlists and
// segments fetched with curl and checked with ffprobe, the window sliding,
// the master over two renditions, behind a porter too.
#define BOOST_TEST_MODULE hls_streamer
#include "../porter/porter_job.hpp"
#include "combined_log.hpp"
#include "hls_client.hpp"
#include "wait.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

using namespace flu::modules::test;
using namespace flu::hls::test;
using flu::test::poll_until;

namespace {

// An MPEG-TS feed as the host's eater gives it: H.264 with a keyframe every
// second, AAC, muxed, through GDP. `n` keeps element names apart.
std::string ts_feed(int n, int width, int height, int kbits) {
  const std::string mux = "flu-test-mux" + std::to_string(n);
  return "videotestsrc is-live=true pattern=ball ! video/x-raw,width=" +
         std::to_string(width) + ",height=" + std::to_string(height) +
         ",framerate=25/1,format=I420 ! x264enc tune=zerolatency speed-preset=ultrafast "
         "key-int-max=25 "
         "bitrate=" +
         std::to_string(kbits) + " ! h264parse ! " + mux +
         ". audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=2 ! voaacenc ! "
         "aacparse ! " +
         mux + ". mpegtsmux name=" + mux + " alignment=7 ! gdppay ! gdpdepay";
}

class HlsJob {
public:
  // `extra`: more of flu-job's arguments (--bouncer ...).
  HlsJob(std::vector<std::string> properties, int feeds = 1,
         std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "--module",   FLU_MODULE,          "--type",     "hls-streamer",
        "--property", "mount-point=/live", "--property", "fragment-duration=1"};
    for (const auto &p : properties)
      args.insert(args.end(), {"--property", p});
    for (int i = 0; i < feeds; ++i)
      args.insert(args.end(),
                  {"--eater", "default:" + std::to_string(i) + "=" +
                                  ts_feed(i, 320 >> i, 240 >> i, 600 >> (2 * i))});
    args.insert(args.end(), extra.begin(), extra.end());
    job_ = std::make_unique<StandaloneJob>(dir_, args);
    const std::regex serving("Serving HLS at http://localhost:([0-9]+)/live/");
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
  std::string url(const std::string &path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  int port() const { return port_; }
  StandaloneJob &job() { return *job_; }
  const ScratchDir &dir() const { return dir_; }

private:
  ScratchDir dir_;
  std::unique_ptr<StandaloneJob> job_;
  int port_ = 0;
};

// Waits until `url` answers 200 (the first segments are cut).
void wait_served(StandaloneJob &job, const std::string &url) {
  BOOST_TEST_REQUIRE(job.wait_until([&] { return status(url) == "200"; }, 30s),
                     FLU_LATER(job.output()));
}

// Every segment of a media playlist saved to a file: the right type, a
// keyframe first, H.264 and AAC inside.
void check_segments(const std::string &playlist_url, const ScratchDir &dir) {
  const Playlist media = parse_playlist(fetch(playlist_url));
  BOOST_TEST_REQUIRE(!media.uris.empty());
  std::string heads;
  const auto files =
      save_segments(playlist_url, dir.path().string(), "s", media.uris, &heads);
  BOOST_TEST(heads.find("HTTP/1.1 404") == std::string::npos, heads);
  BOOST_TEST(contains(heads, "Content-Type: video/mp2t"), heads);
  for (const auto &file : files) {
    BOOST_TEST(starts_with_keyframe(file), file);
    BOOST_TEST(codecs(file) == "h264,aac", file);
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(one_rendition_slides_its_window) {
  HlsJob hls({"port=0", "max-window=3", "min-window=2", "max-extra-buffers=1"});
  const std::string master_url = hls.url("/live/main.m3u8");
  const std::string media_url = hls.url("/live/0/stream.m3u8");
  wait_served(hls.job(), master_url);

  const std::string master_head = head(master_url);
  BOOST_TEST(contains(master_head, "Content-Type: application/vnd.apple.mpegurl"));
  BOOST_TEST(contains(master_head, "Cache-Control: no-cache"));
  const Playlist master = parse_playlist(fetch(master_url));
  BOOST_TEST_REQUIRE(master.uris.size() == 1u);
  BOOST_TEST(master.uris[0] == "0/stream.m3u8");
  const std::string inf = master.tag("#EXT-X-STREAM-INF");
  BOOST_TEST(contains(inf, "RESOLUTION=320x240"), inf);
  BOOST_TEST(std::regex_search(inf, std::regex("BANDWIDTH=[1-9][0-9]{4,}")), inf);
  BOOST_TEST(
      std::regex_search(inf, std::regex("CODECS=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\"")),
      inf);

  // ffprobe reads the live playlist over HTTP as a player would.
  BOOST_TEST(codecs(media_url) == "h264,aac");
  BOOST_TEST(codecs(master_url) == "h264,aac");
  check_segments(media_url, hls.dir());
  const Playlist media = parse_playlist(fetch(media_url));
  BOOST_TEST(media.tag("#EXT-X-TARGETDURATION") == "1");
  BOOST_TEST(media.uris.size() >= 2u);
  BOOST_TEST(media.uris.size() <= 3u);

  // The window slides: the first segment leaves the playlist, then (one
  // extra segment later) it is gone.
  const long long first = media.media_sequence();
  const std::string first_url = hls.url("/live/0/" + media.uris.front());
  BOOST_TEST(status(first_url) == "200");
  BOOST_TEST_REQUIRE(
      hls.job().wait_until(
          [&] { return parse_playlist(fetch(media_url)).media_sequence() >= first + 2; },
          20s),
      FLU_LATER(hls.job().output()));
  const Playlist later = parse_playlist(fetch(media_url));
  BOOST_TEST(later.uris.size() == 3u);
  BOOST_TEST((std::find(later.uris.begin(), later.uris.end(), media.uris.front()) ==
              later.uris.end()));
  BOOST_TEST(status(first_url) == "404");

  // What is not there.
  BOOST_TEST(status(hls.url("/live/1/stream.m3u8")) == "404");
  BOOST_TEST(status(hls.url("/live/0/fragment-x.ts")) == "404");
  BOOST_TEST(status(hls.url("/live/0/fragment-99999999.ts")) == "404");
  BOOST_TEST(status(hls.url("/elsewhere")) == "404");
  BOOST_TEST(status(master_url, "-X POST") == "405");
  BOOST_TEST(status(master_url, "-I") == "200");
  const std::string garbage =
      shell("bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(hls.port()) +
            "; printf \"NOT HTTP\\r\\n\\r\\n\" >&3; head -c 12 <&3'");
  BOOST_TEST(garbage == "HTTP/1.1 400");
  BOOST_TEST(hls.job().wait_until([&] { return hls.job().ui("not-found") == "5"; }, 10s),
             FLU_LATER(hls.job().output()));
  BOOST_TEST(hls.job().stop() == 0, FLU_LATER(hls.job().output()));
}

// Fragmented MP4: an init segment in EXT-X-MAP and .m4s segments that each
// play after it, start with a keyframe, and go on from the one before
// (one muxer per rendition: its timestamps run on).
BOOST_AUTO_TEST_CASE(fmp4_segments_play_after_their_init_segment) {
  HlsJob hls({"port=0", "segment-format=fmp4", "max-window=4", "min-window=3"});
  const std::string media_url = hls.url("/live/0/stream.m3u8");
  wait_served(hls.job(), media_url);
  const Playlist media = parse_playlist(fetch(media_url));
  BOOST_TEST(media.tag("#EXT-X-VERSION") == "7");
  BOOST_TEST(media.tag("#EXT-X-MAP") == "URI=\"init.mp4\"");
  BOOST_TEST_REQUIRE(media.uris.size() >= 3u);
  for (const auto &uri : media.uris)
    BOOST_TEST(std::regex_match(uri, std::regex("fragment-[0-9]+\\.m4s")), uri);
  std::vector<double> extinf;
  for (const auto &t : media.tags)
    if (t.rfind("#EXTINF:", 0) == 0)
      extinf.push_back(std::stod(t.substr(8)));
  BOOST_TEST_REQUIRE(extinf.size() == media.uris.size());

  std::string heads;
  const std::string dir = hls.dir().path().string();
  const auto init = save_segments(media_url, dir, "init", {"init.mp4"}, &heads);
  BOOST_TEST(contains(heads, "Content-Type: video/mp4"), heads);
  const auto files = save_segments(media_url, dir, "f", media.uris, &heads);
  BOOST_TEST(heads.find("HTTP/1.1 404") == std::string::npos, heads);
  BOOST_TEST(contains(heads, "Content-Type: video/mp4"), heads);
  // Each segment after the init segment, as a player appends them.
  std::vector<double> starts;
  for (const auto &file : files) {
    const std::string whole = file + ".mp4";
    shell("cat '" + init[0] + "' '" + file + "' > '" + whole + "'");
    BOOST_TEST(codecs(whole) == "h264,aac", whole);
    BOOST_TEST(starts_with_keyframe(whole), whole);
    const std::string first = shell("ffprobe -v error -select_streams v:0 -show_entries "
                                    "packet=pts_time -of csv=p=0 '" +
                                    whole + "' | grep -m 1 .");
    BOOST_TEST_REQUIRE(!first.empty(), whole);
    starts.push_back(std::stod(first));
  }
  // Segment i+1 starts where segment i ended: its EXTINF later.
  for (size_t i = 0; i + 1 < starts.size(); ++i)
    BOOST_TEST(std::abs(starts[i + 1] - starts[i] - extinf[i]) < 0.05,
               "segment " << i << " starts at " << starts[i] << " lasting " << extinf[i]
                          << ", the next starts at " << starts[i + 1]);
  // ffprobe plays the live playlist over HTTP, as a player would.
  BOOST_TEST(codecs(media_url) == "h264,aac");
  BOOST_TEST(hls.job().stop() == 0, FLU_LATER(hls.job().output()));
}

BOOST_AUTO_TEST_CASE(master_lists_every_rendition) {
  HlsJob hls({"port=0", "cors-origin=*"}, 2);
  const std::string master_url = hls.url("/live/main.m3u8");
  wait_served(hls.job(), master_url);
  const Playlist master = parse_playlist(fetch(master_url));
  BOOST_TEST_REQUIRE(master.uris.size() == 2u);
  BOOST_TEST(master.uris[0] == "0/stream.m3u8");
  BOOST_TEST(master.uris[1] == "1/stream.m3u8");
  std::vector<std::string> infs;
  for (const auto &t : master.tags)
    if (t.rfind("#EXT-X-STREAM-INF:", 0) == 0)
      infs.push_back(t);
  BOOST_TEST_REQUIRE(infs.size() == 2u);
  BOOST_TEST(contains(infs[0], "RESOLUTION=320x240"), infs[0]);
  BOOST_TEST(contains(infs[1], "RESOLUTION=160x120"), infs[1]);
  // 600 kbit/s against 150 kbit/s: the first is the heavier.
  auto bandwidth = [](const std::string &inf) {
    std::smatch m;
    return std::regex_search(inf, m,
                             std::regex(",BANDWIDTH=([0-9]+)|:BANDWIDTH=([0-9]+)"))
               ? std::stoll(m[1].matched ? m[1].str() : m[2].str())
               : 0;
  };
  BOOST_TEST(bandwidth(infs[0]) > bandwidth(infs[1]), infs[0] + " / " + infs[1]);
  for (const auto &uri : master.uris) {
    BOOST_TEST(codecs(hls.url("/live/" + uri)) == "h264,aac", uri);
    check_segments(hls.url("/live/" + uri), hls.dir());
  }
  BOOST_TEST(contains(head(master_url), "Access-Control-Allow-Origin: *"));
}

BOOST_AUTO_TEST_CASE(behind_the_porter) {
  PorterJob porter({}, FLU_MODULE_PORTER);
  // Behind the porter, the playlists name the porter's URL (hls-url): a
  // player follows absolute URIs.
  HlsJob hls({"type=slave", "porter-socket-path=" + porter.socket(),
              "porter-username=" + kUser, "porter-password=" + kPassword,
              "hls-url=" + porter.url("/")});
  const std::string master_url = porter.url("/live/main.m3u8");
  wait_served(hls.job(), master_url);
  const Playlist master = parse_playlist(fetch(master_url));
  BOOST_TEST_REQUIRE(master.uris.size() == 1u);
  BOOST_TEST(master.uris[0] == porter.url("/live/0/stream.m3u8"));
  const Playlist media = parse_playlist(fetch(master.uris[0]));
  BOOST_TEST_REQUIRE(!media.uris.empty());
  for (const auto &uri : media.uris)
    BOOST_TEST(uri.rfind(porter.url("/live/0/fragment-"), 0) == 0u, uri);
  BOOST_TEST(codecs(master_url) == "h264,aac");
  check_segments(porter.url("/live/0/stream.m3u8"), hls.dir());
  BOOST_TEST(status(porter.url("/nobody")) == "404");
  BOOST_TEST(hls.job().ui("porter") == "registered");
}

BOOST_AUTO_TEST_CASE(the_bouncer_lets_viewers_in) {
  HlsJob hls({"port=0", "bouncer=tokens"}, 1,
             {"--bouncer", "tokens=" FLU_MODULE_TOKEN_BOUNCER ":token-bouncer",
              "--bouncer-property", "tokens:token=s3cr3t"});
  const std::string master_url = hls.url("/live/main.m3u8?token=s3cr3t");
  wait_served(hls.job(), master_url);
  // Refused: no token, a wrong one; playlists and segments alike.
  BOOST_TEST(status(hls.url("/live/main.m3u8")) == "401");
  BOOST_TEST(status(hls.url("/live/main.m3u8?token=wrong")) == "401");
  BOOST_TEST(status(hls.url("/live/0/stream.m3u8")) == "401");
  BOOST_TEST(contains(head(hls.url("/live/main.m3u8")),
                      "WWW-Authenticate: Basic realm=\"/live/\""));
  // Admitted: the token follows into every URI of the playlists, so a
  // player given the master's URL alone plays.
  const Playlist master = parse_playlist(fetch(master_url));
  BOOST_TEST_REQUIRE(master.uris.size() == 1u);
  BOOST_TEST(master.uris[0] == "0/stream.m3u8?token=s3cr3t");
  const Playlist media = parse_playlist(fetch(hls.url("/live/" + master.uris[0])));
  BOOST_TEST_REQUIRE(!media.uris.empty());
  for (const auto &uri : media.uris)
    BOOST_TEST(contains(uri, ".ts?token=s3cr3t"), uri);
  const std::string segment = media.uris.back().substr(0, media.uris.back().find('?'));
  BOOST_TEST(status(hls.url("/live/0/" + segment)) == "401");
  BOOST_TEST(codecs(master_url) == "h264,aac");
  BOOST_TEST(contains(hls.job().output(), "the bouncer refused a viewer from"),
             FLU_LATER(hls.job().output()));
}

BOOST_AUTO_TEST_CASE(keys_only_for_admitted_viewers) {
  HlsJob hls({"port=0", "bouncer=tokens", "key-rotation=2"}, 1,
             {"--bouncer", "tokens=" FLU_MODULE_TOKEN_BOUNCER ":token-bouncer",
              "--bouncer-property", "tokens:token=s3cr3t"});
  const std::string media_url = hls.url("/live/0/stream.m3u8?token=s3cr3t");
  wait_served(hls.job(), media_url);
  const Playlist media = parse_playlist(fetch(media_url));
  const std::string key_tag = media.tag("#EXT-X-KEY");
  std::smatch m;
  BOOST_TEST_REQUIRE(
      std::regex_search(key_tag, m,
                        std::regex("^METHOD=AES-128,URI=\"(key-[0-9]+\\.key)"
                                   "\\?token=s3cr3t\"$")),
      key_tag);
  const std::string key_url = hls.url("/live/0/" + m[1].str());
  BOOST_TEST(status(key_url) == "401");
  BOOST_TEST(status(key_url + "?token=wrong") == "401");
  const std::string key_head = head(key_url + "?token=s3cr3t");
  BOOST_TEST(contains(key_head, "Cache-Control: no-store"), key_head);
  BOOST_TEST(contains(key_head, "Content-Length: 16"), key_head);
  // A segment is no MPEG-TS as it travels (no 0x47 sync byte every 188
  // bytes); ffprobe, given the admitted URL, fetches the key and decrypts.
  const auto files =
      save_segments(media_url, hls.dir().path().string(), "aes", {media.uris.front()});
  const std::string bytes = read_file(files.front());
  BOOST_TEST_REQUIRE(bytes.size() > 376u);
  BOOST_TEST(!(bytes[0] == 0x47 && bytes[188] == 0x47));
  BOOST_TEST(bytes.size() % 16 == 0u);
  BOOST_TEST(codecs(files.front()) == "");
  BOOST_TEST(codecs(media_url) == "h264,aac");
  BOOST_TEST(codecs(hls.url("/live/main.m3u8?token=s3cr3t")) == "h264,aac");
}

namespace {

// Video frames ffmpeg decodes from `where` (a file or a playlist; at most
// 50), 0 when it decodes none.
int decoded_frames(const std::string &where, const std::string &args = "") {
  return std::atoi(shell("ffmpeg -v quiet " + args + " -i '" + where +
                         "' -map 0:v:0 -frames:v 50 -f framemd5 - | grep -vc '^#'")
                       .c_str());
}

std::string hex(const std::string &bytes) {
  std::string out;
  char two[3];
  for (const unsigned char c : bytes) {
    std::snprintf(two, sizeof two, "%02x", c);
    out += two;
  }
  return out;
}

} // namespace

// AES-128 over fragmented MP4: the init segment is clear (EXT-X-MAP before
// the first EXT-X-KEY), every .m4s is encrypted with a key the bouncer
// gives admitted viewers alone. ffmpeg decodes a segment after its init
// segment only once it is decrypted with that key, and a playlist whose
// key it is refused gives it nothing to decode.
BOOST_AUTO_TEST_CASE(fmp4_keys_only_for_admitted_viewers) {
  HlsJob hls({"port=0", "segment-format=fmp4", "bouncer=tokens", "key-rotation=2",
              "max-window=4", "min-window=3"},
             1,
             {"--bouncer", "tokens=" FLU_MODULE_TOKEN_BOUNCER ":token-bouncer",
              "--bouncer-property", "tokens:token=s3cr3t"});
  const std::string base = hls.url("/live/0/");
  const std::string media_url = base + "stream.m3u8?token=s3cr3t";
  wait_served(hls.job(), media_url);
  const std::string text = fetch(media_url);
  const Playlist media = parse_playlist(text);
  BOOST_TEST(media.tag("#EXT-X-MAP") == "URI=\"init.mp4?token=s3cr3t\"");
  BOOST_TEST_REQUIRE(text.find("#EXT-X-MAP") < text.find("#EXT-X-KEY"), text);
  std::smatch m;
  const std::string key_tag = media.tag("#EXT-X-KEY");
  BOOST_TEST_REQUIRE(
      std::regex_search(key_tag, m,
                        std::regex("^METHOD=AES-128,URI=\"(key-[0-9]+\\.key)"
                                   "\\?token=s3cr3t\"$")),
      key_tag);
  // Refused viewers get no key (nor anything else).
  const std::string key_url = base + m[1].str();
  BOOST_TEST(status(key_url) == "401");
  BOOST_TEST(status(key_url + "?token=wrong") == "401");
  BOOST_TEST(status(base + "init.mp4") == "401");
  const std::string key_head = head(key_url + "?token=s3cr3t");
  BOOST_TEST(contains(key_head, "Cache-Control: no-store"), key_head);
  BOOST_TEST(contains(key_head, "Content-Length: 16"), key_head);

  // The first listed segment (under the first key, IV its sequence number)
  // and the init segment, as an admitted viewer saves them.
  const std::string dir = hls.dir().path().string();
  const auto files = save_segments(
      media_url, dir, "aes",
      {"init.mp4?token=s3cr3t", media.uris.front(), m[1].str() + "?token=s3cr3t"});
  const std::string init = read_file(files[0]), segment = read_file(files[1]),
                    key = read_file(files[2]);
  BOOST_TEST_REQUIRE(key.size() == 16u);
  BOOST_TEST(init.substr(4, 4) == "ftyp"); // clear
  BOOST_TEST(segment.size() % 16 == 0u);
  BOOST_TEST(segment.substr(4, 4) != "moof");
  shell("cat '" + files[0] + "' '" + files[1] + "' > '" + dir + "/locked.mp4'");
  BOOST_TEST(decoded_frames(dir + "/locked.mp4") == 0);
  char iv[33];
  std::snprintf(iv, sizeof iv, "%032llx", media.media_sequence());
  shell("openssl enc -d -aes-128-cbc -K " + hex(key) + " -iv " + iv + " -in '" +
        files[1] + "' -out '" + dir + "/plain.m4s'");
  BOOST_TEST(read_file(dir + "/plain.m4s").substr(4, 4) == "moof");
  shell("cat '" + files[0] + "' '" + dir + "/plain.m4s' > '" + dir + "/opened.mp4'");
  BOOST_TEST(decoded_frames(dir + "/opened.mp4") > 0);
  BOOST_TEST(starts_with_keyframe(dir + "/opened.mp4"));
  BOOST_TEST(codecs(dir + "/opened.mp4") == "h264,aac");

  // ffmpeg plays the admitted URL over HTTP, fetching the keys itself.
  BOOST_TEST(decoded_frames(media_url) > 0);
  BOOST_TEST(decoded_frames(hls.url("/live/main.m3u8?token=s3cr3t")) > 0);
  // The same playlist (made absolute and ended), once with its keys'
  // admitted URLs and once with the keys refused: ffmpeg decodes the
  // first and nothing of the second.
  const auto local = [&](const std::string &name, const std::string &key_query) {
    std::string out;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("#EXT-X-KEY:", 0) == 0)
        line = std::regex_replace(line, std::regex("URI=\"([^?\"]+)\\?token=s3cr3t\""),
                                  "URI=\"" + base + "$1" + key_query + "\"");
      else if (line.rfind("#EXT-X-MAP:", 0) == 0)
        line = "#EXT-X-MAP:URI=\"" + base + "init.mp4?token=s3cr3t\"";
      else if (!line.empty() && line.front() != '#')
        line = base + line;
      out += line + "\n";
    }
    const std::string file = dir + "/" + name + ".m3u8";
    std::ofstream(file) << out << "#EXT-X-ENDLIST\n";
    return file;
  };
  const std::string open_list = local("admitted", "?token=s3cr3t");
  const std::string shut_list = local("refused", "");
  const std::string allow = "-protocol_whitelist file,http,tcp,crypto";
  BOOST_TEST(decoded_frames(open_list, allow) > 0);
  BOOST_TEST(decoded_frames(shut_list, allow) == 0);
  BOOST_TEST(hls.job().stop() == 0, FLU_LATER(hls.job().output()));
}

BOOST_AUTO_TEST_CASE(player_page) {
  ScratchDir logs;
  const std::string log_path = (logs / "access.log").string();
  HlsJob hls({"port=0", "html5-page=true", "hls-js-url=/js/hls.min.js",
              "trusted-proxy=127.0.0.1", "access-log=" + log_path});
  const std::string page_url = hls.url("/live/");
  BOOST_TEST_REQUIRE(hls.job().wait_until([&] { return status(page_url) == "200"; }, 20s),
                     FLU_LATER(hls.job().output()));
  BOOST_TEST(contains(head(page_url), "Content-Type: text/html"));
  const std::string page = fetch(page_url);
  BOOST_TEST(contains(page, "<video"), page);
  BOOST_TEST(contains(page, "data-src=\"/live/main.m3u8\""), page);
  BOOST_TEST(contains(page, "<script src=\"/js/hls.min.js\">"), page);
  BOOST_TEST(fetch(hls.url("/live/index.html")) == page);

  // X-Forwarded-For from the trusted proxy names the viewer in the log;
  // from anyone else it is ignored.
  run("curl -s -o /dev/null --max-time 10 -H 'X-Forwarded-For: 198.51.100.1, "
      "203.0.113.9' '" +
      hls.url("/live/index.html?a") + "'");
  run("curl -s -o /dev/null --max-time 10 --interface 127.0.0.3 -H 'X-Forwarded-For: "
      "192.0.2.66' '" +
      hls.url("/live/index.html?b") + "'");
  BOOST_TEST_REQUIRE(
      hls.job().wait_until([&] { return contains(read_file(log_path), "?b "); }, 10s),
      FLU_LATER(read_file(log_path)));
  std::vector<std::string> store;
  const std::string text = read_file(log_path);
  bool proxied = false, direct = false;
  for (const auto &line : flu::test::combined_log_lines(text, store)) {
    if (line[3].str() == "GET /live/index.html?a HTTP/1.1")
      proxied = line[1].str() == "203.0.113.9";
    if (line[3].str() == "GET /live/index.html?b HTTP/1.1")
      direct = line[1].str() == "127.0.0.3";
  }
  BOOST_TEST(proxied, text);
  BOOST_TEST(direct, text);
}

BOOST_AUTO_TEST_CASE(bad_configuration_is_refused) {
  const std::vector<std::string> base = {
      "--module",   FLU_MODULE, "--type",  "hls-streamer",
      "--property", "port=0",   "--eater", "default:0=" + ts_feed(0, 320, 240, 300)};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    for (const auto &p : extra)
      args.insert(args.end(), {"--property", p});
    return args;
  };
  expect_refused(with({"min-window=4", "max-window=3"}), "min-window");
  expect_refused(with({"fragment-prefix=../x"}), "fragment-prefix");
  expect_refused(with({"type=edge"}), "type must be master");
  expect_refused(with({"type=slave"}), "porter-socket-path");
  expect_refused(with({"trusted-proxy=proxy"}), "trusted-proxy 'proxy' is not an IP");
  expect_refused(with({"hls-url=cdn.example"}), "hls-url must be an http");
  expect_refused(with({"segment-format=mp4"}), "segment-format must be ts");
}
