// Every encoder's output, muxed, served by a real http-streamer and fetched
// by curl as a viewer who joins a running stream: the Content-Type is the
// format's, ffprobe names the codecs, and ffmpeg decodes all of it without
// a complaint (which it would not if the viewer had been started anywhere
// but at the format's headers and a start point).
#define BOOST_TEST_MODULE e2e_codecs
#include "flow_fixture.hpp"

#include <fstream>
#include <sstream>

using namespace flu::test;

namespace {

constexpr auto start_timeout = 60s;
constexpr int fetch_seconds = 5;

// A one-flow planet: `components` and an http-streamer on `mount` eating `feed`.
// The producers are "video" and "audio", each only when asked for.
std::string planet_xml(const std::string &components, const std::string &feed,
                       const std::string &mount, bool video = true, bool audio = true) {
  const std::string video_xml =
      R"(  <component name="video" type="videotest-producer" worker="localhost">
    <property name="width">320</property><property name="height">240</property>
    <property name="framerate">25/1</property><property name="pattern">ball</property>
  </component>
)";
  const std::string audio_xml =
      R"(  <component name="audio" type="audiotest-producer" worker="localhost"/>
)";
  return "<?xml version=\"1.0\"?>\n<planet name=\"codecs\"><flow name=\"default\">\n" +
         (video ? video_xml : "") + (audio ? audio_xml : "") + components +
         R"(  <component name="http" type="http-streamer" worker="localhost">
    <eater name="default"><feed>)" +
         feed + R"(</feed></eater>
    <property name="port">8800</property>
    <property name="mount-point">)" +
         mount + R"(</property>
  </component>
</flow></planet>
)";
}

std::string encoder(const std::string &name, const std::string &type,
                    const std::string &feed, const std::string &properties = "") {
  return "  <component name=\"" + name + "\" type=\"" + type +
         "\" worker=\"localhost\"><eater name=\"default\"><feed>" + feed +
         "</feed></eater>" + properties + "</component>\n";
}

std::string muxer(const std::string &type, const std::vector<std::string> &feeds) {
  std::string text = "  <component name=\"muxer\" type=\"" + type +
                     "\" worker=\"localhost\"><eater name=\"default\">";
  for (const auto &f : feeds)
    text += "<feed>" + f + "</feed>";
  return text + "</eater></component>\n";
}

struct Fetched {
  std::filesystem::path file;
  std::string content_type;
};

// Starts the planet, lets the stream run a moment so the viewer joins late,
// then fetches `seconds` of it.
Fetched serve(const std::string &name, const std::string &xml, const std::string &mount,
              int seconds = fetch_seconds) {
  static std::vector<std::unique_ptr<RunningPlanet>> planets; // live until exit
  planets.push_back(
      std::make_unique<RunningPlanet>(name, xml, std::vector<std::string>{}));
  RunningPlanet &planet = *planets.back();
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto file = planet.dir().file("fetched");
  const auto head = planet.dir().file("head");
  // Join a running stream: wait until it has been serving a little while.
  std::this_thread::sleep_for(1500ms); // not readiness: the late join itself
  const auto r = run({"/usr/bin/curl", "-s", "-D", head.string(), "--max-time",
                      std::to_string(seconds), "-o", file.string(),
                      "http://127.0.0.1:" + std::to_string(planet.http_port()) + mount},
                     std::chrono::seconds(seconds + 10));
  BOOST_TEST(r.exit_code() == 28,
             "curl: " << Process::describe(r.status) << " " << r.err);
  std::string type;
  std::istringstream lines(read_text(head));
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("Content-Type: ", 0) == 0)
      type = line.substr(14, line.find_last_not_of("\r") - 13);
  BOOST_TEST(planet.all_in_mood("happy", 5s), FLU_LATER(planet.logs()));
  return {file, type};
}

std::string ffprobe(const std::filesystem::path &file, const std::string &kind,
                    const std::string &entry, const std::string &format = "") {
  std::vector<std::string> argv{"/usr/bin/ffprobe", "-v", "error"};
  if (!format.empty())
    argv.insert(argv.end(), {"-f", format});
  argv.insert(argv.end(),
              {"-select_streams", kind + ":0", "-show_entries", "stream=" + entry, "-of",
               "default=noprint_wrappers=1:nokey=1", file.string()});
  // The first line: ffprobe lists an MPEG-TS stream again under its program.
  const std::string out = run(argv, 30s).out;
  return out.substr(0, out.find_first_of("\r\n"));
}

// What ffmpeg complains about while decoding every stream of `file`, from
// its start (where the late joiner began) to a second before its end: curl
// cut the last frames at its time limit, which is no fault of the stream.
std::string decode_errors(const std::filesystem::path &file,
                          const std::string &format = "") {
  std::vector<std::string> argv{
      "/usr/bin/ffmpeg", "-nostdin", "-v",
      "error",           "-t",       std::to_string(fetch_seconds - 2)};
  if (!format.empty())
    argv.insert(argv.end(), {"-f", format});
  argv.insert(argv.end(), {"-i", file.string(), "-f", "null", "-"});
  const auto r = run(argv, 60s);
  BOOST_TEST(r.exit_code() == 0, r.err);
  return r.err;
}

} // namespace

BOOST_AUTO_TEST_CASE(mpegts_serves_h264_and_aac) {
  const auto got =
      serve("ts.xml",
            planet_xml(encoder("venc", "h264-encoder", "video",
                               "<property name=\"keyframe-distance\">25</property>") +
                           encoder("aenc", "aac-encoder", "audio") +
                           muxer("mpegts-muxer", {"venc", "aenc"}),
                       "muxer", "/live.ts"),
            "/live.ts");
  BOOST_TEST(got.content_type == "video/mp2t");
  BOOST_TEST(ffprobe(got.file, "v", "codec_name") == "h264");
  BOOST_TEST(ffprobe(got.file, "a", "codec_name") == "aac");
  BOOST_TEST(decode_errors(got.file) == "");
}

BOOST_AUTO_TEST_CASE(matroska_serves_av1_and_opus) {
  const auto got =
      serve("mkv.xml",
            planet_xml(encoder("venc", "av1-encoder", "video",
                               "<property name=\"keyframe-distance\">25</property>") +
                           encoder("aenc", "opus-encoder", "audio") +
                           muxer("matroska-muxer", {"venc", "aenc"}),
                       "muxer", "/live.mkv"),
            "/live.mkv");
  BOOST_TEST(got.content_type == "video/x-matroska");
  BOOST_TEST(ffprobe(got.file, "v", "codec_name") == "av1");
  BOOST_TEST(ffprobe(got.file, "a", "codec_name") == "opus");
  BOOST_TEST(decode_errors(got.file) == "");
}

BOOST_AUTO_TEST_CASE(matroska_serves_vp9_and_mulaw) {
  const auto got =
      serve("mkv.xml",
            planet_xml(encoder("venc", "vp9-encoder", "video",
                               "<property name=\"keyframe-distance\">25</property>") +
                           encoder("aenc", "mulaw-encoder", "audio") +
                           muxer("matroska-muxer", {"venc", "aenc"}),
                       "muxer", "/live.mkv"),
            "/live.mkv");
  BOOST_TEST(got.content_type == "video/x-matroska");
  BOOST_TEST(ffprobe(got.file, "v", "codec_name") == "vp9");
  BOOST_TEST(ffprobe(got.file, "a", "codec_name") == "pcm_mulaw");
  BOOST_TEST(decode_errors(got.file) == "");
}

BOOST_AUTO_TEST_CASE(multipart_serves_jpeg_parts) {
  const auto got =
      serve("mjpeg.xml",
            planet_xml(encoder("venc", "jpeg-encoder", "video",
                               "<property name=\"framerate\">5/1</property>") +
                           muxer("multipart-muxer", {"venc"}),
                       "muxer", "/live.mjpeg", true, false),
            "/live.mjpeg", 3);
  BOOST_TEST(got.content_type == "multipart/x-mixed-replace;boundary=flu-part");
  // Part by part: the boundary, headers naming a JPEG and its length, then
  // exactly that many bytes, a JPEG from its SOI to its EOI marker.
  const std::string body = read_text(got.file);
  size_t at = 0, parts = 0;
  while (true) {
    const size_t start = body.find("--flu-part\r\n", at);
    if (start == std::string::npos)
      break;
    BOOST_TEST_REQUIRE(start == at, "junk before part " << parts << " at byte " << at);
    const size_t end_of_head = body.find("\r\n\r\n", start);
    if (end_of_head == std::string::npos)
      break; // cut by curl's time limit
    const std::string head = body.substr(start, end_of_head - start);
    BOOST_TEST_REQUIRE(head.find("Content-Type: image/jpeg") != std::string::npos, head);
    const size_t length_at = head.find("Content-Length: ");
    BOOST_TEST_REQUIRE(length_at != std::string::npos, head);
    const size_t length = std::stoul(head.substr(length_at + 16));
    const size_t data = end_of_head + 4;
    if (data + length + 2 > body.size())
      break; // the last part, cut
    const std::string jpeg = body.substr(data, length);
    BOOST_TEST_REQUIRE(jpeg.substr(0, 2) == std::string("\xFF\xD8"), "part " << parts);
    BOOST_TEST_REQUIRE(jpeg.substr(length - 2) == std::string("\xFF\xD9"),
                       "part " << parts);
    BOOST_TEST_REQUIRE(body.substr(data + length, 2) == "\r\n");
    at = data + length + 2;
    ++parts;
  }
  BOOST_TEST(parts >= 8u, parts << " whole parts in 3 s at 5 fps");
  BOOST_TEST(decode_errors(got.file, "mpjpeg") == "");
}

BOOST_AUTO_TEST_CASE(radio_serves_mp3) {
  const auto got = serve(
      "mp3.xml",
      planet_xml(encoder("aenc", "mp3-encoder", "audio"), "aenc", "/radio.mp3", false),
      "/radio.mp3");
  BOOST_TEST(got.content_type == "audio/mpeg");
  BOOST_TEST(ffprobe(got.file, "a", "codec_name") == "mp3");
  BOOST_TEST(decode_errors(got.file) == "");
}

BOOST_AUTO_TEST_CASE(radio_serves_aac) {
  const auto got = serve(
      "aac.xml",
      planet_xml(encoder("aenc", "aac-encoder", "audio"), "aenc", "/radio.aac", false),
      "/radio.aac");
  BOOST_TEST(got.content_type == "audio/aac");
  BOOST_TEST(ffprobe(got.file, "a", "codec_name") == "aac");
  BOOST_TEST(decode_errors(got.file) == "");
}

BOOST_AUTO_TEST_CASE(radio_serves_ogg_opus) {
  const auto got = serve(
      "opus.xml",
      planet_xml(encoder("aenc", "opus-encoder", "audio") + muxer("ogg-muxer", {"aenc"}),
                 "muxer", "/radio.ogg", false),
      "/radio.ogg");
  BOOST_TEST(got.content_type == "audio/ogg");
  BOOST_TEST(ffprobe(got.file, "a", "codec_name") == "opus");
  BOOST_TEST(decode_errors(got.file) == "");
}

BOOST_AUTO_TEST_CASE(radio_serves_ogg_speex) {
  const auto got = serve(
      "speex.xml",
      planet_xml(encoder("aenc", "speex-encoder", "audio") + muxer("ogg-muxer", {"aenc"}),
                 "muxer", "/radio.spx", false),
      "/radio.spx");
  BOOST_TEST(got.content_type == "audio/ogg");
  BOOST_TEST(ffprobe(got.file, "a", "codec_name") == "speex");
  BOOST_TEST(decode_errors(got.file) == "");
}
