// video-converter in a real flu-job: scales (with its width correction),
// changes the frame rate, changes the pixel aspect ratio keeping the
// picture's shape, deinterlaces what is marked interlaced, and an
// operator's colour balance changes the luma of the frames a viewer
// decodes.
#define BOOST_TEST_MODULE video_converter
#include "../codec_check.hpp"
#include "../gdp_feed.hpp"
#include "../interlaced_file.hpp"

#include <cstdlib>
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

// A really interlaced file (white top field, black bottom field) through
// the converter: with the default method (ffmpeg: libavcodec's vertical
// filter) and with yadif every frame is the white picture (the top field:
// one frame per frame in, not one per field) and none combs;
// avdeinterlace's unwritten first frame would fail this.
BOOST_AUTO_TEST_CASE(deinterlaced_frames_are_the_picture) {
  ScratchDir dir;
  const std::string file = make_interlaced_file(dir);
  struct Case {
    std::string method;
    size_t first_checked; // yadif passes the first frame woven (docs/inputs.md)
  };
  for (const Case &c : {Case{"ffmpeg", 0}, Case{"yadif", 1}}) {
    const std::string out = dir / (c.method + ".mkv");
    ScratchDir run_dir;
    StandaloneJob job(
        run_dir, {"--type", "video-converter", "--eater",
                  "default=filesrc location=" + file +
                      " ! matroskademux ! h264parse ! avdec_h264 ! gdppay ! gdpdepay",
                  "--feeder", "default=matroskamux ! filesink location=" + out,
                  "--property", "deinterlace-method=" + c.method});
    BOOST_TEST_REQUIRE(job.wait_until([&] { return rows(out).size() >= 20u; }, 20s),
                       FLU_LATER(job.output()));
    job.stop();
    const auto frames = rows(out);
    for (size_t i = c.first_checked; i < frames.size(); ++i) {
      BOOST_TEST(frames[i].combing < 10.0,
                 c.method << ": frame " << i << " combs, " << frames[i].combing);
      BOOST_TEST(frames[i].luma > 180.0, c.method << ": frame " << i
                                                  << " is not the picture, mean luma "
                                                  << frames[i].luma);
    }
  }
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

namespace {

// SMPTE bars of `width`x`height` I420 with pixels of `par`, live, as a feed.
std::string bars(int width, int height, const std::string &par) {
  return "videotestsrc is-live=true pattern=smpte ! video/x-raw,format=I420,width=" +
         std::to_string(width) + ",height=" + std::to_string(height) +
         ",framerate=25/1,pixel-aspect-ratio=" + par + " ! gdppay ! gdpdepay";
}

// The luma (Y plane) of one picture of those bars, as videotestsrc paints it.
std::string bars_luma(const ScratchDir &dir, int width, int height) {
  const std::string file = dir / "bars.i420";
  run("gst-launch-1.0 -q videotestsrc num-buffers=1 pattern=smpte ! "
      "video/x-raw,format=I420,width=" +
      std::to_string(width) + ",height=" + std::to_string(height) +
      " ! filesink location=" + file);
  return read_file(file).substr(0, size_t(width) * height);
}

struct Converted {
  std::string caps; // of the last picture fed
  std::string luma; // its Y plane
};

// What the converter feeds when fed `eater` with `properties`: the caps of
// the last picture and its luma (width x height bytes: both sizes used here
// are multiples of 4, so the rows have no padding).
Converted convert(const std::string &eater, const std::vector<std::string> &properties,
                  size_t luma_bytes) {
  ScratchDir dir;
  const std::string file = dir / "feed.gdp";
  std::vector<std::string> args = {
      "--type",   "video-converter",
      "--eater",  "default=" + eater,
      "--feeder", "default=gdppay ! filesink buffer-mode=2 location=" + file};
  for (const auto &p : properties)
    args.insert(args.end(), {"--property", p});
  run_until(dir, args, [&] {
    std::error_code ec;
    return std::filesystem::file_size(file, ec) > 10 * luma_bytes && !ec;
  });
  const Feed feed = read_gdp_feed(file, luma_bytes);
  BOOST_TEST_REQUIRE(!feed.buffers.empty());
  return {feed.buffers.back().caps, feed.buffers.back().head};
}

// How far, on average, each converted pixel's luma is from the source pixel
// it stands for when the picture is stretched back to the source's width
// (nearest pixel): small when the whole picture was scaled (the converter's
// 4.4-4.6; videoscale alone 1.4), large when it was cropped (9-14) or
// letterboxed (12).
double distance(const std::string &out, int out_width, const std::string &source,
                int source_width, int height) {
  BOOST_TEST_REQUIRE(out.size() == size_t(out_width) * height);
  BOOST_TEST_REQUIRE(source.size() == size_t(source_width) * height);
  double sum = 0;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < out_width; ++x) {
      const int sx = (2 * x + 1) * source_width / (2 * out_width);
      sum += std::abs(int(uint8_t(out[size_t(y) * out_width + x])) -
                      int(uint8_t(source[size_t(y) * source_width + sx])));
    }
  return sum / (double(out_width) * height);
}

// `out` is `width` x `height` at `par` and shows the source's bars
// (`source_width` x `height`) scaled across its whole width.
void expect_scaled_bars(const Converted &out, int width, int height,
                        const std::string &par, int source_width) {
  ScratchDir dir;
  BOOST_TEST(contains(out.caps, "width=(int)" + std::to_string(width)), out.caps);
  BOOST_TEST(contains(out.caps, "height=(int)" + std::to_string(height)), out.caps);
  BOOST_TEST(contains(out.caps, "pixel-aspect-ratio=(fraction)" + par), out.caps);
  const double d = distance(out.luma, width, bars_luma(dir, source_width, height),
                            source_width, height);
  BOOST_TEST_MESSAGE("mean luma distance to the source " << d);
  BOOST_TEST(d < 7, "the converted bars are not the source's scaled: " << d);
}

} // namespace

// Pixels of 16/15 asked of square ones: the picture keeps its height and
// its shape (4:3 shown), so it is 300 pixels wide, the bars scaled across
// the whole width.
BOOST_AUTO_TEST_CASE(pixel_aspect_ratio_asked_scales_the_picture_to_keep_its_shape) {
  expect_scaled_bars(
      convert(bars(320, 240, "1/1"), {"pixel-aspect-ratio=16/15"}, 300 * 240), 300, 240,
      "16/15", 320);
}

// A source of non-square pixels (300x240 at 16/15, 4:3 shown) made square:
// 320x240 at 1/1, the same bars.
BOOST_AUTO_TEST_CASE(is_square_squares_a_source_of_non_square_pixels) {
  expect_scaled_bars(convert(bars(300, 240, "16/15"), {"is-square=true"}, 320 * 240), 320,
                     240, "1/1", 300);
}

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
