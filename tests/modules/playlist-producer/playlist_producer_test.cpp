// playlist-producer in a real flu-job: files made here with gst-launch play
// at the wall-clock times a playlist gives, black and silence between them;
// what the feeders wrote is decoded and each frame's colour and loudness
// read back. A playlist edited while the job runs takes effect; a missing or
// undecodable file and a malformed playlist are warnings naming them while
// the rest plays.
#define BOOST_TEST_MODULE playlist_producer
#include "../standalone_job.hpp"
#include "what_played.hpp"

#include <ctime>
#include <iomanip>

using namespace flu::modules::test;
using flu::test::Run;
using Clock = std::chrono::system_clock;

namespace {

// A WebM (VP8 + Vorbis) of `seconds` in one colour with a tone.
std::string make_webm(const ScratchDir &dir, const std::string &name,
                      const std::string &pattern, int seconds, int freq) {
  const std::string file = dir / name;
  const auto r = flu::test::run(
      {"/bin/sh", "-c",
       "gst-launch-1.0 -q videotestsrc pattern=" + pattern +
           " num-buffers=" + std::to_string(15 * seconds) +
           " ! video/x-raw,width=160,height=120,framerate=15/1 ! vp8enc ! queue ! "
           "webmmux name=m ! filesink location=" +
           file + " audiotestsrc freq=" + std::to_string(freq) +
           " samplesperbuffer=4410 num-buffers=" + std::to_string(10 * seconds) +
           " ! audioconvert ! vorbisenc ! queue ! m."},
      30s);
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
  return file;
}

// The same as Ogg (Theora + Vorbis).
std::string make_ogg(const ScratchDir &dir, const std::string &name,
                     const std::string &pattern, int seconds, int freq) {
  const std::string file = dir / name;
  const auto r = flu::test::run(
      {"/bin/sh", "-c",
       "gst-launch-1.0 -q videotestsrc pattern=" + pattern +
           " num-buffers=" + std::to_string(15 * seconds) +
           " ! video/x-raw,width=160,height=120,framerate=15/1 ! theoraenc ! queue ! "
           "oggmux name=m ! filesink location=" +
           file + " audiotestsrc freq=" + std::to_string(freq) +
           " samplesperbuffer=4410 num-buffers=" + std::to_string(10 * seconds) +
           " ! audioconvert ! vorbisenc ! queue ! m."},
      30s);
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
  return file;
}

// Flumotion's time format, in UTC, to the millisecond.
std::string iso(Clock::time_point t) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
  const std::time_t s = ms.count() / 1000;
  std::tm tm{};
  gmtime_r(&s, &tm);
  std::ostringstream out;
  out << std::put_time(&tm, "%Y-%m-%dT%H:%M:%S") << '.' << std::setw(3)
      << std::setfill('0') << ms.count() % 1000 << 'Z';
  return out.str();
}

std::string entry(const std::string &file, Clock::time_point at,
                  const std::string &more = "") {
  return "  <entry filename=\"" + file + "\" time=\"" + iso(at) + "\"" +
         (more.empty() ? "" : " " + more) + "/>\n";
}

// Written beside and renamed over, as an editor saves.
void write_playlist(const std::string &path, const std::string &entries) {
  const std::string temporary = path + ".new~";
  std::ofstream(temporary) << "<?xml version=\"1.0\"?>\n<playlist>\n"
                           << entries << "</playlist>\n";
  std::filesystem::rename(temporary, path);
}

std::vector<std::string> job_args(const std::string &property, const std::string &value,
                                  const std::string &audio, const std::string &video,
                                  const std::vector<std::string> &more = {}) {
  std::vector<std::string> args = {
      "--type",
      "playlist-producer",
      "--property",
      property + "=" + value,
      "--property",
      "width=160",
      "--property",
      "height=120",
      "--feeder",
      "audio=audioconvert ! flacenc blocksize=576 ! matroskamux streamable=true ! "
      "filesink location=" +
          audio,
      "--feeder",
      "video=videoconvert ! jpegenc ! matroskamux streamable=true ! filesink location=" +
          video};
  for (const std::string &property_value : more) {
    args.push_back("--property");
    args.push_back(property_value);
  }
  return args;
}

void sleep_until(Clock::time_point t) { std::this_thread::sleep_until(t); }

// The feeds' timestamps only grow, without a hole a viewer sees.
void check_timelines(const std::string &audio, const std::string &video) {
  const auto sound = flu::test::timeline(audio, "a:0");
  BOOST_TEST(sound.growing(), sound.describe());
  BOOST_TEST(sound.max_step() < 0.15, sound.describe());
  const auto picture = flu::test::timeline(video, "v:0");
  BOOST_TEST(picture.growing(), picture.describe());
  BOOST_TEST(picture.max_step() < 0.2, picture.describe());
}

bool near(double value, double expected, double tolerance) {
  return std::abs(value - expected) <= tolerance;
}

// A run of pictures lasts until the next run's first frame: an item's own
// frames (on its file's frame grid) and the filler's (on its own) meet
// anywhere within a frame at each seam, so a run of `seconds` measures up
// to two frames (133 ms at 15 fps) more.
bool lasts(const Run &run, double seconds) {
  return run.length() > seconds - 0.1 && run.length() < seconds + 0.2;
}

} // namespace

BOOST_AUTO_TEST_CASE(items_play_at_their_times_with_filler_between) {
  ScratchDir dir;
  make_webm(dir, "red.webm", "red", 2, 440);
  make_ogg(dir, "blue.ogg", "blue", 2, 880);
  const std::string list = dir / "list.xml", audio = dir / "a.mkv", video = dir / "v.mkv";
  const auto t0 = Clock::now();
  // Relative names: taken from the playlist's directory.
  write_playlist(list, entry("red.webm", t0 + 3s, "duration=\"1.5\"") +
                           entry("blue.ogg", t0 + 5s));
  StandaloneJob job(dir, job_args("playlist", list, audio, video));
  // The red item starts when the playlist says, not when it was read.
  Clock::time_point red_seen{};
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           if (contains(job.ui("playing"), "red.webm"))
                             red_seen = Clock::now();
                           return red_seen != Clock::time_point{};
                         },
                         15s),
                     FLU_LATER(job.output()));
  // UI state is coalesced to 500 ms.
  const double late = std::chrono::duration<double>(red_seen - (t0 + 3s)).count();
  BOOST_TEST(late > -0.1);
  BOOST_TEST(late < 0.9);
  sleep_until(t0 + 7800ms);
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
  BOOST_TEST(job.ui("entries") == "2", FLU_LATER(job.output()));

  const auto pictures = flu::test::colours(video);
  const Run *black = pictures.first("black"), *red = pictures.first("red"),
            *blue = pictures.first("blue");
  BOOST_TEST_MESSAGE("video: " << pictures.describe());
  BOOST_TEST_REQUIRE((black && red && blue), pictures.describe());
  // Filler before the first item, for the time until its start.
  BOOST_TEST(black->start < red->start, pictures.describe());
  BOOST_TEST(black->length() > 1.0, pictures.describe());
  // The red item cut to its duration, then 0.5 s of filler, then blue for
  // the whole file, then filler again.
  BOOST_TEST(lasts(*red, 1.5), pictures.describe());
  BOOST_TEST(near(blue->start - red->start, 2.0, 0.15), pictures.describe());
  BOOST_TEST(lasts(*blue, 2.0), pictures.describe());
  BOOST_TEST(pictures.count("black") == 3, pictures.describe());
  BOOST_TEST(pictures.count("red") == 1, pictures.describe());
  BOOST_TEST(pictures.count("blue") == 1, pictures.describe());

  // Sound: silence, a tone 1.5 s, silence 0.5 s, a tone 2 s, silence.
  const auto sound = flu::test::loudness(audio);
  BOOST_TEST_MESSAGE("audio: " << sound.describe());
  std::vector<const Run *> tones;
  for (const Run &r : sound.runs)
    if (r.kind == "tone" && r.frames >= 3)
      tones.push_back(&r);
  BOOST_TEST_REQUIRE(tones.size() == 2u, sound.describe());
  BOOST_TEST(near(tones[0]->length(), 1.5, 0.15), sound.describe());
  BOOST_TEST(near(tones[1]->start - tones[0]->start, 2.0, 0.15), sound.describe());
  BOOST_TEST(near(tones[1]->length(), 2.0, 0.15), sound.describe());
  BOOST_TEST(sound.first("silence") != nullptr, sound.describe());
  check_timelines(audio, video);
}

BOOST_AUTO_TEST_CASE(a_playlist_edited_while_playing_takes_effect) {
  ScratchDir dir;
  make_webm(dir, "red.webm", "red", 3, 440);
  make_ogg(dir, "blue.ogg", "blue", 2, 880);
  const std::string list = dir / "list.xml", audio = dir / "a.mkv", video = dir / "v.mkv";
  const auto t0 = Clock::now();
  write_playlist(list, entry("red.webm", t0 + 3s));
  // A filler of the operator's choosing: green and a tone.
  StandaloneJob job(dir, job_args("playlist", list, audio, video,
                                  {"video-pattern=green", "audio-wave=sine"}));
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.ui("playing"), "red.webm"); }, 15s),
      FLU_LATER(job.output()));
  // While red plays: cut it to 2 s, and add blue after a gap.
  write_playlist(list, entry("red.webm", t0 + 3s, "duration=\"2\"") +
                           entry("blue.ogg", t0 + 5500ms, "duration=\"1.5\""));
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.ui("playing"), "blue.ogg"); }, 10s),
      FLU_LATER(job.output()));
  sleep_until(t0 + 7800ms);
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  const auto pictures = flu::test::colours(video);
  const Run *red = pictures.first("red"), *blue = pictures.first("blue");
  BOOST_TEST_MESSAGE("video: " << pictures.describe());
  BOOST_TEST_REQUIRE((red && blue), pictures.describe());
  // Red went on playing through the edit, and stopped at its new end.
  BOOST_TEST(pictures.count("red") == 1, pictures.describe());
  BOOST_TEST(lasts(*red, 2.0), pictures.describe());
  BOOST_TEST(near(blue->start - red->start, 2.5, 0.15), pictures.describe());
  BOOST_TEST(lasts(*blue, 1.5), pictures.describe());
  // The filler before, between and after: green, and never silence.
  BOOST_TEST(pictures.count("green") == 3, pictures.describe());
  BOOST_TEST(pictures.count("black", 1) == 0, pictures.describe());
  const auto sound = flu::test::loudness(audio);
  BOOST_TEST_MESSAGE("audio: " << sound.describe());
  BOOST_TEST(sound.count("tone") == 1, sound.describe());
  BOOST_TEST(sound.count("silence", 1) == 0, sound.describe());
  check_timelines(audio, video);
}

BOOST_AUTO_TEST_CASE(bad_entries_and_a_malformed_playlist_are_warnings_naming_them) {
  ScratchDir dir;
  const std::string lists = dir / "lists";
  std::filesystem::create_directory(lists);
  const std::string red = make_webm(dir, "red.webm", "red", 2, 440);
  const std::string blue = make_webm(dir, "blue.webm", "blue", 2, 880);
  const std::string missing = dir / "missing.webm";
  const std::string junk = dir / "junk.webm";
  std::ofstream(junk) << std::string(4096, 'x');
  const std::string list = lists + "/evening.xml", audio = dir / "a.mkv",
                    video = dir / "v.mkv";
  const auto t0 = Clock::now();
  // Lines 3 to 6 of the playlist.
  write_playlist(list, entry(missing, t0 + 8s, "duration=\"1\"") + entry(junk, t0 + 3s) +
                           entry(red, t0 + 4s, "duration=\"1.5\"") +
                           entry(red, t0 + 6s, "offset=\"bad\""));
  StandaloneJob job(dir, job_args("playlist-directory", lists, audio, video));
  const std::string where = "playlist '" + list + "' line ";
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("entries") == "1"; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), where + "3: entry skipped: cannot read file '" +
                                        missing + "': No such file or directory"),
             FLU_LATER(job.output()));
  BOOST_TEST(
      contains(job.output(), where + "4: entry skipped: cannot decode '" + junk + "'"),
      FLU_LATER(job.output()));
  BOOST_TEST(
      contains(job.output(), where + "6: entry skipped: offset 'bad' is not a number"),
      FLU_LATER(job.output()));
  // A malformed version is refused naming the line of its error (where the
  // unclosed tag meets the next one); the last good version plays.
  {
    std::ofstream out(list + ".new~");
    out << "<playlist>\n"
        << entry(red, t0 + 3s) << "  <entry filename=\"x\"\n</playlist>\n";
  }
  std::filesystem::rename(list + ".new~", list);
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] { return contains(job.output(), where + "4: not well-formed XML"); }, 10s),
      FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "its previous version goes on playing"),
             FLU_LATER(job.output()));
  // The missing file arrives (copied beside and renamed, as rsync does):
  // its entry is taken up without a new playlist.
  std::filesystem::copy_file(blue, missing + ".part");
  std::filesystem::rename(missing + ".part", missing);
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("entries") == "2"; }, 10s),
                     FLU_LATER(job.output()));
  sleep_until(t0 + 9500ms);
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
  BOOST_TEST(!contains(job.output(), "mood: sad"), FLU_LATER(job.output()));
  const auto pictures = flu::test::colours(video);
  BOOST_TEST_MESSAGE("video: " << pictures.describe());
  const Run *shown = pictures.first("red");
  BOOST_TEST_REQUIRE(shown, pictures.describe());
  BOOST_TEST(pictures.count("red") == 1, pictures.describe());
  BOOST_TEST(lasts(*shown, 1.5), pictures.describe());
  const Run *arrived = pictures.first("blue");
  BOOST_TEST_REQUIRE(arrived, pictures.describe());
  BOOST_TEST(pictures.count("blue") == 1, pictures.describe());
  BOOST_TEST(near(arrived->start - shown->start, 4.0, 0.15), pictures.describe());
  BOOST_TEST(lasts(*arrived, 1.0), pictures.describe());
  check_timelines(audio, video);
}

BOOST_AUTO_TEST_CASE(a_configuration_no_playlist_can_repair_is_refused) {
  expect_refused({"--type", "playlist-producer"},
                 "a playlist or a playlist-directory is needed");
  expect_refused(
      {"--type", "playlist-producer", "--property", "playlist=/nonexistent/list.xml"},
      "cannot read playlist '/nonexistent/list.xml': No such file or directory");
  expect_refused(
      {"--type", "playlist-producer", "--property", "playlist-directory=/nonexistent"},
      "playlist-directory '/nonexistent' is not a directory");
  ScratchDir dir;
  const std::string list = dir / "list.xml";
  write_playlist(list, "");
  expect_refused({"--type", "playlist-producer", "--property", "playlist=" + list,
                  "--property", "video-pattern=plaid"},
                 "video-pattern 'plaid' or audio-wave 'silence' is not valid");
}
