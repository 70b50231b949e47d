// ICY metadata on the http-streamer: a listener that asks (Icy-MetaData: 1)
// for an audio-only stream gets icy-metaint and StreamTitle blocks with the
// title `invoke set-title` sets, the audio between them still MP3; one that
// does not ask gets plain MP3; GStreamer's icydemux reads the title; a
// video stream never gets blocks.
#define BOOST_TEST_MODULE http_streamer_icy
#include "icy_reader.hpp"
#include "streamer_process.hpp"

#include <fstream>

using namespace flu::modules::test;

namespace {

// 320 kbit/s: a block every 0.4 s.
const std::string mp3_feed =
    "audiotestsrc is-live=true ! audioconvert ! lamemp3enc target=bitrate bitrate=320 "
    "cbr=true ! mpegaudioparse ! gdppay ! gdpdepay";

void set_title(Streamer &s, const std::string &title) {
  s.job().command("invoke set-title " + title);
  BOOST_TEST_REQUIRE(
      s.job().wait_until([&] { return s.job().ui("title") == title; }, 10s),
      FLU_LATER(s.job().output()));
}

// Blocks until one carries `title`; false after `most` blocks.
bool reads_title(IcyReader &r, const std::string &title, int most = 15) {
  const std::string want = "StreamTitle='" + title + "';";
  for (int i = 0; i < most; ++i)
    if (r.next_block() == want)
      return true;
  return false;
}

std::string codec_of(const ScratchDir &dir, const std::string &bytes) {
  const auto file = (dir / "audio.mp3").string();
  std::ofstream(file, std::ios::binary) << bytes;
  return probe(file, "a", "codec_name");
}

} // namespace

BOOST_AUTO_TEST_CASE(titles_reach_listeners_that_ask) {
  Streamer s(mp3_feed);
  set_title(s, "First Song");
  IcyReader r(s.port(), mount);
  BOOST_TEST(contains(r.head(), "Content-Type: audio/mpeg"), r.head());
  BOOST_TEST_REQUIRE(r.metaint() == 16000u, r.head());
  // The first block says the title; the next ones say "unchanged".
  BOOST_TEST(r.next_block() == "StreamTitle='First Song';");
  BOOST_TEST(r.next_block() == "");

  set_title(s, "Second Song by O'Brien");
  BOOST_TEST(reads_title(r, "Second Song by O'Brien"), FLU_LATER(s.job().output()));
  BOOST_TEST(r.next_block() == "");
  BOOST_TEST(r.titles().size() == 2u);

  // What is between the blocks is the MP3 stream, from a frame start.
  const std::string &audio = r.audio();
  BOOST_TEST_REQUIRE(audio.size() >= 3 * 16000u);
  BOOST_TEST(static_cast<unsigned char>(audio[0]) == 0xffu);
  BOOST_TEST((static_cast<unsigned char>(audio[1]) & 0xe0u) == 0xe0u);
  BOOST_TEST(codec_of(s.dir(), audio) == "mp3");
}

BOOST_AUTO_TEST_CASE(listeners_that_do_not_ask_get_plain_audio) {
  Streamer s(mp3_feed);
  set_title(s, "Nobody Reads This");
  IcyReader r(s.port(), mount, false);
  BOOST_TEST(!contains(r.head(), "icy-metaint"), r.head());
  const std::string audio = r.read(48000);
  BOOST_TEST(!contains(audio, "StreamTitle"));
  BOOST_TEST(codec_of(s.dir(), audio) == "mp3");
}

BOOST_AUTO_TEST_CASE(gstreamer_icydemux_reads_the_title) {
  Streamer s(mp3_feed);
  set_title(s, "Gst-Title-7");
  // souphttpsrc asks for the metadata (iradio-mode); icydemux turns the
  // blocks into tags, which gst-launch -m prints. It streams until killed.
  const std::string out =
      run("timeout 8 gst-launch-1.0 -m souphttpsrc location=" + s.url() +
          " iradio-mode=true ! icydemux ! fakesink 2>&1");
  BOOST_TEST(contains(out, "Gst-Title-7"), out);
}

BOOST_AUTO_TEST_CASE(only_audio_streams_get_blocks) {
  {
    Streamer ogg(ogg_audio_feed);
    IcyReader r(ogg.port(), mount);
    BOOST_TEST(contains(r.head(), "Content-Type: audio/ogg"), r.head());
    BOOST_TEST(r.metaint() == 16000u, r.head());
    BOOST_TEST(r.next_block() == ""); // no title set yet
  }
  Streamer video(webm_video_feed);
  IcyReader r(video.port(), mount);
  BOOST_TEST(contains(r.head(), "Content-Type: video/webm"), r.head());
  BOOST_TEST(!contains(r.head(), "icy-metaint"), r.head());
}
