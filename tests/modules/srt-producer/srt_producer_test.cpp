// srt-producer in a real flu-job against srtsink (gst-launch) in both
// modes: calling a listening sender and listening for a calling one, MPEG-TS
// with H.264 and AAC, decoded and passed through; a wrong passphrase or a
// peer that never comes is said in a message naming the URI. What the
// feeders write is read with ffprobe.
#define BOOST_TEST_MODULE srt_producer
#include "../standalone_job.hpp"
#include "free_port.hpp"
#include "process.hpp"
#include "wait.hpp"

#include <cstdio>
#include <memory>

using namespace flu::modules::test;

namespace {

const std::string passphrase = "flu-srt-secret";

size_t size_of(const std::string &file) {
  return std::filesystem::exists(file) ? std::filesystem::file_size(file) : 0;
}

// Whether a UDP socket is bound to 127.0.0.1:port (an SRT listener is).
bool udp_bound(uint16_t port) {
  char local[32];
  std::snprintf(local, sizeof local, "0100007F:%04X ", port);
  return contains(read_file("/proc/net/udp"), local);
}

// A live H.264 + AAC MPEG-TS sent with srtsink by gst-launch: seven TS
// packets per SRT packet, SPS/PPS at each key frame (for a receiver that
// joins late).
class Sender {
public:
  Sender(const std::string &mode, uint16_t port, const std::string &pass,
         bool audio = true) {
    const std::string launch =
        "videotestsrc is-live=true ! video/x-raw,width=160,height=120,framerate=15/1 ! "
        "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 ! "
        "h264parse config-interval=-1 ! mpegtsmux alignment=7 name=m " +
        std::string(audio ? "audiotestsrc is-live=true ! audio/x-raw,rate=48000 ! "
                            "avenc_aac ! aacparse ! m. "
                          : "") +
        "m. ! srtsink wait-for-connection=false uri=srt://127.0.0.1:" +
        std::to_string(port) + "?mode=" + mode + " passphrase=" + pass + " pbkeylen=16";
    std::vector<std::string> argv{"/usr/bin/gst-launch-1.0", "-q"};
    std::istringstream words(launch);
    for (std::string word; words >> word;)
      argv.push_back(word);
    process_ = std::make_unique<flu::test::Process>(
        argv, flu::test::SpawnOptions{{}, dir_ / "sender.err", {}, true});
  }

  std::string err() const { return read_file(dir_ / "sender.err"); }

private:
  ScratchDir dir_;
  std::unique_ptr<flu::test::Process> process_;
};

// ffprobe lists a TS stream twice (in its program and on its own): the
// first line is the stream's.
std::string ts_probe(const std::string &file, const std::string &kind,
                     const std::string &entry) {
  const std::string all = probe(file, kind, entry);
  return all.substr(0, all.find('\n'));
}

std::vector<std::string> job_args(const std::string &mode, uint16_t port,
                                  const std::string &pass) {
  return {"--type",       "srt-producer",      "--property",
          "mode=" + mode, "--property",        "port=" + std::to_string(port),
          "--property",   "passphrase=" + pass};
}

// `parse` makes the stream one the muxer takes (AVC, raw AAC).
std::string mkv(const std::string &feeder, const std::string &parse,
                const std::string &file) {
  return feeder + "=" + parse +
         " ! matroskamux streamable=true ! filesink sync=false buffer-mode=2 location=" +
         file;
}

std::string ts_feeder(const std::string &file) {
  return "default=filesink sync=false buffer-mode=2 location=" + file;
}

} // namespace

BOOST_AUTO_TEST_CASE(calls_a_listening_sender_and_decodes) {
  const auto port = flu::test::free_tcp_port();
  Sender sender("listener", port, passphrase);
  BOOST_TEST_REQUIRE(flu::test::poll_until([&] { return udp_bound(port); }, 10s, 50ms),
                     sender.err());
  ScratchDir dir;
  const std::string ts = dir / "feed.ts";
  const std::string video = dir / "video.y4m";
  const std::string audio = dir / "audio.mkv";
  auto args = job_args("caller", port, passphrase);
  args.insert(args.end(),
              {"--property", "width=320", "--feeder", ts_feeder(ts), "--feeder",
               "video=y4menc ! filesink sync=false buffer-mode=2 location=" + video,
               "--feeder",
               "audio=flacenc ! matroskamux streamable=true ! filesink sync=false "
               "buffer-mode=2 location=" +
                   audio});
  StandaloneJob job(dir, args);
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           return size_of(video) > 20 * 320 * 240 * 3 / 2 &&
                                  size_of(audio) > 20000 && size_of(ts) > 50000;
                         },
                         20s),
                     FLU_LATER(job.output() + sender.err()));
  BOOST_TEST(job.ui("source") == "connected", FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
  BOOST_TEST(ts_probe(ts, "v", "codec_name") == "h264");
  BOOST_TEST(ts_probe(ts, "a", "codec_name") == "aac");
  BOOST_TEST(probe(video, "v", "width") == "320");
  BOOST_TEST(probe(audio, "a", "codec_name") == "flac");
  BOOST_TEST(probe(audio, "a", "sample_rate") == "48000");
}

BOOST_AUTO_TEST_CASE(listens_for_a_calling_sender_and_passes_it_through) {
  const auto port = flu::test::free_tcp_port();
  ScratchDir dir;
  const std::string ts = dir / "feed.ts";
  auto args = job_args("listener", port, passphrase);
  const std::string video = dir / "video.mkv";
  const std::string audio = dir / "audio.mkv";
  args.insert(args.end(),
              {"--property", "passthrough=true", "--feeder", ts_feeder(ts), "--feeder",
               mkv("video", "h264parse ! video/x-h264,stream-format=avc", video),
               "--feeder",
               mkv("audio", "aacparse ! audio/mpeg,stream-format=raw", audio)});
  StandaloneJob job(dir, args);
  BOOST_TEST_REQUIRE(job.wait_until([&] { return udp_bound(port); }, 10s),
                     FLU_LATER(job.output()));
  Sender sender("caller", port, passphrase);
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           return keyframes(video).size() >= 30 &&
                                  size_of(audio) > 5000 && size_of(ts) > 50000;
                         },
                         30s),
                     FLU_LATER(job.output() + sender.err()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
  // The sender's own H.264 and AAC, as sent.
  BOOST_TEST(ts_probe(ts, "v", "codec_name") == "h264");
  BOOST_TEST(ts_probe(ts, "v", "width") == "160");
  BOOST_TEST(ts_probe(ts, "a", "codec_name") == "aac");
  // Each stream on its own feeder, not decoded, from a key frame on.
  BOOST_TEST(probe(video, "v", "codec_name") == "h264");
  BOOST_TEST(probe(video, "v", "width") == "160");
  BOOST_TEST(probe(audio, "a", "codec_name") == "aac");
  BOOST_TEST(keyframes(video).front());
}

BOOST_AUTO_TEST_CASE(a_stream_without_audio_passes_its_video_through) {
  // The audio feeder never gets data: the video feeder's eaters still get
  // every frame (the job's pipeline does not wait for all its feeders).
  const auto port = flu::test::free_tcp_port();
  ScratchDir dir;
  auto args = job_args("listener", port, passphrase);
  const std::string video = dir / "video.mkv";
  args.insert(args.end(),
              {"--property", "passthrough=true", "--feeder",
               mkv("video", "h264parse ! video/x-h264,stream-format=avc", video),
               "--feeder", "audio=fakesink"});
  StandaloneJob job(dir, args);
  BOOST_TEST_REQUIRE(job.wait_until([&] { return udp_bound(port); }, 10s),
                     FLU_LATER(job.output()));
  Sender sender("caller", port, passphrase, false);
  BOOST_TEST_REQUIRE(job.wait_until([&] { return keyframes(video).size() >= 30; }, 30s),
                     FLU_LATER(job.output() + sender.err()));
  BOOST_TEST(job.mood() == "happy", FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(probe(video, "v", "codec_name") == "h264");
  BOOST_TEST(keyframes(video).front());
}

BOOST_AUTO_TEST_CASE(a_sender_that_goes_away_makes_it_hungry_until_it_is_back) {
  const auto port = flu::test::free_tcp_port();
  auto sender = std::make_unique<Sender>("listener", port, passphrase);
  BOOST_TEST_REQUIRE(flu::test::poll_until([&] { return udp_bound(port); }, 10s, 50ms),
                     sender->err());
  ScratchDir dir;
  const std::string ts = dir / "feed.ts";
  auto args = job_args("caller", port, passphrase);
  args.insert(args.end(), {"--property", "connect-timeout=2", "--feeder", ts_feeder(ts),
                           "--feeder", "audio=fakesink", "--feeder", "video=fakesink"});
  StandaloneJob job(dir, args);
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.mood() == "happy"; }, 20s),
                     FLU_LATER(job.output() + sender->err()));
  sender.reset(); // killed
  const std::string uri = "srt://127.0.0.1:" + std::to_string(port) + " (caller)";
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.mood() == "hungry"; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "note: 2 hungry: " + uri + ": "),
             FLU_LATER(job.output()));
  sender = std::make_unique<Sender>("listener", port, passphrase);
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.mood() == "happy"; }, 30s),
                     FLU_LATER(job.output() + sender->err()));
  BOOST_TEST(contains(job.output(), "note: 3 hungry: " + uri + ": receiving again"),
             FLU_LATER(job.output()));
  const size_t before = size_of(ts);
  BOOST_TEST(job.wait_until([&] { return size_of(ts) > before + 50000; }, 10s),
             FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(!contains(job.output(), "mood: sad"), FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(a_caller_with_a_wrong_passphrase_is_not_silent) {
  // Listening: the caller's handshake fails and nothing says so but the
  // connect limit.
  const auto port = flu::test::free_tcp_port();
  ScratchDir dir;
  const std::string ts = dir / "feed.ts";
  auto args = job_args("listener", port, passphrase);
  args.insert(args.end(), {"--property", "connect-timeout=2", "--feeder", ts_feeder(ts),
                           "--feeder", "audio=fakesink", "--feeder", "video=fakesink"});
  StandaloneJob job(dir, args);
  BOOST_TEST_REQUIRE(job.wait_until([&] { return udp_bound(port); }, 10s),
                     FLU_LATER(job.output()));
  Sender sender("caller", port, "not-the-passphrase");
  const std::string uri = "srt://127.0.0.1:" + std::to_string(port) + " (listener)";
  BOOST_TEST(
      job.wait_until(
          [&] { return contains(job.output(), uri + ": no SRT peer connected"); }, 20s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.wait_until([&] { return job.ui("source") == "waiting"; }, 5s),
             FLU_LATER(job.output()));
  BOOST_TEST(job.mood() == "hungry", FLU_LATER(job.output()));
  BOOST_TEST(size_of(ts) == 0u);
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(a_listener_with_a_wrong_passphrase_is_reported) {
  // Calling: srtsrc learns of the wrong passphrase and says so.
  const auto port = flu::test::free_tcp_port();
  Sender sender("listener", port, "not-the-passphrase");
  BOOST_TEST_REQUIRE(flu::test::poll_until([&] { return udp_bound(port); }, 10s, 50ms),
                     sender.err());
  ScratchDir dir;
  auto args = job_args("caller", port, passphrase);
  args.insert(args.end(), {"--feeder", "default=fakesink", "--feeder", "audio=fakesink",
                           "--feeder", "video=fakesink"});
  StandaloneJob job(dir, args);
  const std::string uri = "srt://127.0.0.1:" + std::to_string(port) + " (caller)";
  BOOST_TEST(
      job.wait_until(
          [&] { return contains(job.output(), uri + ": Failed to authenticate"); }, 20s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(!contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(bad_settings_are_refused) {
  expect_refused({"--type", "srt-producer", "--property", "port=9000", "--property",
                  "mode=rendezvous"},
                 "mode must be caller or listener, got 'rendezvous'");
  expect_refused({"--type", "srt-producer", "--property", "port=9000", "--property",
                  "passphrase=short"},
                 "passphrase must have 10 to 79 characters, got 5");
}
