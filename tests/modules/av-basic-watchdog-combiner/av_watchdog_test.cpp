// av-basic-watchdog-combiner in a real flu-job: the master pair ends after
// a second (its producer gone), the watchdog takes the backup pair for both
// video and audio, and both outputs decode whole, the video red then blue.
#define BOOST_TEST_MODULE av_basic_watchdog_combiner
#include "../standalone_job.hpp"

using namespace flu::modules::test;

namespace {

std::string video(const std::string &pattern, const std::string &limit) {
  return "videotestsrc is-live=true pattern=" + pattern + limit +
         " ! video/x-raw,width=160,height=120,framerate=25/1 ! gdppay ! gdpdepay";
}
std::string audio(const std::string &limit) {
  return "audiotestsrc is-live=true" + limit +
         " ! audio/x-raw,rate=48000,channels=2 ! gdppay ! gdpdepay";
}

std::vector<std::string> watchdog(const ScratchDir &dir, const std::string &timeout) {
  return {"--type",
          "av-basic-watchdog-combiner",
          "--property",
          "starve-timeout=" + timeout,
          "--property",
          "video-width=320",
          "--property",
          "video-height=240",
          "--eater",
          "video-master=" + video("red", " num-buffers=25"),
          "--eater",
          "video-backup=" + video("blue", ""),
          "--eater",
          "audio-master=" + audio(" num-buffers=40"),
          "--eater",
          "audio-backup=" + audio(""),
          "--feeder",
          "video=vp8enc deadline=1 ! webmmux streamable=true ! filesink location=" +
              std::string(dir / "video.webm"),
          "--feeder",
          "audio=audioconvert ! opusenc ! webmmux streamable=true ! filesink location=" +
              std::string(dir / "audio.webm")};
}

// Solid colours of the decoded frames, runs merged: "RB".
std::string colours(const ScratchDir &dir, const std::string &file) {
  const std::string rgb = dir / "frames.rgb";
  run("ffmpeg -v error -nostdin -y -i " + file +
      " -vf scale=1:1 -f rawvideo -pix_fmt rgb24 " + rgb);
  const std::string pixels = read_file(rgb);
  std::string out;
  for (size_t i = 0; i + 2 < pixels.size(); i += 3) {
    const int r = static_cast<unsigned char>(pixels[i]);
    const int b = static_cast<unsigned char>(pixels[i + 2]);
    const char c = r > 128 && b < 64 ? 'R' : b > 128 && r < 64 ? 'B' : '?';
    if (out.empty() || out.back() != c)
      out += c;
  }
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(master_pair_ends_and_both_streams_go_on_from_the_backup) {
  ScratchDir dir;
  StandaloneJob job(dir, watchdog(dir, "0.5"));
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return job.ui("active-eater") == "backup"; }, 20s),
      FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "Switched to backup: master had no data for"));
  // The raw audio going out has its level meter (audiotestsrc's sine at 0.8
  // peaks near -2 dBFS).
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return !job.ui("level:audio:peak").empty(); }, 10s),
      FLU_LATER(job.output()));
  const double peak = std::strtod(job.ui("level:audio:peak").c_str(), nullptr);
  BOOST_TEST(peak > -4.0, job.ui("level:audio:peak"));
  BOOST_TEST(peak < 0.0, job.ui("level:audio:peak"));
  // A second of the backup, then stop.
  const std::string before = job.ui("switched-at-ms");
  BOOST_TEST(!before.empty());
  std::this_thread::sleep_for(1500ms); // content, not readiness: a stretch of backup
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  const std::string file = dir / "video.webm";
  BOOST_TEST(probe(file, "v", "width") == "320"); // converted to the video-* caps
  BOOST_TEST(colours(dir, file) == "RB");
  const std::string errors =
      run("ffmpeg -v error -nostdin -i " + file + " -i " +
          std::string(dir / "audio.webm") + " -map 0 -map 1 -f null - 2>&1");
  BOOST_TEST(errors.empty(), errors);
  // Audio went on past the master's 0.85 s: 20 ms Opus packets for > 2 s.
  const std::string packets =
      run("ffprobe -v error -count_packets -select_streams a:0 -show_entries "
          "stream=nb_read_packets -of csv=p=0 " +
          std::string(dir / "audio.webm"));
  BOOST_TEST(std::atoi(packets.c_str()) > 100, packets);
}

BOOST_AUTO_TEST_CASE(a_bad_timeout_is_refused_naming_it) {
  ScratchDir dir;
  expect_refused(watchdog(dir, "0"),
                 "starve-timeout must be between 0.05 and 3600 seconds");
}
