// Module tests run the real module in a real `flu-job --standalone` process,
// with gst-launch fragments standing in for the host's eaters and feeders,
// and check what comes out with real clients (gst-discoverer-1.0, ffprobe).
//
// Each test's CMake defines FLU_JOB and FLU_MODULE (the paths of flu-job and
// of the module under test).
#pragma once

#include "later.hpp"
#include "temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace flu::modules::test {

using namespace std::chrono_literals;

// A fresh directory for one test, removed afterwards.
using ScratchDir = flu::test::TempDir;

inline std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

// Runs a short command through the shell and returns its standard output.
inline std::string run(const std::string &command) {
  FILE *pipe = popen(("timeout 30 " + command + " 2>/dev/null").c_str(), "r");
  if (!pipe)
    throw std::runtime_error("cannot run " + command);
  std::string out;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe))
    out.append(buffer, n);
  pclose(pipe);
  return out;
}

// The module under test in `flu-job --standalone --module FLU_MODULE`.
class StandaloneJob {
public:
  // `args` follow the module: --type, --property, --eater, --feeder...
  StandaloneJob(const ScratchDir &dir, std::vector<std::string> args)
      : log_(dir / "job.log") {
    args.insert(args.begin(), {FLU_JOB, "--standalone", "--module", FLU_MODULE});
    std::signal(SIGPIPE, SIG_IGN); // a job that ended makes command() fail, not us
    int commands[2];
    if (pipe2(commands, O_CLOEXEC) != 0)
      throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0)
      throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      const int fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      dup2(commands[0], STDIN_FILENO);
      std::vector<char *> argv;
      for (auto &arg : args)
        argv.push_back(arg.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    close(commands[0]);
    commands_ = commands[1];
  }

  ~StandaloneJob() {
    if (commands_ >= 0)
      close(commands_);
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  StandaloneJob(const StandaloneJob &) = delete;
  StandaloneJob &operator=(const StandaloneJob &) = delete;

  // Polls `ready` until it holds (true), or the job ends or `timeout` passes
  // (false).
  bool wait_until(const std::function<bool()> &ready, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (ready())
        return true;
      if (exited())
        return ready();
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  // Waits for the job to end by itself; its exit code, or -1 on timeout.
  int wait_exit(std::chrono::milliseconds timeout) {
    wait_until([this] { return exited(); }, timeout);
    return exited() ? code_ : -1;
  }

  // Asks the job to stop (SIGTERM, as a worker would) and returns its exit code.
  int stop() {
    if (!exited())
      kill(pid_, SIGTERM);
    return wait_exit(10s);
  }

  // Everything the job printed: moods, notes, UI state, log lines; and how it
  // ended, once it has, so a failure report says whether it crashed.
  std::string output() const {
    std::string out = read_file(log_);
    if (code_ > 128)
      out += "\n[the job was killed by signal " + std::to_string(code_ - 128) + "]";
    else if (code_ >= 0)
      out += "\n[the job exited with code " + std::to_string(code_) + "]";
    return out;
  }

  // One line on the job's standard input: "invoke METHOD ARGS", "expire ID".
  void command(const std::string &line) {
    const std::string text = line + "\n";
    if (write(commands_, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
      throw std::runtime_error("cannot send '" + line + "' to the job");
  }

  // The last value the job printed for a UI state entry ("ui: KEY=VALUE"),
  // or "" when it printed none.
  std::string ui(const std::string &key) const {
    const std::string out = output();
    const std::string tag = "ui: " + key + "=";
    const auto at = out.rfind(tag);
    if (at == std::string::npos || (at > 0 && out[at - 1] != '\n'))
      return {};
    const auto begin = at + tag.size();
    return out.substr(begin, out.find('\n', begin) - begin);
  }

  // The mood the job printed last ("hungry" from "mood: hungry"), or "".
  std::string mood() const {
    const std::string out = output();
    const auto at = out.rfind("\nmood: ");
    if (at == std::string::npos)
      return {};
    const auto begin = at + 7;
    return out.substr(begin, out.find('\n', begin) - begin);
  }

private:
  bool exited() {
    if (pid_ <= 0)
      return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) != pid_)
      return false;
    pid_ = 0;
    code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
  }

  std::string log_;
  int commands_ = -1; // the job's standard input
  pid_t pid_ = 0;
  int code_ = -1;
};

// Runs a job whose configuration is wrong: it must end by itself, sad, with a
// message containing `wording`.
inline void expect_refused(std::vector<std::string> args, const std::string &wording) {
  ScratchDir dir;
  StandaloneJob job(dir, std::move(args));
  // A bound, not a wait: the job usually ends within a second, but a
  // sanitized job on a busy machine has taken more than 10 s.
  const int code = job.wait_exit(30s);
  const std::string out = job.output();
  BOOST_TEST(code == 2, out);
  BOOST_TEST(contains(out, "mood: sad"), out);
  BOOST_TEST(contains(out, wording), out);
}

// Runs a job until `ready` holds, then stops it; it must have run happily.
inline void run_until(const ScratchDir &dir, std::vector<std::string> args,
                      const std::function<bool()> &ready) {
  StandaloneJob job(dir, std::move(args));
  BOOST_TEST_REQUIRE(job.wait_until(ready, 20s), FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
}

// Eater fragments that imitate the host's eaters: a live feed through GDP.
inline std::string raw_video_feed(const std::string &pattern = "ball") {
  return "videotestsrc is-live=true pattern=" + pattern +
         " ! video/x-raw,width=320,height=240,framerate=30/1 ! gdppay ! gdpdepay";
}
inline const std::string raw_audio_feed =
    "audiotestsrc is-live=true ! audio/x-raw,rate=44100,channels=2 ! gdppay ! gdpdepay";

// A component of `type` fed raw_audio_feed (or run with `args`: its eaters
// and properties, fed that tone) shows the tone in its level meter (UI
// state): audiotestsrc's default is a sine at 0.8, its peak about -2 dBFS
// (not -200, the meter's silence; a component that changes the volume
// gives the range its peak must fall in), and an RMS.
inline void expect_level_meter_shows_the_tone(const std::string &type,
                                              std::vector<std::string> args = {},
                                              double min_peak = -4.0,
                                              double max_peak = 0.0) {
  ScratchDir dir;
  if (args.empty())
    args = {"--eater", "default=" + raw_audio_feed};
  args.insert(args.begin(), {"--type", type});
  StandaloneJob job(dir, args);
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return !job.ui("level:default:peak").empty(); }, 20s),
      FLU_LATER(job.output()));
  const std::string peak = job.ui("level:default:peak");
  const double first = std::strtod(peak.c_str(), nullptr);
  BOOST_TEST(first > min_peak, peak);
  BOOST_TEST(first < max_peak, peak);
  BOOST_TEST(!job.ui("level:default:rms").empty());
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

// Pictures of a known size: 160x120 I420 at 25 fps, 28800 bytes each.
inline std::string small_video_feed(const std::string &pattern = "ball") {
  return "videotestsrc is-live=true pattern=" + pattern +
         " ! video/x-raw,format=I420,width=160,height=120,framerate=25/1 ! gdppay ! "
         "gdpdepay";
}

// A component of `type` run with `args` (its eaters and properties) that
// feeds small_video_feed's pictures publishes no level meter: once its feed
// (raw, written to a file) holds two seconds of them, in which a meter would
// have published ten times, there is no level:default entry.
inline void expect_no_level_meter_on_video(const std::string &type,
                                           std::vector<std::string> args) {
  ScratchDir dir;
  const std::string file = dir / "feed.gdp";
  args.insert(args.begin(), {"--type", type});
  args.insert(args.end(),
              {"--feeder", "default=gdppay ! filesink buffer-mode=2 location=" + file});
  StandaloneJob job(dir, args);
  const auto size = [&] {
    std::error_code ec;
    const auto n = std::filesystem::file_size(file, ec);
    return ec ? 0 : n;
  };
  BOOST_TEST_REQUIRE(job.wait_until([&] { return size() > 50 * 28800; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.ui("level:default:peak").empty(), FLU_LATER(job.output()));
  BOOST_TEST(job.ui("level:default:rms").empty());
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

// A feeder fragment that writes the feed through `muxer` into `file`.
inline std::string file_feeder(const std::string &muxer, const std::string &file) {
  return "default=" + muxer + " ! filesink sync=false buffer-mode=2 location=" + file;
}

// One value of `ffprobe -show_entries stream=...` for the first stream of a
// kind ("v" or "a"), e.g. probe(file, "v", "codec_name") == "vp8".
inline std::string probe(const std::string &file, const std::string &kind,
                         const std::string &entry) {
  std::string out = run("ffprobe -v error -select_streams " + kind +
                        ":0 -show_entries stream=" + entry +
                        " -of default=noprint_wrappers=1:nokey=1 " + file);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
    out.pop_back();
  return out;
}

// The keyframe flag of each video packet in `file`, in order.
inline std::vector<bool> keyframes(const std::string &file) {
  std::istringstream lines(run("ffprobe -v error -select_streams v:0 -show_entries "
                               "packet=flags -of csv=p=0 " +
                               file));
  std::vector<bool> out;
  for (std::string line; std::getline(lines, line);)
    if (!line.empty())
      out.push_back(line.front() == 'K');
  return out;
}

// The time (s) and size (bytes) of each video packet in `file`, in order.
struct Packet {
  double pts = 0;
  size_t size = 0;
};
inline std::vector<Packet> video_packets(const std::string &file) {
  std::istringstream lines(run("ffprobe -v error -select_streams v:0 -show_entries "
                               "packet=pts_time,size -of csv=p=0 " +
                               file));
  std::vector<Packet> out;
  for (std::string line; std::getline(lines, line);) {
    const auto comma = line.find(',');
    if (comma == std::string::npos || line.compare(0, comma, "N/A") == 0)
      continue;
    out.push_back({std::strtod(line.c_str(), nullptr),
                   size_t(std::strtoull(line.c_str() + comma + 1, nullptr, 10))});
  }
  return out;
}

// What an encoder's stream measured before and after a live `set-bitrate`.
struct RateChange {
  double before_bps = 0; // from 0.5 s after the start to the change
  double after_bps = 0;  // from 2 s after the change to the end
  std::string describe() const {
    return "before " + std::to_string(int64_t(before_bps)) + " bit/s, after " +
           std::to_string(int64_t(after_bps)) + " bit/s";
  }
};

// Runs the video encoder `type` at `from_bps` on a moving zone plate (hard
// enough that the encoder spends what it may), its feed written through
// `muxer` into `file`; after 2.5 s of stream asks `set-bitrate to_bps`, and
// encodes 5 s more (libvpx takes a second or two to settle on the new
// rate). The rates are the packets' bytes over their time span, read back
// by ffprobe: what a viewer gets, not the element's property.
inline RateChange measure_live_bitrate_change(const std::string &type,
                                              const std::string &muxer,
                                              const std::string &file, int64_t from_bps,
                                              int64_t to_bps) {
  ScratchDir dir;
  StandaloneJob job(dir, {"--type", type, "--eater",
                          "default=" + raw_video_feed("zone-plate kx2=20 ky2=20 kt=1"),
                          "--property", "bitrate=" + std::to_string(from_bps), "--feeder",
                          file_feeder(muxer, file)});
  constexpr size_t fps = 30; // raw_video_feed's
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return keyframes(file).size() >= 5 * fps / 2; }, 30s),
      FLU_LATER(job.output()));
  const std::string asked = std::to_string(to_bps);
  job.command("invoke set-bitrate " + asked);
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] { return contains(job.output(), "invoke: set-bitrate ok: " + asked); },
          10s),
      FLU_LATER(job.output()));
  // Packets written by now were encoded before the change, bar a few.
  const size_t changed = keyframes(file).size();
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return keyframes(file).size() >= changed + 5 * fps; }, 30s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  const auto packets = video_packets(file);
  BOOST_TEST_REQUIRE(packets.size() >= changed + 5 * fps);
  const auto rate = [&](size_t from, size_t to) {
    size_t bytes = 0;
    for (size_t i = from; i < to; ++i)
      bytes += packets[i].size;
    const double seconds = packets[to].pts - packets[from].pts;
    return seconds > 0 ? bytes * 8 / seconds : 0.0;
  };
  return {rate(fps / 2, changed - 5), rate(changed + 2 * fps, packets.size() - 1)};
}

} // namespace flu::modules::test
