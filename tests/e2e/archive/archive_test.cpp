// Archiving beside serving: one planet whose WebM muxer is eaten by a
// disk-consumer and by an http-streamer. The disk-consumer's directory is
// made read-only, or removed, while it records and a viewer streams: the
// disk-consumer says so in a message naming the directory and the reason,
// the viewer's stream keeps flowing the whole time (its bytes keep growing,
// and what it saved decodes from start to end with no hole in its
// timeline), and recording resumes once the directory takes files again,
// the files written before it failed as they were.
#define BOOST_TEST_MODULE archive
#include "../flows/flow_fixture.hpp"
#include "../inputs/timeline.hpp"
#include "wait.hpp"

#include <linux/capability.h>
#include <sys/prctl.h>

#include <algorithm>
#include <map>

using namespace flu::test;
namespace fs = std::filesystem;

namespace {

std::string planet_xml() {
  return R"(<?xml version="1.0"?>
<planet name="archive">
  <flow name="default">
    <component name="video" type="videotest-producer" worker="local">
      <property name="width">160</property>
      <property name="height">120</property>
      <property name="framerate">15/1</property>
      <property name="pattern">snow</property>
    </component>
    <component name="encoder" type="vp8-encoder" worker="local">
      <eater name="default"><feed>video</feed></eater>
      <property name="keyframe-distance">8</property>
      <property name="bitrate">300000</property>
    </component>
    <component name="muxer" type="webm-muxer" worker="local">
      <eater name="default"><feed>encoder</feed></eater>
    </component>
    <component name="disk" type="disk-consumer" worker="local">
      <eater name="default"><feed>muxer</feed></eater>
      <property name="directory">@REC_DIR@</property>
      <property name="rotate-type">time</property>
      <property name="time">1</property>
    </component>
    <component name="http" type="http-streamer" worker="local">
      <eater name="default"><feed>muxer</feed></eater>
      <property name="port">8800</property>
      <property name="mount-point">/live.webm</property>
      <property name="burst-on-connect">true</property>
    </component>
  </flow>
</planet>
)";
}

bool has_note(RunningPlanet &planet, const std::string &id, const std::string &part) {
  for (const auto &note : planet.component(id).notes)
    if (note.find(part) != std::string::npos)
      return true;
  return false;
}

// The first note of `id` holding every one of `parts`, or "".
std::string note_with(RunningPlanet &planet, const std::string &id,
                      const std::vector<std::string> &parts) {
  for (const auto &note : planet.component(id).notes)
    if (std::all_of(parts.begin(), parts.end(), [&](const std::string &p) {
          return note.find(p) != std::string::npos;
        }))
      return note;
  return "";
}

std::string all_notes(RunningPlanet &planet) {
  std::string out;
  for (const auto &row : planet.components()) {
    out += row.id + " " + row.mood + "\n";
    for (const auto &note : row.notes)
      out += "    " + note + "\n";
  }
  return out;
}

// The recordings in `dir`, oldest first.
std::vector<fs::path> recordings(const fs::path &dir) {
  std::vector<std::pair<fs::file_time_type, fs::path>> found;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(dir, ec)) {
    std::error_code ignored;
    if (e.is_regular_file(ignored) && e.path().extension() == ".webm")
      found.emplace_back(fs::last_write_time(e.path(), ignored), e.path());
  }
  std::sort(found.begin(), found.end());
  std::vector<fs::path> out;
  for (auto &f : found)
    out.push_back(f.second);
  return out;
}

std::map<fs::path, uintmax_t> sizes(const std::vector<fs::path> &files) {
  std::map<fs::path, uintmax_t> out;
  for (const auto &f : files)
    out[f] = fs::file_size(f);
  return out;
}

// ffmpeg's complaints decoding `file` from its first byte to its last.
std::string decode_errors(const fs::path &file) {
  return run({"/usr/bin/ffmpeg", "-nostdin", "-v", "error", "-i", file.string(), "-f",
              "null", "-"},
             60s)
      .err;
}

// A recording plays from start to end: it decodes without an error and
// its video's time only grows.
void check_whole(const fs::path &file) {
  BOOST_TEST(decode_errors(file).empty(), file << ": " << decode_errors(file));
  const Timeline t = timeline(file, "v:0");
  BOOST_TEST(!t.pts.empty(), file << " holds no video");
  BOOST_TEST(t.growing(), file << ": " << t.describe());
}

// Root writes where the mode bits say no, unless CAP_DAC_OVERRIDE is out
// of the bounding set: then the manager, worker and jobs this process
// starts obey them. This process keeps it (it only touches its own files).
bool drop_dac_override() {
  return geteuid() != 0 || prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) == 0;
}

// A viewer of the planet's stream, saving what it gets, until finished.
class Viewer {
public:
  Viewer(const fs::path &file, uint16_t port)
      : file_(file),
        curl_({"/usr/bin/curl", "-s", "-N", "--max-time", "180", "-o", file.string(),
               "http://127.0.0.1:" + std::to_string(port) + "/live.webm"}),
        started_(std::chrono::steady_clock::now()) {}

  uintmax_t bytes() const {
    std::error_code ec;
    const auto n = fs::file_size(file_, ec);
    return ec ? 0 : n;
  }
  // Whether at least `more` bytes arrive within `timeout`.
  bool gets(uintmax_t more, std::chrono::milliseconds timeout) const {
    const auto from = bytes();
    return poll_until([&] { return bytes() >= from + more; }, timeout, 50ms);
  }
  bool streaming() { return curl_.running(); }
  // Stops it; returns how many seconds it watched.
  double finish() {
    const double watched =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_)
            .count();
    curl_.stop(2s);
    return watched;
  }
  const fs::path &file() const { return file_; }

private:
  fs::path file_;
  Process curl_;
  std::chrono::steady_clock::time_point started_;
};

// What the viewer saved plays from start to end: no error but the end cut
// short (it was stopped mid-stream), and a timeline with no hole: every
// step under a second, spanning the time it watched (less the wait for the
// first keyframe and what was still in flight).
void check_viewer(const fs::path &file, double watched) {
  std::istringstream lines(decode_errors(file));
  for (std::string line; std::getline(lines, line);)
    if (line.find("File ended prematurely") == std::string::npos)
      BOOST_TEST(line.empty(), file << ": " << line);
  const Timeline t = timeline(file, "v:0");
  BOOST_TEST(t.growing(), t.describe());
  BOOST_TEST(t.max_step() < 1.0, t.describe());
  BOOST_TEST(t.span() >= watched - 3.0,
             "watched " << watched << " s, got " << t.describe());
}

// The planet recording into `rec` and serving, with a viewer on it.
struct Recording {
  TempDir dir{"flu-archive"};
  fs::path rec = dir / "rec";
  std::unique_ptr<RunningPlanet> planet;

  Recording() {
    fs::create_directory(rec);
    planet = std::make_unique<RunningPlanet>(
        "archive.xml", planet_xml(), std::vector<std::string>{},
        RunningPlanet::Options{.launcher = {},
                               .substitutions = {{"@REC_DIR@", rec.string()}}});
    planet->start_worker("local");
    BOOST_TEST_REQUIRE(planet->all_in_mood("happy", 60s), FLU_LATER(planet->logs()));
    BOOST_TEST_REQUIRE(poll_until([&] { return recordings(rec).size() >= 2; }, 60s),
                       FLU_LATER(all_notes(*planet)));
  }
};

} // namespace

BOOST_AUTO_TEST_CASE(a_read_only_directory_leaves_the_viewers_stream_flowing) {
  BOOST_TEST_REQUIRE(drop_dac_override(), "cannot make root obey file modes");
  Recording r;
  RunningPlanet &planet = *r.planet;
  Viewer viewer(r.dir / "viewer.webm", planet.http_port());
  BOOST_TEST_REQUIRE(viewer.gets(20000, 20s), "the viewer got nothing");

  fs::permissions(r.rec, fs::perms::owner_read | fs::perms::owner_exec);
  std::string note;
  BOOST_TEST_REQUIRE(poll_until(
                         [&] {
                           note = note_with(planet, "/default/disk",
                                            {"Recording interrupted: cannot create " +
                                                 r.rec.string() + "/",
                                             "Permission denied"});
                           return !note.empty();
                         },
                         30s, 100ms),
                     FLU_LATER(all_notes(planet)));
  BOOST_TEST_MESSAGE("the disk-consumer says: " << note);
  const auto before = sizes(recordings(r.rec));
  BOOST_TEST_REQUIRE(before.size() >= 2u);
  // It cannot record, and says so; the viewer beside it still streams.
  BOOST_TEST(viewer.gets(20000, 15s), "the viewer's stream stopped");
  BOOST_TEST(planet.component("/default/disk").mood == "happy");
  BOOST_TEST(planet.component("/default/http").mood == "happy");
  BOOST_TEST(sizes(recordings(r.rec)) == before, "written into a read-only directory");

  fs::permissions(r.rec, fs::perms::owner_all);
  BOOST_TEST_REQUIRE(
      poll_until(
          [&] { return has_note(planet, "/default/disk", "Recording again, to "); }, 30s,
          100ms),
      FLU_LATER(all_notes(planet)));
  BOOST_TEST_REQUIRE(
      poll_until([&] { return recordings(r.rec).size() >= before.size() + 2; }, 30s),
      FLU_LATER(all_notes(planet)));
  BOOST_TEST(viewer.gets(20000, 15s), "the viewer's stream stopped");
  BOOST_TEST(viewer.streaming());
  check_viewer(viewer.file(), viewer.finish());

  // The earlier files are as they were, and whole; so are the new ones
  // (but the one still being written).
  for (const auto &[f, size] : before) {
    BOOST_TEST(fs::file_size(f) == size, f);
    check_whole(f);
  }
  const auto now = recordings(r.rec);
  for (size_t i = 0; i + 1 < now.size(); ++i)
    if (!before.count(now[i]))
      check_whole(now[i]);
  BOOST_TEST(planet.all_in_mood("happy", 5s));
}

BOOST_AUTO_TEST_CASE(a_removed_directory_leaves_the_viewers_stream_flowing) {
  Recording r;
  RunningPlanet &planet = *r.planet;
  Viewer viewer(r.dir / "viewer.webm", planet.http_port());
  BOOST_TEST_REQUIRE(viewer.gets(20000, 20s), "the viewer got nothing");

  fs::remove_all(r.rec);
  // Found at the next keyframe (the file under way lies in a directory that
  // is gone) or at the next file's creation, whichever comes first.
  std::string note;
  BOOST_TEST_REQUIRE(poll_until(
                         [&] {
                           note = note_with(planet, "/default/disk",
                                            {"Recording interrupted: ", r.rec.string(),
                                             "No such file or directory"});
                           return !note.empty();
                         },
                         30s, 100ms),
                     FLU_LATER(all_notes(planet)));
  BOOST_TEST_MESSAGE("the disk-consumer says: " << note);
  BOOST_TEST(viewer.gets(20000, 15s), "the viewer's stream stopped");
  BOOST_TEST(planet.component("/default/disk").mood == "happy");
  BOOST_TEST(planet.component("/default/http").mood == "happy");

  fs::create_directory(r.rec);
  BOOST_TEST_REQUIRE(
      poll_until(
          [&] { return has_note(planet, "/default/disk", "Recording again, to "); }, 30s,
          100ms),
      FLU_LATER(all_notes(planet)));
  BOOST_TEST_REQUIRE(poll_until([&] { return recordings(r.rec).size() >= 2; }, 30s),
                     FLU_LATER(all_notes(planet)));
  BOOST_TEST(viewer.gets(20000, 15s), "the viewer's stream stopped");
  BOOST_TEST(viewer.streaming());
  check_viewer(viewer.file(), viewer.finish());
  const auto now = recordings(r.rec);
  for (size_t i = 0; i + 1 < now.size(); ++i)
    check_whole(now[i]);
  BOOST_TEST(planet.all_in_mood("happy", 5s));
}
