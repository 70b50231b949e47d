// video-converter in a real flu-job: scales (with its width correction),
// changes the frame rate, deinterlaces what is marked interlaced, and an
// operator's colour balance changes the luma of the frames a viewer
// decodes.
#define BOOST_TEST_MODULE video_converter
#include "../codec_check.hpp"
#include "../gdp_feed.hpp"

#include <numeric>

using namespace flu::modules::test;

BOOST_AUTO_TEST_CASE(scales_and_changes_the_framerate) {
  ScratchDir dir;
  const std::string file = dir / "out.mkv";
  // 203 rounds down to 200 (width-correction 8).
  encode(dir, "video-converter", raw_video_feed(), "jpegenc ! matroskamux", file,
         {"width=203", "height=150", "framerate=10/1", "is-square=true"}, "v", 10);
  BOOST_TEST(probe(file, "v", "width") == "200");
  BOOST_TEST(probe(file, "v", "height") == "150");
  BOOST_TEST(probe(file, "v", "r_frame_rate") == "10/1");
  BOOST_TEST(decode_errors(file) == "");
}

namespace {

const std::string interlaced =
    "videotestsrc is-live=true pattern=ball ! "
    "video/x-raw,width=320,height=240,framerate=30/1 ! interlace field-pattern=1:1 ! "
    "gdppay ! gdpdepay";

// The caps the converter feeds, with `properties`.
std::string fed_caps(const std::vector<std::string> &properties) {
  ScratchDir dir;
  const std::string file = dir / "feed.gdp";
  std::vector<std::string> args = {
      "--type",   "video-converter",
      "--eater",  "default=" + interlaced,
      "--feeder", "default=gdppay ! filesink buffer-mode=2 location=" + file};
  for (const auto &p : properties)
    args.insert(args.end(), {"--property", p});
  run_until(dir, args, [&] {
    std::error_code ec;
    return std::filesystem::file_size(file, ec) > 500000 && !ec;
  });
  const Feed feed = read_gdp_feed(file);
  BOOST_TEST_REQUIRE(!feed.buffers.empty());
  return feed.buffers.back().caps;
}

} // namespace

BOOST_AUTO_TEST_CASE(deinterlaces_what_is_interlaced) {
  for (const std::string method : {"ffmpeg", "yadif"}) {
    const std::string caps = fed_caps({"deinterlace-method=" + method});
    BOOST_TEST(!contains(caps, "interleaved"), method << ": " << caps);
  }
  const std::string kept = fed_caps({"deinterlace-mode=disabled"});
  BOOST_TEST(contains(kept, "interlace-mode=(string)interleaved"), kept);
}

namespace {

// The mean luma of each frame ffmpeg decodes from `file`.
std::vector<double> frame_luma(const std::string &file, int width, int height) {
  const std::string gray =
      run("ffmpeg -nostdin -v error -i " + file + " -f rawvideo -pix_fmt gray -");
  std::vector<double> out;
  const size_t size = size_t(width) * height;
  for (size_t at = 0; at + size <= gray.size(); at += size) {
    const auto *p = reinterpret_cast<const uint8_t *>(gray.data() + at);
    out.push_back(std::accumulate(p, p + size, 0.0) / size);
  }
  return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(colour_balance_changes_live) {
  ScratchDir dir;
  const std::string file = dir / "out.mkv";
  StandaloneJob job(dir, {"--type", "video-converter", "--eater",
                          "default=" + raw_video_feed("smpte"), "--feeder",
                          file_feeder("videoconvert ! jpegenc ! matroskamux", file)});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return packets(file, "v") >= 10; }, 20s),
                     FLU_LATER(job.output()));
  // The effects' starting values reach the UI state on its next report.
  BOOST_TEST(
      job.wait_until(
          [&] { return job.ui("brightness") == "0" && job.ui("saturation") == "1"; },
          10s),
      FLU_LATER(job.output()));
  job.command("invoke set-brightness -0.3");
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] { return contains(job.output(), "invoke: set-brightness ok: -0.3"); }, 10s),
      FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("brightness") == "-0.3"; }, 10s),
                     FLU_LATER(job.output()));
  const size_t darker_from = packets(file, "v");
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return packets(file, "v") >= darker_from + 10; }, 20s),
      FLU_LATER(job.output()));
  job.command("invoke set-contrast 3");
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] {
            return contains(
                job.output(),
                "invoke: set-contrast failed: contrast must be between 0 and 2");
          },
          10s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));

  // The bars' mean luma drops by about 0.3 of full scale (clipped at black).
  const auto luma = frame_luma(file, 320, 240);
  BOOST_TEST_REQUIRE(luma.size() >= 20u);
  const double before = luma.front();
  const double after = luma.back();
  BOOST_TEST(before - after > 45, "before " << before << ", after " << after);
  BOOST_TEST(before - after < 80, "before " << before << ", after " << after);
}

BOOST_AUTO_TEST_CASE(refuses_bad_values) {
  expect_refused({"--type", "video-converter", "--eater", "default=" + raw_video_feed(),
                  "--property", "deinterlace-mode=sometimes"},
                 "'sometimes' is not a valid deinterlace-mode; use one of auto");
  expect_refused({"--type", "video-converter", "--eater", "default=" + raw_video_feed(),
                  "--property", "deinterlace-method=magic"},
                 "'magic' is not a valid deinterlace-method");
  expect_refused({"--type", "video-converter", "--eater", "default=" + raw_video_feed(),
                  "--property", "width=5"},
                 "width 5 rounds down to 0 with width-correction 8");
  expect_refused({"--type", "video-converter", "--eater", "default=" + raw_video_feed(),
                  "--property", "brightness=2"},
                 "brightness must be between -1 and 1, got 2");
}
