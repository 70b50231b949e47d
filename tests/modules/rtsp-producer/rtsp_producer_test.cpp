// rtsp-producer in a real flu-job against a real RTSP server (GStreamer's
// RTSP server library, tests/peers): decoded over TCP and over UDP, passed
// through, a server that is absent or lacks the stream reported naming the
// URL, and a server that comes back picked up without an operator. What the
// feeders write is read with ffprobe.
#define BOOST_TEST_MODULE rtsp_producer
#include "../standalone_job.hpp"
#include "rtsp_server.hpp"

#include <algorithm>

using namespace flu::modules::test;

namespace {

size_t size_of(const std::string &file) {
  return std::filesystem::exists(file) ? std::filesystem::file_size(file) : 0;
}

// Feeder fragments: raw video as YUV4MPEG (ffprobe reads its size), raw
// audio as FLAC in Matroska, encoded streams in Matroska.
std::string y4m(const std::string &feeder, const std::string &file) {
  return feeder + "=y4menc ! filesink sync=false buffer-mode=2 location=" + file;
}
std::string flac(const std::string &feeder, const std::string &file) {
  return feeder +
         "=flacenc ! matroskamux streamable=true ! filesink sync=false "
         "buffer-mode=2 location=" +
         file;
}
// `caps` picks the muxer's pad (linked before the feed's caps are known).
std::string mkv(const std::string &feeder, const std::string &caps,
                const std::string &file) {
  return feeder + "=" + caps +
         " ! matroskamux streamable=true ! filesink sync=false buffer-mode=2 "
         "location=" +
         file;
}

constexpr size_t frame_320x240 = 320 * 240 * 3 / 2;

} // namespace

BOOST_AUTO_TEST_CASE(decodes_h264_and_aac_over_tcp) {
  flu::test::RtspServer server("h264");
  ScratchDir dir;
  const std::string video = dir / "video.y4m";
  const std::string audio = dir / "audio.mkv";
  StandaloneJob job(dir,
                    {"--type", "rtsp-producer", "--property", "location=" + server.url(),
                     "--property", "transport=tcp", "--property", "width=320",
                     "--property", "height=240", "--feeder", y4m("video", video),
                     "--feeder", flac("audio", audio)});
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] { return size_of(video) > 20 * frame_320x240 && size_of(audio) > 20000; },
          20s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.wait_until([&] { return job.ui("source") == "connected"; }, 5s),
             FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
  // The producer asked for RTP interleaved in the RTSP connection.
  BOOST_TEST(contains(server.output(), "transport RTP/AVP/TCP"), server.output());
  BOOST_TEST(!contains(server.output(), "client_port="), server.output());
  BOOST_TEST(probe(video, "v", "width") == "320");
  BOOST_TEST(probe(video, "v", "height") == "240");
  BOOST_TEST(probe(audio, "a", "codec_name") == "flac");
  BOOST_TEST(probe(audio, "a", "sample_rate") == "48000");
}

BOOST_AUTO_TEST_CASE(decodes_vp8_and_opus_over_udp) {
  flu::test::RtspServer server("vp8");
  ScratchDir dir;
  const std::string video = dir / "video.y4m";
  const std::string audio = dir / "audio.mkv";
  StandaloneJob job(dir,
                    {"--type", "rtsp-producer", "--property", "location=" + server.url(),
                     "--property", "transport=udp", "--feeder", y4m("video", video),
                     "--feeder", flac("audio", audio)});
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           return size_of(video) > 20 * 160 * 120 * 3 / 2 &&
                                  size_of(audio) > 20000;
                         },
                         20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
  // UDP: the client named its ports, and never fell back to TCP.
  BOOST_TEST(contains(server.output(), "client_port="), server.output());
  BOOST_TEST(!contains(server.output(), "RTP/AVP/TCP"), server.output());
  BOOST_TEST(probe(video, "v", "width") == "160");
  BOOST_TEST(probe(audio, "a", "codec_name") == "flac");
}

BOOST_AUTO_TEST_CASE(passes_h264_and_aac_through_from_a_key_frame) {
  flu::test::RtspServer server("h264");
  // Another client first, so the job joins the shared stream mid-way,
  // between key frames (every 2 s).
  server.watch();
  ScratchDir dir;
  const std::string video = dir / "video.mkv";
  const std::string audio = dir / "audio.mkv";
  run_until(dir,
            {"--type", "rtsp-producer", "--property", "location=" + server.url(),
             "--property", "passthrough=true", "--feeder",
             mkv("video", "video/x-h264", video), "--feeder",
             mkv("audio", "audio/mpeg", audio)},
            [&] { return keyframes(video).size() >= 40 && size_of(audio) > 5000; });
  // The server's own H.264 and AAC, not decoded, starting with a key frame.
  BOOST_TEST(probe(video, "v", "codec_name") == "h264");
  BOOST_TEST(probe(video, "v", "width") == "160");
  BOOST_TEST(probe(audio, "a", "codec_name") == "aac");
  const auto keys = keyframes(video);
  BOOST_TEST(keys.front());
  BOOST_TEST(std::count(keys.begin(), keys.end(), true) < static_cast<long>(keys.size()));
}

BOOST_AUTO_TEST_CASE(passes_video_through_with_silence_when_told_there_is_no_audio) {
  // Every feeder must flow for the job's pipeline to play: the audio
  // feeder carries silence.
  flu::test::RtspServer server("h264");
  ScratchDir dir;
  const std::string video = dir / "video.mkv";
  const std::string audio = dir / "audio.mkv";
  run_until(dir,
            {"--type", "rtsp-producer", "--property", "location=" + server.url(),
             "--property", "passthrough=true", "--property", "has-audio=false",
             "--feeder", mkv("video", "video/x-h264", video), "--feeder",
             flac("audio", audio)},
            [&] { return keyframes(video).size() >= 20 && size_of(audio) > 5000; });
  BOOST_TEST(probe(video, "v", "codec_name") == "h264");
  BOOST_TEST(probe(audio, "a", "codec_name") == "flac");
}

BOOST_AUTO_TEST_CASE(an_absent_server_is_reported_and_retried) {
  const auto port = flu::test::free_tcp_port(); // nothing listens there
  const std::string url = "rtsp://127.0.0.1:" + std::to_string(port) + "/live";
  ScratchDir dir;
  StandaloneJob job(dir, {"--type", "rtsp-producer", "--property", "location=" + url,
                          "--feeder", "video=fakesink", "--feeder", "audio=fakesink"});
  BOOST_TEST(job.wait_until([&] { return job.ui("reconnects") == "2"; }, 20s),
             FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), url + ": cannot connect (refused or unreachable)"),
             FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(!contains(job.output(), "mood: sad"), FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(a_missing_stream_is_reported_with_its_rtsp_status) {
  flu::test::RtspServer server("h264");
  ScratchDir dir;
  const std::string url = server.url("/nothing");
  StandaloneJob job(dir, {"--type", "rtsp-producer", "--property", "location=" + url,
                          "--feeder", "video=fakesink", "--feeder", "audio=fakesink"});
  BOOST_TEST(job.wait_until([&] { return contains(job.output(), "(RTSP 404)"); }, 20s),
             FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), url + ": "), FLU_LATER(job.output()));
  BOOST_TEST(job.wait_until([&] { return job.ui("source") == "reconnecting"; }, 5s),
             FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(gives_the_user_and_password_the_server_asks_for) {
  flu::test::RtspServer server("h264", "flu:s3cret");
  ScratchDir dir;
  const std::string video = dir / "video.y4m";
  run_until(dir,
            {"--type", "rtsp-producer", "--property", "location=" + server.url(),
             "--property", "user=flu", "--property", "password=s3cret", "--feeder",
             y4m("video", video), "--feeder", "audio=fakesink"},
            [&] { return size_of(video) > 10 * 160 * 120 * 3 / 2; });
  BOOST_TEST(probe(video, "v", "width") == "160");
}

BOOST_AUTO_TEST_CASE(a_refused_password_is_reported_naming_the_url) {
  flu::test::RtspServer server("h264", "flu:s3cret");
  ScratchDir dir;
  // The password in the URL is not repeated in messages.
  const std::string url = "rtsp://flu:xyzzy-pw@127.0.0.1:" +
                          server.url().substr(std::string("rtsp://127.0.0.1:").size());
  StandaloneJob job(dir, {"--type", "rtsp-producer", "--property", "location=" + url,
                          "--feeder", "video=fakesink", "--feeder", "audio=fakesink"});
  BOOST_TEST(job.wait_until([&] { return contains(job.output(), "(RTSP 401)"); }, 20s),
             FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), server.url() + ": "), FLU_LATER(job.output()));
  BOOST_TEST(!contains(job.output(), "xyzzy-pw"), FLU_LATER(job.output()));
  BOOST_TEST(job.wait_until([&] { return job.ui("source") == "reconnecting"; }, 5s),
             FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(a_server_that_comes_back_is_picked_up) {
  flu::test::RtspServer server("h264");
  ScratchDir dir;
  const std::string video = dir / "video.y4m";
  StandaloneJob job(dir, {"--type", "rtsp-producer", "--property",
                          "location=" + server.url(), "--property", "transport=tcp",
                          "--feeder", y4m("video", video), "--feeder", "audio=fakesink"});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("source") == "connected"; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.mood() == "happy"; }, 10s),
                     FLU_LATER(job.output()));
  server.kill();
  // Lost: hungry (not sad) with a message naming the URL; it keeps running.
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.mood() == "hungry"; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.wait_until([&] { return job.ui("source") == "reconnecting"; }, 5s),
             FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "note: 2 hungry: " + server.url() + ": "),
             FLU_LATER(job.output()));
  server.start();
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("source") == "connected"; }, 30s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.wait_until([&] { return job.mood() == "happy"; }, 10s),
             FLU_LATER(job.output()));
  BOOST_TEST(
      contains(job.output(), "note: 3 hungry: " + server.url() + ": receiving again"),
      FLU_LATER(job.output()));
  const size_t before = size_of(video);
  BOOST_TEST(
      job.wait_until([&] { return size_of(video) > before + 20 * 160 * 120; }, 10s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(!contains(job.output(), "mood: sad"), FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(bad_settings_are_refused) {
  expect_refused({"--type", "rtsp-producer", "--property", "location=http://example/x"},
                 "location 'http://example/x' is not an rtsp:// URL");
  expect_refused({"--type", "rtsp-producer", "--property", "location=rtsp://example/x",
                  "--property", "transport=sctp"},
                 "transport must be tcp, udp or auto, got 'sctp'");
}
