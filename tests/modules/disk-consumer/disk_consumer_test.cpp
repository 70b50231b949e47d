// disk-consumer in a real flu-job, fed a live WebM stream: size and time
// rotation give files that each start with the headers and a keyframe and
// decode (ffmpeg) from start to end; the symlinks point at the recording
// under way and the last complete one; an admin starts and stops
// recordings; a directory that stops taking files (made read-only) or a
// full disk (a small tmpfs) gives a message naming the path and the reason,
// leaves the earlier files as they were, and recording comes back by itself.
#define BOOST_TEST_MODULE disk_consumer
#include "../standalone_job.hpp"
#include "ical_event.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <linux/capability.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>

using namespace flu::modules::test;
namespace fs = std::filesystem;

namespace {

// A muxed WebM feed, a keyframe every half second, as a webm-muxer feeds it;
// noise, so that it really is about 600 kbit/s and files fill fast.
const std::string webm_feed =
    "videotestsrc is-live=true pattern=snow ! "
    "video/x-raw,width=160,height=120,framerate=30/1 "
    "! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=15 target-bitrate=600000 "
    "! webmmux streamable=true "
    "! gdppay ! gdpdepay";

std::vector<std::string> args(const std::string &dir,
                              const std::vector<std::string> &properties) {
  std::vector<std::string> out = {"--type",     "disk-consumer",
                                  "--eater",    "default=" + webm_feed,
                                  "--property", "directory=" + dir};
  for (const auto &p : properties)
    out.insert(out.end(), {"--property", p});
  return out;
}

// The recordings in `dir` (regular files, not the symlinks), by name.
std::vector<fs::path> recordings(const fs::path &dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && !e.is_symlink() && e.path().extension() == ".webm")
      out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// Every frame decodes, from the first byte to the last: ffmpeg reports no
// error, and the file starts with the headers and a keyframe.
void check_whole(const fs::path &file) {
  const std::string errors =
      run("ffmpeg -nostdin -v error -i " + file.string() + " -f null - 2>&1 >/dev/null");
  BOOST_TEST(errors.empty(), file << ": " << errors);
  const std::string head = read_file(file).substr(0, 4);
  BOOST_TEST(head == std::string("\x1a\x45\xdf\xa3"),
             file << " starts with no EBML header");
  const auto frames = keyframes(file.string());
  BOOST_TEST_REQUIRE(!frames.empty(), file << " holds no video");
  BOOST_TEST(frames.front(), file << " starts with a delta frame");
}

// Seconds from the first video frame to the last (a live WebM file says
// no duration in its header).
double duration(const fs::path &file) {
  std::istringstream lines(run("ffprobe -v error -select_streams v:0 -show_entries "
                               "packet=pts_time -of csv=p=0 " +
                               file.string()));
  std::vector<double> times;
  for (std::string line; std::getline(lines, line);)
    if (!line.empty() && line != "N/A")
      times.push_back(std::stod(line));
  if (times.empty())
    return 0;
  return *std::max_element(times.begin(), times.end()) -
         *std::min_element(times.begin(), times.end());
}

// Root writes where the mode bits say no, unless CAP_DAC_OVERRIDE is out
// of the bounding set: then the jobs this process starts obey them. This
// process keeps it (it only touches files it owns).
bool drop_dac_override() {
  return geteuid() != 0 || prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) == 0;
}

// The recordings last written before `moment`, with their sizes.
std::map<fs::path, uintmax_t> written_before(const fs::path &dir,
                                             fs::file_time_type moment) {
  std::map<fs::path, uintmax_t> out;
  for (const auto &f : recordings(dir)) {
    std::error_code ec;
    const auto t = fs::last_write_time(f, ec);
    const auto size = fs::file_size(f, ec);
    if (!ec && t < moment)
      out[f] = size;
  }
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(size_rotation_gives_whole_files_and_symlinks) {
  ScratchDir dir;
  const fs::path rec = dir / "rec";
  fs::create_directory(rec);
  StandaloneJob job(dir, args(rec, {"rotate-type=size", "size=40000",
                                    "symlink-to-current-recording=current",
                                    "symlink-to-last-recording=last"}));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return recordings(rec).size() >= 4; }, 60s),
                     FLU_LATER(job.output()));
  // While recording: one link at the file under way, the other at a
  // finished one.
  const fs::path current = fs::read_symlink(rec / "current");
  const fs::path last = fs::read_symlink(rec / "last");
  BOOST_TEST(current != last);
  BOOST_TEST(fs::exists(current));
  check_whole(last);
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));

  const auto files = recordings(rec);
  std::map<fs::file_time_type, fs::path> by_time;
  for (const auto &f : files)
    by_time[fs::last_write_time(f)] = f;
  // The last file closed is the one that was under way and now the last.
  BOOST_TEST(fs::read_symlink(rec / "last") == by_time.rbegin()->second);
  BOOST_TEST(fs::read_symlink(rec / "current") == by_time.rbegin()->second);
  for (const auto &f : files) {
    check_whole(f);
    // A new file at the first keyframe past the size: every one but the
    // last reached it.
    if (f != by_time.rbegin()->second)
      BOOST_TEST(fs::file_size(f) >= 40000u, f);
  }
  BOOST_TEST(contains(job.output(), "ui: files="), FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(time_rotation_gives_whole_files_of_that_length) {
  ScratchDir dir;
  const fs::path rec = dir / "rec";
  fs::create_directory(rec);
  StandaloneJob job(dir,
                    args(rec, {"rotate-type=time", "time=1", "filename=clip-%H%M%S"}));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return recordings(rec).size() >= 4; }, 60s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  const auto files = recordings(rec);
  for (size_t i = 0; i < files.size(); ++i) {
    BOOST_TEST(files[i].filename().string().rfind("clip-", 0) == 0u, files[i]);
    check_whole(files[i]);
    // Each file ends at the first keyframe past a second: a keyframe comes
    // every half second. The first and last depend on when the job started
    // and stopped.
    if (i > 0 && i + 1 < files.size()) {
      const double d = duration(files[i]);
      BOOST_TEST(d >= 0.9, files[i] << " lasts " << d);
      BOOST_TEST(d <= 2.5, files[i] << " lasts " << d);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_admin_starts_and_stops_recording) {
  ScratchDir dir;
  const fs::path rec = dir / "rec";
  fs::create_directory(rec);
  StandaloneJob job(dir, args(rec, {"start-recording=false"}));
  // Fed, happy, and not recording.
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           return contains(job.output(), "mood: happy") &&
                                  job.ui("status") == "stopped";
                         },
                         20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(recordings(rec).empty());

  job.command("invoke start-recording show-%Y");
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           const auto files = recordings(rec);
                           return files.size() == 1 && fs::file_size(files[0]) > 20000;
                         },
                         20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(recordings(rec)[0].filename().string().rfind("show-20", 0) == 0u);
  // Seen recording first: the UI state from before the start also says
  // "false" and "stopped", which the wait below would take for the stop.
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("recording") == "true"; }, 10s),
                     FLU_LATER(job.output()));
  job.command("invoke stop-recording");
  // The file closes first ("recording" false), then the state is "stopped".
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] { return job.ui("recording") == "false" && job.ui("status") == "stopped"; },
          10s),
      FLU_LATER(job.output()));
  const auto size = fs::file_size(recordings(rec)[0]);
  std::this_thread::sleep_for(1s); // an interval in which nothing may be written
  BOOST_TEST(fs::file_size(recordings(rec)[0]) == size);
  BOOST_TEST(recordings(rec).size() == 1u);
  check_whole(recordings(rec)[0]);
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(a_scheduled_recording_starts_and_stops_on_time) {
  ScratchDir dir;
  const fs::path rec = dir / "rec";
  fs::create_directory(rec);
  const std::time_t start = std::time(nullptr) + 4, end = start + 3;
  dir.write("schedule.ics", flu::test::one_event_calendar(
                                "rec-1@flu.test", "scheduled-%H%M%S", start, end));
  StandaloneJob job(dir, args(rec, {"ical-schedule=" + (dir / "schedule.ics").string()}));
  // Nothing before the start. The clock is read after the directory, so a
  // file made on time is never taken for an early one.
  bool early = false;
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           const bool any = !recordings(rec).empty();
                           const bool before = std::time(nullptr) < start;
                           early = any && before;
                           return early || !before;
                         },
                         20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(!early, "recording before the event");
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return job.ui("status").starts_with("recording "); }, 10s),
      FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(!recordings(rec).empty());
  // The file is named from the summary at the event's start.
  std::tm tm{};
  localtime_r(&start, &tm);
  char name[64];
  std::strftime(name, sizeof name, "scheduled-%H%M%S.webm", &tm);
  BOOST_TEST(recordings(rec)[0].filename().string() == name);
  // It stops by itself once the event ends.
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("status") == "stopped"; }, 20s),
                     FLU_LATER(job.output()));
  const std::time_t stopped_seen = std::time(nullptr);
  BOOST_TEST(stopped_seen >= end);
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(recordings(rec).size() == 1u);
  check_whole(recordings(rec)[0]);
  const double d = duration(recordings(rec)[0]);
  BOOST_TEST(d >= 1.5, "a 3 s event recorded " << d << " s");
  BOOST_TEST(d <= 4.5, "a 3 s event recorded " << d << " s");
}

BOOST_AUTO_TEST_CASE(a_read_only_directory_interrupts_and_recording_resumes) {
  BOOST_TEST_REQUIRE(drop_dac_override(), "cannot make root obey file modes");
  ScratchDir dir;
  const fs::path rec = dir / "rec";
  fs::create_directory(rec);
  StandaloneJob job(dir, args(rec, {"rotate-type=time", "time=1"}));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return recordings(rec).size() >= 2; }, 60s),
                     FLU_LATER(job.output()));

  fs::permissions(rec, fs::perms::owner_read | fs::perms::owner_exec);
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           return contains(job.output(),
                                           "Recording interrupted: cannot create " +
                                               rec.string());
                         },
                         20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "Permission denied"), FLU_LATER(job.output()));
  // What was recorded before stays as it was.
  const auto before = written_before(rec, fs::file_time_type::clock::now());
  BOOST_TEST(job.wait_until([&] { return job.ui("recording") == "false"; }, 5s));

  fs::permissions(rec, fs::perms::owner_all);
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.output(), "Recording again, to "); }, 20s),
      FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return recordings(rec).size() >= before.size() + 2; }, 20s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  for (const auto &[f, size] : before) {
    BOOST_TEST(fs::file_size(f) == size, f);
    check_whole(f);
  }
  for (const auto &f : recordings(rec))
    check_whole(f);
}

// The directory is moved away mid-recording (as by an operator's `mv`, or a
// disk unmounted): the file under way is closed whole where it now lies, a
// message names the directory and the reason, and recording resumes once
// the directory is there again.
BOOST_AUTO_TEST_CASE(a_vanished_directory_interrupts_and_recording_resumes) {
  ScratchDir dir;
  const fs::path rec = dir / "rec";
  const fs::path moved = dir / "moved";
  fs::create_directory(rec);
  StandaloneJob job(dir, args(rec, {"rotate-type=time", "time=1"}));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return recordings(rec).size() >= 2; }, 60s),
                     FLU_LATER(job.output()));
  fs::rename(rec, moved);
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] {
            return contains(job.output(), "Recording interrupted: the directory " +
                                              rec.string() + " is gone") ||
                   contains(job.output(),
                            "Recording interrupted: cannot record into " + rec.string());
          },
          20s),
      FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "No such file or directory"),
             FLU_LATER(job.output()));
  BOOST_TEST(job.wait_until([&] { return job.ui("recording") == "false"; }, 5s),
             FLU_LATER(job.output()));
  // Nothing more goes into the moved files: the one under way was closed.
  const auto before = written_before(moved, fs::file_time_type::clock::now());
  BOOST_TEST_REQUIRE(before.size() >= 2u);

  fs::create_directory(rec);
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.output(), "Recording again, to "); }, 20s),
      FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return recordings(rec).size() >= 2; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  for (const auto &[f, size] : before) {
    BOOST_TEST(fs::file_size(f) == size, f);
    check_whole(f);
  }
  for (const auto &f : recordings(rec))
    check_whole(f);
}

BOOST_AUTO_TEST_CASE(a_full_disk_interrupts_and_recording_resumes) {
  // A small tmpfs of our own: mounting needs a mount namespace we may make.
  if (unshare(CLONE_NEWNS) != 0 ||
      mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    BOOST_TEST_MESSAGE("skipped: cannot make a mount namespace (not root)");
    return;
  }
  ScratchDir dir;
  const fs::path rec = dir / "rec";
  fs::create_directory(rec);
  BOOST_TEST_REQUIRE(mount("tmpfs", rec.c_str(), "tmpfs", 0, "size=400k") == 0);
  struct Unmount {
    fs::path p;
    ~Unmount() { umount2(p.c_str(), MNT_DETACH); }
  } unmount{rec};
  // Most of the disk taken by something else.
  {
    std::ofstream filler(rec / "filler", std::ios::binary);
    filler << std::string(300 * 1024, 'x');
  }
  StandaloneJob job(dir, args(rec, {"rotate-type=size", "size=100000"}));
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.output(), "No space left on device"); },
                     60s),
      FLU_LATER(job.output()));
  BOOST_TEST(
      contains(job.output(), "Recording interrupted: cannot write to " + rec.string()),
      FLU_LATER(job.output()));
  // The files written until then; a retry made later changes nothing in them.
  const auto before = written_before(rec, fs::file_time_type::clock::now());
  BOOST_TEST_REQUIRE(!before.empty());

  fs::remove(rec / "filler");
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.output(), "Recording again, to "); }, 20s),
      FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return recordings(rec).size() >= before.size() + 2; }, 20s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  // The file the disk filled up was cut back to whole pieces: it decodes too.
  for (const auto &[f, size] : before) {
    BOOST_TEST(fs::file_size(f) == size, f);
    check_whole(f);
  }
}

BOOST_AUTO_TEST_CASE(refuses_a_wrong_rotation) {
  expect_refused({"--type", "disk-consumer", "--eater", "default=" + webm_feed,
                  "--property", "directory=/tmp", "--property", "rotate-type=daily"},
                 "rotate-type must be 'size', 'time' or 'none', not 'daily'");
  expect_refused({"--type", "disk-consumer", "--eater", "default=" + webm_feed,
                  "--property", "directory=/tmp", "--property", "rotate-type=size"},
                 "rotate-type 'size' needs the property 'size'");
  expect_refused({"--type", "disk-consumer", "--eater", "default=" + webm_feed,
                  "--property", "directory=/tmp", "--property",
                  "ical-schedule=/nonexistent/schedule.ics"},
                 "/nonexistent/schedule.ics");
}
