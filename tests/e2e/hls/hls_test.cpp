// A bitrate ladder from one source, as an operator builds it: videotest →
// video-converter (a smaller picture) → two h264-encoders, audiotest →
// aac-encoder, an mpegts-muxer per rendition, and an hls-streamer eating
// both muxers. Fetched as a player would: the master lists both
// renditions, ffprobe reads H.264 and AAC from the playlists over HTTP,
// every segment starts with a keyframe, and the window slides. Then the
// same behind a porter, and a ladder of three renditions cut into
// fragmented MP4 (segment-format=fmp4).
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

// One rung of the ladder: its picture and bitrate.
struct Rung {
  int width, height, bitrate;
};
const std::vector<Rung> two_rungs = {{320, 240, 600000}, {160, 120, 150000}};

// The ladder (`rungs`, the first at the source's size) and an hls-streamer
// with `hls_properties`; `atmosphere` before the flow (a porter).
std::string planet_xml(const std::string &hls_properties,
                       const std::string &atmosphere = "",
                       const std::vector<Rung> &rungs = two_rungs) {
  const std::string key =
      prop("keyframe-distance", "25") + prop("speed-preset", "ultrafast");
  std::string ladder;
  std::vector<std::string> muxers;
  for (size_t i = 0; i < rungs.size(); ++i) {
    const Rung &r = rungs[i];
    const std::string n = std::to_string(i);
    std::string picture = "video";
    if (i > 0) {
      picture = "scale-" + n;
      ladder += component(picture, "video-converter", {"video"},
                          prop("width", std::to_string(r.width)) +
                              prop("height", std::to_string(r.height)));
    }
    ladder += component("venc-" + n, "h264-encoder", {picture},
                        key + prop("bitrate", std::to_string(r.bitrate)));
    ladder += component("mux-" + n, "mpegts-muxer", {"venc-" + n, "aenc"});
    muxers.push_back("mux-" + n);
  }
  return "<?xml version=\"1.0\"?>\n<planet name=\"hls\">\n" + atmosphere +
         "<flow name=\"default\">\n" +
         component("video", "videotest-producer", {},
                   prop("width", std::to_string(rungs[0].width)) +
                       prop("height", std::to_string(rungs[0].height)) +
                       prop("framerate", "25/1") + prop("pattern", "ball")) +
         component("audio", "audiotest-producer", {}) +
         component("aenc", "aac-encoder", {"audio"}) + ladder +
         component("hls", "hls-streamer", muxers,
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

// Starts the planet's worker, waits for every component to be happy and the
// master playlist to be served, and returns the mount's base URL.
std::string start_serving(RunningPlanet &planet) {
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const std::string base =
      "http://127.0.0.1:" + std::to_string(planet.http_port()) + "/live/";
  BOOST_TEST_REQUIRE(served(base + "main.m3u8"), FLU_LATER(planet.logs()));
  return base;
}

// The master playlist's #EXT-X-STREAM-INF tags, one per rendition.
std::vector<std::string> stream_infs(const Playlist &master) {
  std::vector<std::string> infs;
  for (const auto &t : master.tags)
    if (t.rfind("#EXT-X-STREAM-INF:", 0) == 0)
      infs.push_back(t);
  return infs;
}

} // namespace

BOOST_AUTO_TEST_CASE(ladder_served_over_hls) {
  RunningPlanet planet("hls.xml", planet_xml(prop("port", "8800")), {});
  const std::string base = start_serving(planet);

  const Playlist master = parse_playlist(fetch(base + "main.m3u8"));
  BOOST_TEST_REQUIRE(master.uris.size() == 2u);
  const std::vector<std::string> infs = stream_infs(master);
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
  const std::string base = start_serving(planet);
  const Playlist master = parse_playlist(fetch(base + "main.m3u8"));
  BOOST_TEST_REQUIRE(master.uris.size() == 2u);
  for (size_t i = 0; i < master.uris.size(); ++i)
    check_rendition(base + master.uris[i], planet.dir(), "porter" + std::to_string(i));
  BOOST_TEST(status("http://127.0.0.1:" + std::to_string(planet.http_port()) +
                    "/nobody") == "404");
}

namespace {

// What a player checks of one fMP4 rendition: playlist version 7 naming
// the init segment; the init segment and every .m4s served as video/mp4;
// each segment after the init segment holds H.264 at the rendition's size
// and AAC, starts with a keyframe and decodes; ffprobe plays the playlist.
void check_fmp4_rendition(const std::string &playlist_url, const TempDir &dir,
                          const std::string &tag, const Rung &rung) {
  const Playlist media = parse_playlist(fetch(playlist_url));
  BOOST_TEST_REQUIRE(!media.uris.empty(), playlist_url);
  BOOST_TEST(media.uris.size() <= 3u);
  BOOST_TEST(media.tag("#EXT-X-VERSION") == "7");
  BOOST_TEST(media.tag("#EXT-X-MAP") == "URI=\"init.mp4\"");
  std::vector<std::string> uris = {"init.mp4"};
  uris.insert(uris.end(), media.uris.begin(), media.uris.end());
  std::string heads;
  const auto files = save_segments(playlist_url, dir.path().string(), tag, uris, &heads);
  BOOST_TEST(!contains(heads, "HTTP/1.1 404"), heads);
  BOOST_TEST(!contains(heads, "video/mp2t"), heads);
  BOOST_TEST(contains(heads, "Content-Type: video/mp4"), heads);
  const std::string size = std::to_string(rung.width) + "x" + std::to_string(rung.height);
  for (size_t i = 1; i < files.size(); ++i) {
    BOOST_TEST(files[i].substr(files[i].size() - 4) == ".m4s", files[i]);
    const std::string whole = files[i] + ".mp4";
    shell("cat '" + files[0] + "' '" + files[i] + "' > '" + whole + "'");
    BOOST_TEST(codecs(whole) == "h264,aac", whole);
    BOOST_TEST(starts_with_keyframe(whole), whole);
    BOOST_TEST(shell("ffprobe -v error -select_streams v:0 -show_entries "
                     "stream=width,height -of csv=s=x:p=0 '" +
                     whole + "' | tr -d '\\n'") == size,
               whole);
    // Decodes whole: ffmpeg reports no error (what it said, if it did).
    const std::string decoded = shell("ffmpeg -v error -i '" + whole +
                                      "' -f null - 2>&1 >/dev/null; echo exit=$?");
    BOOST_TEST(decoded == "exit=0\n", whole << ": " << decoded);
  }
  BOOST_TEST(codecs(playlist_url) == "h264,aac", playlist_url);
}

} // namespace

// A ladder of three renditions cut into fragmented MP4: the master (version
// 7) lists every rendition with its resolution and codecs, and each
// rendition's playlist, init segment and segments are what a player needs.
BOOST_AUTO_TEST_CASE(ladder_served_as_fmp4) {
  const std::vector<Rung> rungs = {
      {320, 240, 600000}, {240, 180, 300000}, {160, 120, 150000}};
  RunningPlanet planet(
      "hls-fmp4.xml",
      planet_xml(prop("port", "8800") + prop("segment-format", "fmp4"), "", rungs), {});
  const std::string base = start_serving(planet);

  const Playlist master = parse_playlist(fetch(base + "main.m3u8"));
  BOOST_TEST(master.tag("#EXT-X-VERSION") == "7");
  BOOST_TEST_REQUIRE(master.uris.size() == rungs.size());
  const std::vector<std::string> infs = stream_infs(master);
  BOOST_TEST_REQUIRE(infs.size() == rungs.size());
  for (size_t i = 0; i < rungs.size(); ++i) {
    BOOST_TEST(master.uris[i] == std::to_string(i) + "/stream.m3u8");
    BOOST_TEST(contains(infs[i], "RESOLUTION=" + std::to_string(rungs[i].width) + "x" +
                                     std::to_string(rungs[i].height)),
               infs[i]);
    BOOST_TEST((contains(infs[i], "CODECS=\"avc1.") && contains(infs[i], "mp4a.40.2\"")),
               infs[i]);
  }
  BOOST_TEST(codecs(base + "main.m3u8") == "h264,aac");
  for (size_t i = 0; i < rungs.size(); ++i)
    check_fmp4_rendition(base + master.uris[i], planet.dir(), "fmp4-" + std::to_string(i),
                         rungs[i]);
  BOOST_TEST(planet.all_in_mood("happy", 5s), FLU_LATER(planet.logs()));
}
