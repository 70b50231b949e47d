// Real inputs in whole planets on loopback: a file made here with
// gst-launch, looped by loop-producer, encoded to VP8 and Opus, muxed to
// WebM and served by the http-streamer; what a viewer gets decodes for
// longer than two loops of the file, with timestamps that only grow and no
// hole at the loop seams.
#define BOOST_TEST_MODULE inputs
#include "../flows/flow_fixture.hpp"
#include "icecast_server.hpp"
#include "timeline.hpp"

using namespace flu::test;

namespace {

constexpr auto start_timeout = 60s;

const std::string video_1s = "videotestsrc num-buffers=15 pattern=ball ! "
                             "video/x-raw,width=160,height=120,framerate=15/1";
const std::string audio_1s = "audiotestsrc num-buffers=22 samplesperbuffer=2048 ! "
                             "audio/x-raw,rate=44100,channels=2";

std::string looping_planet(const std::string &file) {
  return R"(<?xml version="1.0"?>
<planet name="inputs">
  <flow name="loop">
    <component name="file" type="loop-producer" worker="localhost">
      <property name="location">)" +
         file + R"(</property>
    </component>
    <component name="video-encoder" type="vp8-encoder" worker="localhost">
      <eater name="default"><feed>file:video</feed></eater>
    </component>
    <component name="audio-encoder" type="opus-encoder" worker="localhost">
      <eater name="default"><feed>file:audio</feed></eater>
    </component>
    <component name="muxer" type="webm-muxer" worker="localhost">
      <eater name="default">
        <feed>video-encoder</feed>
        <feed>audio-encoder</feed>
      </eater>
    </component>
    <component name="http" type="http-streamer" worker="localhost">
      <eater name="default"><feed>muxer</feed></eater>
      <property name="port">8800</property>
      <property name="mount-point">/loop.webm</property>
      <property name="burst-on-connect">true</property>
    </component>
  </flow>
</planet>
)";
}

// Makes a one-second file with `pipeline` (ending in a muxer or encoder),
// loops it through a planet and checks what a viewer gets.
void loops_seamlessly(const std::string &name, const std::string &pipeline) {
  TempDir files("flu-inputs");
  const auto file = files.file(name);
  const auto made =
      run({"/bin/sh", "-c",
           "gst-launch-1.0 -q " + pipeline + " ! filesink location=" + file.string()},
          30s);
  BOOST_TEST_REQUIRE(made.exited_ok(), made.err);
  RunningPlanet planet("inputs.xml", looping_planet(file.string()), {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  // Six seconds of a one-second file: more than two loops whatever the
  // viewer's burst holds, even when a busy machine encodes slower than live.
  const auto fetched = planet.fetch("/loop.webm", 6);
  BOOST_TEST_REQUIRE(std::filesystem::exists(fetched));
  const std::string report = discover(fetched);
  BOOST_TEST(report.find("VP8") != std::string::npos, report);
  BOOST_TEST(report.find("Opus") != std::string::npos, report);
  for (const std::string stream : {"v:0", "a:0"}) {
    const Timeline t = timeline(fetched, stream);
    BOOST_TEST(t.growing(), stream << ": " << t.describe());
    BOOST_TEST(t.span() > 2.5, stream << ": " << t.describe());
    // A loop seam leaves no hole a viewer could see or hear.
    BOOST_TEST(t.max_step() < 0.25, stream << ": " << t.describe());
  }
  BOOST_TEST(planet.all_in_mood("happy", 5s));
}

// `more`: more properties of the pull, as XML.
std::string relay_planet(const std::string &url, const std::string &mount = "/relay.webm",
                         const std::string &more = "") {
  return R"(<?xml version="1.0"?>
<planet name="relay">
  <flow name="relay">
    <component name="pull" type="icecast-producer" worker="localhost">
      <property name="url">)" +
         url + R"(</property>
      <property name="passthrough">true</property>)" +
         more + R"(
    </component>
    <component name="http" type="http-streamer" worker="localhost">
      <eater name="default"><feed>pull</feed></eater>
      <property name="port">8800</property>
      <property name="mount-point">)" +
         mount + R"(</property>
      <property name="burst-on-connect">true</property>
    </component>
  </flow>
</planet>
)";
}

// What a viewer joining now gets: WebM whose first video frame is a key
// frame (the headers came first, or nothing would decode at all). Returns
// the file it got.
std::filesystem::path late_viewer_decodes(RunningPlanet &planet) {
  const auto fetched = planet.fetch("/relay.webm", 3);
  const auto r =
      run({"/usr/bin/ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
           "packet=flags", "-of", "csv=p=0", fetched.string()},
          30s);
  BOOST_TEST_REQUIRE(!r.out.empty(), "no video packets: " << r.err);
  BOOST_TEST(r.out.front() == 'K', r.out.substr(0, 40));
  const std::string report = discover(fetched);
  BOOST_TEST(report.find("VP8") != std::string::npos, report);
  BOOST_TEST(report.find("Opus") != std::string::npos, report);
  // Live: more than the one-second key frame interval the burst can hold.
  const Timeline t = timeline(fetched, "v:0");
  BOOST_TEST(t.span() > 1.5, t.describe());
  return fetched;
}

} // namespace

BOOST_AUTO_TEST_CASE(icecast_passthrough_reaches_a_late_viewer_and_recovers) {
  IcecastServer icecast;
  icecast.start_source("/live.webm", "webm");
  RunningPlanet planet("relay.xml", relay_planet(icecast.url("/live.webm")), {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  // A viewer joining two seconds in, mid-stream.
  std::this_thread::sleep_for(2s); // the lateness under test, not a readiness wait
  late_viewer_decodes(planet);
  // A viewer who stays across the source's restart.
  const auto across = planet.dir().file("across.webm");
  Process viewer(
      {"/usr/bin/curl", "-s", "--max-time", "60", "-o", across.string(),
       "http://127.0.0.1:" + std::to_string(planet.http_port()) + "/relay.webm"});
  BOOST_TEST_REQUIRE(
      poll_until([&] { return timeline(across, "v:0").pts.size() > 15; }, 20s, 250ms));
  // The source dies: the pull turns hungry, its message naming the URL.
  icecast.kill_source();
  ComponentRow pull;
  BOOST_TEST_REQUIRE(poll_until(
                         [&] {
                           pull = planet.component("/relay/pull");
                           return pull.mood == "hungry";
                         },
                         20s, 250ms),
                     FLU_LATER(planet.logs()));
  const auto names_url = [&](const ComponentRow &row) {
    for (const auto &note : row.notes)
      if (note.find(icecast.url("/live.webm")) != std::string::npos)
        return true;
    return false;
  };
  BOOST_TEST(names_url(pull));
  icecast.start_source("/live.webm", "webm");
  // After the back-off the pull reconnects by itself: happy again.
  BOOST_TEST_REQUIRE(
      poll_until([&] { return planet.component("/relay/pull").mood == "happy"; }, 30s,
                 250ms),
      FLU_LATER(planet.logs()));
  late_viewer_decodes(planet);
  // The viewer who stayed got the new source too, its time going on from
  // the old one's (the restarted source's own time starts again at 0).
  const size_t before = timeline(across, "v:0").pts.size();
  BOOST_TEST(poll_until([&] { return timeline(across, "v:0").pts.size() > before + 15; },
                        10s, 250ms));
  viewer.signal(SIGTERM);
  viewer.stop(1s);
  for (const std::string stream : {"v:0", "a:0"}) {
    const Timeline t = timeline(across, stream);
    BOOST_TEST(t.growing(), stream << ": " << t.describe());
    BOOST_TEST(t.pts.size() > before, stream << ": " << t.describe());
  }
  BOOST_TEST(planet.all_in_mood("happy", 5s));
}

BOOST_AUTO_TEST_CASE(loop_webm_vp8_vorbis) {
  loops_seamlessly("clip.webm", video_1s + " ! vp8enc ! queue ! webmmux name=m " +
                                    audio_1s + " ! vorbisenc ! queue ! m. m.");
}

BOOST_AUTO_TEST_CASE(loop_ogg_theora_vorbis) {
  loops_seamlessly("clip.ogg", video_1s + " ! theoraenc ! queue ! oggmux name=m " +
                                   audio_1s + " ! vorbisenc ! queue ! m. m.");
}

BOOST_AUTO_TEST_CASE(loop_mp4_h264_aac) {
  loops_seamlessly("clip.mp4", video_1s +
                                   " ! x264enc ! h264parse ! queue ! mp4mux name=m " +
                                   audio_1s + " ! voaacenc ! aacparse ! queue ! m. m.");
}

BOOST_AUTO_TEST_CASE(loop_matroska_h264_mp3) {
  loops_seamlessly("clip.mkv",
                   video_1s + " ! x264enc ! h264parse ! queue ! matroskamux name=m " +
                       audio_1s + " ! lamemp3enc ! mpegaudioparse ! queue ! m. m.");
}

BOOST_AUTO_TEST_CASE(loop_mp3_audio_only) {
  loops_seamlessly("clip.mp3", audio_1s + " ! lamemp3enc");
}

namespace {

// ffprobe's packets of one stream: "K" (key) or "_" flags, in file order.
std::string packet_flags(const std::filesystem::path &file, const std::string &stream) {
  return run({"/usr/bin/ffprobe", "-v", "error", "-select_streams", stream,
              "-show_entries", "packet=flags", "-of", "csv=p=0", file.string()},
             30s)
      .out;
}

// What a viewer of the Ogg relay joining now gets: Theora and Vorbis that
// gst-discoverer recognises (the chain's headers came first), video from a
// key frame, and live (more than the burst's second).
void late_ogg_viewer_decodes(RunningPlanet &planet) {
  const auto fetched = planet.fetch("/relay.ogg", 3);
  const std::string report = discover(fetched);
  BOOST_TEST(report.find("Theora") != std::string::npos, report);
  BOOST_TEST(report.find("Vorbis") != std::string::npos, report);
  const std::string flags = packet_flags(fetched, "v:0");
  BOOST_TEST_REQUIRE(!flags.empty(), "no video packets in " << fetched);
  BOOST_TEST(flags.front() == 'K', flags.substr(0, 40));
  const auto decoded = run(
      {"/usr/bin/ffmpeg", "-v", "error", "-i", fetched.string(), "-f", "null", "-"}, 30s);
  BOOST_TEST(decoded.err.find("Not yet implemented") == std::string::npos, decoded.err);
  BOOST_TEST(timeline(fetched, "v:0").span() > 1.5, timeline(fetched, "v:0").describe());
}

} // namespace

// An Ogg source (Theora and Vorbis) passed through restarts: the relay
// goes on in one Ogg chain, so a viewer connected across the restart reads
// on into the new source's video and audio (FFmpeg cannot follow a second
// chain of a multi-stream Ogg), with time that only grows, and a viewer
// joining after it decodes from the headers and a key frame.
BOOST_AUTO_TEST_CASE(icecast_ogg_passthrough_goes_on_across_a_source_restart) {
  IcecastServer icecast;
  icecast.start_source("/live.ogg", "ogg-av");
  RunningPlanet planet("relay.xml", relay_planet(icecast.url("/live.ogg"), "/relay.ogg"),
                       {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  late_ogg_viewer_decodes(planet);

  const auto across = planet.dir().file("across.ogg");
  Process viewer(
      {"/usr/bin/curl", "-s", "--max-time", "60", "-o", across.string(),
       "http://127.0.0.1:" + std::to_string(planet.http_port()) + "/relay.ogg"});
  BOOST_TEST_REQUIRE(
      poll_until([&] { return timeline(across, "v:0").pts.size() > 15; }, 20s, 250ms));
  icecast.kill_source();
  BOOST_TEST_REQUIRE(
      poll_until([&] { return planet.component("/relay/pull").mood == "hungry"; }, 20s,
                 250ms),
      FLU_LATER(planet.logs()));
  const size_t before = timeline(across, "v:0").pts.size();
  icecast.start_source("/live.ogg", "ogg-av");
  BOOST_TEST_REQUIRE(
      poll_until([&] { return planet.component("/relay/pull").mood == "happy"; }, 30s,
                 250ms),
      FLU_LATER(planet.logs()));
  late_ogg_viewer_decodes(planet);
  // The viewer who stayed reads on into the new source's frames.
  BOOST_TEST(poll_until([&] { return timeline(across, "v:0").pts.size() > before + 15; },
                        10s, 250ms),
             timeline(across, "v:0").describe());
  viewer.signal(SIGTERM);
  viewer.stop(1s);
  for (const std::string stream : {"v:0", "a:0"}) {
    const Timeline t = timeline(across, stream);
    BOOST_TEST(t.growing(), stream << ": " << t.describe());
    BOOST_TEST(t.pts.size() > before, stream << ": " << t.describe());
  }
  const auto decoded = run(
      {"/usr/bin/ffmpeg", "-v", "error", "-i", across.string(), "-f", "null", "-"}, 30s);
  BOOST_TEST(decoded.err.find("Not yet implemented") == std::string::npos, decoded.err);
  BOOST_TEST(planet.all_in_mood("happy", 5s));
}

// A pull over https (stunnel with a self-signed certificate in front of
// icecast2), trusting the certificate by its CA file: the WebM it passes
// through reaches a viewer of the http-streamer, who decodes it.
BOOST_AUTO_TEST_CASE(icecast_over_https_reaches_a_viewer) {
  IcecastServer icecast;
  icecast.start_source("/live.webm", "webm");
  TlsFront tls(icecast.port());
  RunningPlanet planet(
      "relay.xml",
      relay_planet(tls.url("/live.webm"), "/relay.webm",
                   "<property name=\"ca-file\">" + tls.certificate() + "</property>"),
      {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto fetched = late_viewer_decodes(planet);
  const auto decoded = run(
      {"/usr/bin/ffmpeg", "-v", "error", "-i", fetched.string(), "-f", "null", "-"}, 30s);
  BOOST_TEST(decoded.exited_ok(), decoded.err);
  BOOST_TEST(decoded.err.empty(), decoded.err);
  BOOST_TEST(planet.all_in_mood("happy", 5s));
}
