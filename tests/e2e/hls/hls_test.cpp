// A bitrate ladder from one source, as an operator builds it: videotest →
// video-converter (a smaller picture) → two h264-encoders, audiotest →
// aac-encoder, an mpegts-muxer per rendition, and an hls-streamer eating
// both muxers. Fetched as a player would: the master lists both
// renditions, ffprobe reads H.264 and AAC from the playlists over HTTP,
// every segment starts with a keyframe, and the window slides. Then the
// same behind a porter.
#define BOOST_TEST_MODULE e2e_hls
#include "contains.hpp"
#include "flow_fixture.hpp"
#include "hls_client.hpp"

#include <algorithm>

using namespace flu::test;
using namespace flu::hls::test;

namespace {

constexpr auto start_timeout = 60s;

using flu::test::contains;

std::string component(const std::string &name, const std::string &type,
                      const std::vector<std::string> &feeds,
                      const std::string &properties = "") {
  std::string text =
      "  <component name=\"" + name + "\" type=\"" + type + "\" worker=\"localhost\">";
  if (!feeds.empty()) {
    text += "<eater name=\"default\">";
    for (const auto &f : feeds)
      text += "<feed>" + f + "</feed>";
    text += "</eater>";
  }
  return text + properties + "</component>\n";
}

std::string prop(const std::string &name, const std::string &value) {
  return "<property name=\"" + name + "\">" + value + "</property>";
}

// The ladder and an hls-streamer with `hls_properties`; `atmosphere`
// before the flow (a porter).
std::string planet_xml(const std::string &hls_properties,
                       const std::string &atmosphere = "") {
  const std::string key =
      prop("keyframe-distance", "25") + prop("speed-preset", "ultrafast");
  return "<?xml version=\"1.0\"?>\n<planet name=\"hls\">\n" + atmosphere +
         "<flow name=\"default\">\n" +
         component("video", "videotest-producer", {},
                   prop("width", "320") + prop("height", "240") +
                       prop("framerate", "25/1") + prop("pattern", "ball")) +
         component("audio", "audiotest-producer", {}) +
         component("small", "video-converter", {"video"},
                   prop("width", "160") + prop("height", "120")) +
         component("venc-high", "h264-encoder", {"video"},
                   key + prop("bitrate", "600000")) +
         component("venc-low", "h264-encoder", {"small"},
                   key + prop("bitrate", "150000")) +
         component("aenc", "aac-encoder", {"audio"}) +
         component("mux-high", "mpegts-muxer", {"venc-high", "aenc"}) +
         component("mux-low", "mpegts-muxer", {"venc-low", "aenc"}) +
         component("hls", "hls-streamer", {"mux-high", "mux-low"},
                   prop("mount-point", "/live") + prop("fragment-duration", "1") +
                       prop("max-window", "3") + prop("max-extra-buffers", "1") +
                       hls_properties) +
         "</flow></planet>\n";
}

// Waits until `url` answers 200.
bool served(const std::string &url) {
  return poll_until([&] { return status(url) == "200"; }, 30s, 200ms);
}

// What a player checks of one rendition's media playlist and segments.
void check_rendition(const std::string &playlist_url, const TempDir &dir,
                     const std::string &tag) {
  const Playlist media = parse_playlist(fetch(playlist_url));
  BOOST_TEST_REQUIRE(!media.uris.empty(), playlist_url);
  BOOST_TEST(media.uris.size() <= 3u);
  std::string heads;
  const auto files =
      save_segments(playlist_url, dir.path().string(), tag, media.uris, &heads);
  BOOST_TEST(!contains(heads, "HTTP/1.1 404"), heads);
  for (const auto &file : files) {
    BOOST_TEST(starts_with_keyframe(file), file);
    BOOST_TEST(codecs(file) == "h264,aac", file);
  }
  BOOST_TEST(codecs(playlist_url) == "h264,aac", playlist_url);
}

} // namespace

BOOST_AUTO_TEST_CASE(ladder_served_over_hls) {
  RunningPlanet planet("hls.xml", planet_xml(prop("port", "8800")), {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const std::string base =
      "http://127.0.0.1:" + std::to_string(planet.http_port()) + "/live/";
  BOOST_TEST_REQUIRE(served(base + "main.m3u8"), FLU_LATER(planet.logs()));

  const Playlist master = parse_playlist(fetch(base + "main.m3u8"));
  BOOST_TEST_REQUIRE(master.uris.size() == 2u);
  std::vector<std::string> infs;
  for (const auto &t : master.tags)
    if (t.rfind("#EXT-X-STREAM-INF:", 0) == 0)
      infs.push_back(t);
  BOOST_TEST_REQUIRE(infs.size() == 2u);
  BOOST_TEST(contains(infs[0], "RESOLUTION=320x240"), infs[0]);
  BOOST_TEST(contains(infs[1], "RESOLUTION=160x120"), infs[1]);
  for (const auto &inf : infs)
    BOOST_TEST((contains(inf, "CODECS=\"avc1.") && contains(inf, "mp4a.40.2\"")), inf);
  BOOST_TEST(codecs(base + "main.m3u8") == "h264,aac");
  for (size_t i = 0; i < master.uris.size(); ++i)
    check_rendition(base + master.uris[i], planet.dir(), std::to_string(i));

  // The window slides: two segments later the first listed one is gone
  // from the playlist, and one more later it is not served at all.
  const std::string media_url = base + master.uris[0];
  const Playlist before = parse_playlist(fetch(media_url));
  const std::string first = before.uris.front();
  BOOST_TEST_REQUIRE(poll_until(
                         [&] {
                           return parse_playlist(fetch(media_url)).media_sequence() >=
                                  before.media_sequence() + 2;
                         },
                         20s, 200ms),
                     FLU_LATER(planet.logs()));
  const Playlist after = parse_playlist(fetch(media_url));
  BOOST_TEST(
      (std::find(after.uris.begin(), after.uris.end(), first) == after.uris.end()));
  BOOST_TEST(status(base + "0/" + first) == "404");
  BOOST_TEST(planet.all_in_mood("happy", 5s), FLU_LATER(planet.logs()));
}

BOOST_AUTO_TEST_CASE(ladder_served_behind_the_porter) {
  TempDir sockets;
  const std::string socket = sockets.file("porter").string();
  const std::string porter =
      "<atmosphere>\n" +
      component("porter", "porter", {},
                prop("port", "8800") + prop("socket-path", socket) +
                    prop("username", "streamers") + prop("password", "hls pass")) +
      "</atmosphere>\n";
  RunningPlanet planet("hls-porter.xml",
                       planet_xml(prop("type", "slave") +
                                      prop("porter-socket-path", socket) +
                                      prop("porter-username", "streamers") +
                                      prop("porter-password", "hls pass"),
                                  porter),
                       {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const std::string base =
      "http://127.0.0.1:" + std::to_string(planet.http_port()) + "/live/";
  BOOST_TEST_REQUIRE(served(base + "main.m3u8"), FLU_LATER(planet.logs()));
  const Playlist master = parse_playlist(fetch(base + "main.m3u8"));
  BOOST_TEST_REQUIRE(master.uris.size() == 2u);
  for (size_t i = 0; i < master.uris.size(); ++i)
    check_rendition(base + master.uris[i], planet.dir(), "porter" + std::to_string(i));
  BOOST_TEST(status("http://127.0.0.1:" + std::to_string(planet.http_port()) +
                    "/nobody") == "404");
}
