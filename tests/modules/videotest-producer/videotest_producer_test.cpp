// videotest-producer in a real flu-job: its feed, written as YUV4MPEG by the
// feeder fragment, has the configured size, rate and pattern.
#define BOOST_TEST_MODULE videotest_producer
#include "../standalone_job.hpp"

#include <algorithm>

using namespace flu::modules::test;

namespace {

// The stream header line of a .y4m file and the luma plane of its first frame.
struct Y4m {
  std::string header;
  std::string luma;
};

// Runs the producer with `properties` until two frames of `width`x`height`
// are written, then stops it.
Y4m produce(const std::vector<std::string> &properties, int width, int height) {
  ScratchDir dir;
  const std::string file = dir / "feed.y4m";
  std::vector<std::string> args = {"--type", "videotest-producer", "--feeder",
                                   "default=y4menc ! filesink sync=false buffer-mode=2 "
                                   "location=" +
                                       file};
  for (const auto &p : properties)
    args.insert(args.end(), {"--property", p});
  StandaloneJob job(dir, args);
  const size_t frame = 6 + size_t(width) * height * 3 / 2; // "FRAME\n" + I420
  const bool written = job.wait_until(
      [&] {
        return std::filesystem::exists(file) &&
               std::filesystem::file_size(file) > 2 * frame;
      },
      10s);
  BOOST_TEST_REQUIRE(written, FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
  const std::string data = read_file(file);
  const auto eol = data.find('\n');
  BOOST_TEST_REQUIRE(eol != std::string::npos);
  Y4m out{data.substr(0, eol), {}};
  BOOST_TEST_REQUIRE(data.compare(eol + 1, 6, "FRAME\n") == 0);
  out.luma = data.substr(eol + 7, size_t(width) * height);
  return out;
}

bool all(const std::string &plane, unsigned char value) {
  return std::all_of(plane.begin(), plane.end(),
                     [value](char c) { return static_cast<unsigned char>(c) == value; });
}

} // namespace

BOOST_AUTO_TEST_CASE(defaults_are_320x240_at_30fps_i420) {
  const Y4m y4m = produce({}, 320, 240);
  BOOST_TEST(contains(y4m.header, " W320 H240 "), y4m.header);
  BOOST_TEST(contains(y4m.header, " F30:1 "), y4m.header);
  BOOST_TEST(contains(y4m.header, " C420"), y4m.header);
}

BOOST_AUTO_TEST_CASE(size_rate_and_flumotion_pattern_number) {
  // Flumotion stored the videotestsrc enum: 2 is black (luma 16).
  const Y4m y4m =
      produce({"width=160", "height=120", "framerate=15/1", "pattern=2"}, 160, 120);
  BOOST_TEST(contains(y4m.header, " W160 H120 "), y4m.header);
  BOOST_TEST(contains(y4m.header, " F15:1 "), y4m.header);
  BOOST_TEST(all(y4m.luma, 16));
}

BOOST_AUTO_TEST_CASE(pattern_names_in_any_case) {
  BOOST_TEST(all(produce({"pattern=WHITE"}, 320, 240).luma, 235));
}

BOOST_AUTO_TEST_CASE(overlay_timestamps_draws_on_the_picture) {
  const Y4m y4m = produce({"pattern=black", "overlay-timestamps=true"}, 320, 240);
  BOOST_TEST(!all(y4m.luma, 16));
}

BOOST_AUTO_TEST_CASE(refuses_unknown_pattern) {
  expect_refused({"--type", "videotest-producer", "--property", "pattern=plaid"},
                 "pattern 'plaid' is not a test pattern; use 0-25 or one of smpte");
  expect_refused({"--type", "videotest-producer", "--property", "pattern=26"},
                 "pattern '26' is not a test pattern");
}

BOOST_AUTO_TEST_CASE(refuses_bad_sizes_and_rates) {
  expect_refused({"--type", "videotest-producer", "--property", "width=0"},
                 "width must be between 1 and 16384, got 0");
  expect_refused({"--type", "videotest-producer", "--property", "framerate=0/1"},
                 "framerate must be positive, got 0/1");
}

BOOST_AUTO_TEST_CASE(flumotion_format_and_pixel_aspect_ratio) {
  // Flumotion's caps name for I420, and a non-square pixel in the header.
  const Y4m y4m = produce(
      {"format=video/x-raw-yuv", "pixel-aspect-ratio=2/1", "width=160", "height=120"},
      160, 120);
  BOOST_TEST(contains(y4m.header, " C420"), y4m.header);
  BOOST_TEST(contains(y4m.header, " A2:1"), y4m.header);
}

BOOST_AUTO_TEST_CASE(refuses_bad_format_and_drop_probability) {
  expect_refused(
      {"--type", "videotest-producer", "--property", "format=video/x-raw-argb"},
      "format 'video/x-raw-argb' is not a raw video format; use "
      "video/x-raw-yuv, video/x-raw-rgb, I420");
  expect_refused({"--type", "videotest-producer", "--property", "drop-probability=1.5"},
                 "drop-probability must be from 0 to 1, got 1.5");
}

BOOST_AUTO_TEST_CASE(drop_probability_one_drops_every_frame) {
  // Beside a job that drops nothing: once that one has written frames, the
  // dropping one, started first, has had the time to write some and has not.
  ScratchDir dropping_dir, keeping_dir;
  const std::string dropped = dropping_dir / "feed.y4m", kept = keeping_dir / "feed.y4m";
  auto job = [&](const std::string &file, const std::string &drop) {
    return std::vector<std::string>{
        "--type",
        "videotest-producer",
        "--property",
        "drop-probability=" + drop,
        "--feeder",
        "default=y4menc ! filesink sync=false buffer-mode=2 location=" + file};
  };
  StandaloneJob dropping(dropping_dir, job(dropped, "1"));
  StandaloneJob keeping(keeping_dir, job(kept, "0"));
  const size_t frame = 6 + 320 * 240 * 3 / 2;
  BOOST_TEST_REQUIRE(keeping.wait_until(
                         [&] {
                           return std::filesystem::exists(kept) &&
                                  std::filesystem::file_size(kept) > 10 * frame;
                         },
                         10s),
                     FLU_LATER(keeping.output()));
  BOOST_TEST(!contains(dropping.output(), "mood: sad"), FLU_LATER(dropping.output()));
  BOOST_TEST(
      (!std::filesystem::exists(dropped) || std::filesystem::file_size(dropped) < frame));
  BOOST_TEST(dropping.stop() == 0, FLU_LATER(dropping.output()));
  BOOST_TEST(keeping.stop() == 0, FLU_LATER(keeping.output()));
}
