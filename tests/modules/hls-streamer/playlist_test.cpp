// The hls-streamer's windows and playlists without GStreamer: what a media
// and a master playlist say, how the window slides, what a path gets.
#define BOOST_TEST_MODULE hls_playlist
#include <boost/test/unit_test.hpp>

#include "fmp4_cutter.hpp"
#include "playlist.hpp"

#include <cstdint>
#include <utility>
#include <vector>

using namespace flu::hls;

namespace {
WindowSettings settings() {
  WindowSettings w;
  w.max_window = 3;
  w.extra = 1;
  w.min_window = 2;
  w.target_seconds = 2;
  return w;
}
} // namespace

BOOST_AUTO_TEST_CASE(codec_names) {
  BOOST_TEST(h264_codec("high", "3.1") == "avc1.64001f");
  BOOST_TEST(h264_codec("constrained-baseline", "3") == "avc1.42c01e");
  BOOST_TEST(h264_codec("main", "4.2") == "avc1.4d002a");
  BOOST_TEST(h264_codec("high", "") == "");
  BOOST_TEST(h264_codec("high", "3.x") == "");
  BOOST_TEST(h264_codec("unknown", "3.1") == "");
  BOOST_TEST(aac_codec("lc") == "mp4a.40.2");
  BOOST_TEST(aac_codec("he-aac-v2") == "mp4a.40.29");
  BOOST_TEST(aac_codec("") == "");
}

BOOST_AUTO_TEST_CASE(window_slides_and_keeps_extra_segments) {
  const WindowSettings w = settings();
  Window window(w);
  BOOST_TEST(!window.ready());
  window.add(2.0, "a");
  BOOST_TEST(!window.ready());
  window.add(2.0, "b");
  BOOST_TEST(window.ready());
  for (const char *s : {"c", "d", "e"})
    window.add(2.0, s);
  // Five added (0..4): 2, 3, 4 listed, 1 still served, 0 gone.
  BOOST_TEST(window.listed() == 3u);
  const std::string playlist = window.media_playlist();
  BOOST_TEST(playlist.find("#EXT-X-MEDIA-SEQUENCE:2\n") != std::string::npos, playlist);
  BOOST_TEST(playlist.find("fragment-2.ts\n") != std::string::npos, playlist);
  BOOST_TEST(playlist.find("fragment-4.ts\n") != std::string::npos, playlist);
  BOOST_TEST(playlist.find("fragment-1.ts") == std::string::npos, playlist);
  BOOST_TEST(playlist.find("#EXTINF:2.000,\n") != std::string::npos, playlist);
  BOOST_TEST(!window.segment(0));
  BOOST_TEST(*window.segment(1) == "b");
  BOOST_TEST(*window.segment(4) == "e");
  BOOST_TEST(!window.segment(5));
}

BOOST_AUTO_TEST_CASE(target_duration_grows_and_never_shrinks) {
  const WindowSettings w = settings();
  Window window(w);
  window.add(2.0, "a");
  window.add(3.4, "b"); // a keyframe came late
  for (int i = 0; i < 5; ++i)
    window.add(2.0, "c");
  // The 3.4 s segment left the window; the target stays (RFC 8216 6.2.1).
  BOOST_TEST(window.media_playlist().find("#EXT-X-TARGETDURATION:3\n") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(bitrates_are_measured_from_segments) {
  const WindowSettings w = settings();
  Window window(w);
  window.add(1.0, std::string(1000, 'x')); // 8000 bit/s
  window.add(2.0, std::string(1000, 'x')); // 4000 bit/s
  BOOST_TEST(window.peak_bitrate() == 8000u);
  BOOST_TEST(window.average_bitrate() == 5334u); // 16000 bits / 3 s, rounded up
}

BOOST_AUTO_TEST_CASE(paths_get_their_answers) {
  Catalog catalog(settings(), 2);
  BOOST_TEST(catalog.get("main.m3u8").status == 503);
  BOOST_TEST(catalog.get("0/stream.m3u8").status == 503);
  catalog.set_info(0, {320, 240, "avc1.64001f", "mp4a.40.2"});
  for (int i = 0; i < 3; ++i) {
    catalog.add_segment(0, 1.0, "zero");
    catalog.add_segment(1, 1.0, "one");
  }
  const Answer master = catalog.get("main.m3u8");
  BOOST_TEST(master.status == 200);
  BOOST_TEST(master.content_type == "application/vnd.apple.mpegurl");
  BOOST_TEST(*master.body == "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n"
                             "#EXT-X-STREAM-INF:BANDWIDTH=32,AVERAGE-BANDWIDTH=32,"
                             "RESOLUTION=320x240,CODECS=\"avc1.64001f,mp4a.40.2\"\n"
                             "0/stream.m3u8\n"
                             "#EXT-X-STREAM-INF:BANDWIDTH=24,AVERAGE-BANDWIDTH=24\n"
                             "1/stream.m3u8\n");
  const Answer segment = catalog.get("1/fragment-2.ts");
  BOOST_TEST(segment.status == 200);
  BOOST_TEST(segment.content_type == "video/mp2t");
  BOOST_TEST(*segment.body == "one");
  BOOST_TEST(segment.cache_control.find("max-age=") != std::string::npos);
  for (const char *path :
       {"", "2/stream.m3u8", "0/fragment-3.ts", "0/fragment-02.ts", "00/stream.m3u8",
        "0/fragment-.ts", "../main.m3u8", "0/../main.m3u8", "0/fragment-1.mp4",
        "-1/stream.m3u8", "0/fragment-99999999999999999999999.ts", "main.m3u8/"})
    BOOST_TEST(catalog.get(path).status == 404, path);
}

BOOST_AUTO_TEST_CASE(keys_rotate_and_leave_with_their_last_segment) {
  WindowSettings w = settings();
  w.key_rotation = 2;
  int made = 0;
  w.new_key = [&made] { return "key" + std::to_string(made++); };
  w.encrypt = [](const std::string &key, uint64_t sequence, const std::string &plain) {
    return key + "/" + std::to_string(sequence) + "/" + plain;
  };
  Catalog catalog(w, 1);
  for (const char *s : {"a", "b", "c", "d", "e"})
    catalog.add_segment(0, 2.0, s);
  BOOST_TEST(made == 3);
  // Listed: 2, 3 (key 1) and 4 (key 2); 1 (key 0) is the extra one.
  const std::string media = *catalog.get("0/stream.m3u8").body;
  BOOST_TEST(media.find("#EXT-X-KEY:METHOD=AES-128,URI=\"key-1.key\"\n#EXTINF:2.000,\n"
                        "fragment-2.ts\n#EXTINF:2.000,\nfragment-3.ts\n"
                        "#EXT-X-KEY:METHOD=AES-128,URI=\"key-2.key\"\n") !=
                 std::string::npos,
             media);
  BOOST_TEST(*catalog.get("0/fragment-1.ts").body == "key0/1/b");
  BOOST_TEST(*catalog.get("0/fragment-4.ts").body == "key2/4/e");
  const Answer key = catalog.get("0/key-0.key");
  BOOST_TEST(key.status == 200);
  BOOST_TEST(*key.body == "key0");
  BOOST_TEST(key.cache_control == "no-store");
  catalog.add_segment(0, 2.0, "f"); // segment 1 goes, and key 0 with it
  BOOST_TEST(catalog.get("0/fragment-1.ts").status == 404);
  BOOST_TEST(catalog.get("0/key-0.key").status == 404);
  BOOST_TEST(catalog.get("0/key-1.key").status == 200);
  BOOST_TEST(catalog.get("0/key-01.key").status == 404);
  BOOST_TEST(catalog.get("0/key-.key").status == 404);
}

// fMP4 with keys: the init segment is named before any key, so it stays
// clear (it has no media), and every .m4s is encrypted.
BOOST_AUTO_TEST_CASE(fmp4_keys_leave_the_init_segment_clear) {
  WindowSettings w = settings();
  w.format = SegmentFormat::fmp4;
  w.key_rotation = 2;
  w.new_key = [] { return std::string("k"); };
  w.encrypt = [](const std::string &key, uint64_t sequence, const std::string &plain) {
    return key + "/" + std::to_string(sequence) + "/" + plain;
  };
  Catalog catalog(w, 1);
  catalog.set_init(0, "init");
  for (const char *s : {"a", "b", "c"})
    catalog.add_segment(0, 2.0, s);
  const std::string media = *catalog.get("0/stream.m3u8").body;
  const auto map = media.find("#EXT-X-MAP:URI=\"init.mp4\"\n");
  const auto key = media.find("#EXT-X-KEY:METHOD=AES-128,URI=\"key-0.key\"\n");
  BOOST_TEST_REQUIRE(map != std::string::npos, media);
  BOOST_TEST_REQUIRE(key != std::string::npos, media);
  BOOST_TEST(map < key, media);
  BOOST_TEST(media.find("#EXT-X-MAP", map + 1) == std::string::npos, media);
  BOOST_TEST(*catalog.get("0/init.mp4").body == "init");
  BOOST_TEST(*catalog.get("0/fragment-2.m4s").body == "k/2/c");
}

BOOST_AUTO_TEST_CASE(uris_get_a_base_and_a_query) {
  const std::string media = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
                            "#EXT-X-KEY:METHOD=AES-128,URI=\"key-0.key\",IV=0x00\n"
                            "#EXTINF:2.000,\nfragment-0.ts\n";
  BOOST_TEST(
      rewrite_uris(media, "https://cdn.example/live/0/", "?token=a") ==
      "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
      "#EXT-X-KEY:METHOD=AES-128,URI=\"https://cdn.example/live/0/key-0.key?token=a\","
      "IV=0x00\n#EXTINF:2.000,\nhttps://cdn.example/live/0/fragment-0.ts?token=a\n");
  BOOST_TEST(rewrite_uris(media, "", "") == media);

  BOOST_TEST(hls_base_url("http://cdn.example/hls", "/live/") ==
             "http://cdn.example/hls/live/");
  BOOST_TEST(hls_base_url("https://cdn.example/", "/") == "https://cdn.example/");
  BOOST_CHECK_THROW(hls_base_url("cdn.example/hls", "/live/"), std::runtime_error);
  BOOST_CHECK_THROW(hls_base_url("http://cdn.example/a b", "/live/"), std::runtime_error);
  BOOST_CHECK_THROW(hls_base_url("http://cdn.example/\"", "/live/"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(fmp4_playlists_map_an_init_segment) {
  WindowSettings w = settings();
  w.format = SegmentFormat::fmp4;
  Catalog catalog(w, 1);
  catalog.add_segment(0, 2.0, "moof-a");
  catalog.add_segment(0, 2.0, "moof-b");
  // Segments alone play nowhere: no playlist before the init segment.
  BOOST_TEST(catalog.get("0/stream.m3u8").status == 503);
  BOOST_TEST(catalog.get("0/init.mp4").status == 404);
  catalog.set_init(0, "ftyp-moov");
  const Answer media = catalog.get("0/stream.m3u8");
  BOOST_TEST(media.status == 200);
  BOOST_TEST(*media.body == "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n"
                            "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-MAP:URI=\"init.mp4\"\n"
                            "#EXTINF:2.000,\nfragment-0.m4s\n"
                            "#EXTINF:2.000,\nfragment-1.m4s\n");
  BOOST_TEST(catalog.get("main.m3u8").body->find("#EXT-X-VERSION:7\n") !=
             std::string::npos);
  const Answer init = catalog.get("0/init.mp4");
  BOOST_TEST(init.status == 200);
  BOOST_TEST(init.content_type == "video/mp4");
  BOOST_TEST(*init.body == "ftyp-moov");
  const Answer segment = catalog.get("0/fragment-1.m4s");
  BOOST_TEST(segment.status == 200);
  BOOST_TEST(segment.content_type == "video/mp4");
  BOOST_TEST(*segment.body == "moof-b");
  for (const char *path :
       {"0/fragment-1.ts", "0/fragment-.m4s", "1/init.mp4", "init.mp4"})
    BOOST_TEST(catalog.get(path).status == 404, path);
}

namespace {

// A box as mp4mux pushes it: size, type, payload.
std::string box(const std::string &type, const std::string &payload = "") {
  const uint32_t size = static_cast<uint32_t>(8 + payload.size());
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8)
    out += static_cast<char>((size >> shift) & 0xff);
  return out + type + payload;
}

struct Cut {
  std::vector<std::string> inits;
  std::vector<std::pair<double, std::string>> segments;
  Fmp4Cutter cutter{2'000'000'000,
                    [this](std::string init) { inits.push_back(std::move(init)); },
                    [this](double seconds, std::string bytes) {
                      segments.emplace_back(seconds, std::move(bytes));
                    }};
  // One track's fragment: moof, mdat header, samples (first at `at` s).
  void fragment(const std::string &name, double at, bool keyframe, int samples = 2) {
    BOOST_TEST(cutter.box(box("moof", name)));
    BOOST_TEST(cutter.box(box("mdat").substr(0, 8)));
    for (int i = 0; i < samples; ++i)
      cutter.sample(name + std::to_string(i),
                    static_cast<uint64_t>((at + 0.04 * i) * 1e9), keyframe && i == 0);
  }
};

std::string fragment_bytes(const std::string &name, int samples = 2) {
  std::string out = box("moof", name) + box("mdat");
  for (int i = 0; i < samples; ++i)
    out += name + std::to_string(i);
  return out;
}

} // namespace

// The muxer's stream cut as GStreamer 1.22's mp4mux pushes it: ftyp, moov,
// then per track moof + mdat header + samples.
BOOST_AUTO_TEST_CASE(fmp4_stream_is_cut_before_keyframe_fragments) {
  Cut c;
  BOOST_TEST(c.cutter.box(box("ftyp", "iso6")));
  BOOST_TEST(c.cutter.box(box("moov", "tracks")));
  c.fragment("audio0", 0.0, false); // before the first keyframe: nobody plays it
  c.fragment("video0", 0.0, true);
  c.fragment("video1", 1.0, true); // a keyframe before the target: no cut
  c.fragment("audio1", 1.0, false);
  c.fragment("video2", 1.5, false); // a fragment cut by duration, mid-GOP
  BOOST_TEST(c.segments.empty());
  c.fragment("video3", 2.0, true);
  BOOST_TEST_REQUIRE(c.inits.size() == 1u);
  BOOST_TEST(c.inits[0] == box("ftyp", "iso6") + box("moov", "tracks"));
  BOOST_TEST_REQUIRE(c.segments.size() == 1u);
  BOOST_TEST(c.segments[0].first == 2.0);
  BOOST_TEST(c.segments[0].second == fragment_bytes("video0") + fragment_bytes("video1") +
                                         fragment_bytes("audio1") +
                                         fragment_bytes("video2"));
  c.fragment("audio2", 2.0, false);
  c.fragment("video4", 3.98, true); // within the slack of the target
  BOOST_TEST_REQUIRE(c.segments.size() == 2u);
  BOOST_TEST(c.segments[1].first == 1.98);
  BOOST_TEST(c.segments[1].second == fragment_bytes("video3") + fragment_bytes("audio2"));
  BOOST_TEST(c.inits.size() == 1u); // sent once
  // What is no box the muxer sends between fragments is refused.
  BOOST_TEST(!c.cutter.box(box("moov", "again")));
  BOOST_TEST(!c.cutter.box("abc"));
}
