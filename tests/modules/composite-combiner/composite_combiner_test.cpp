// composite-combiner in a real flu-job: three solid test pictures laid out
// on one, each found in its region of a decoded frame; moved, stacked and
// made translucent through invoke while the job runs.
#define BOOST_TEST_MODULE composite_combiner
#include "../standalone_job.hpp"

#include <array>

using namespace flu::modules::test;

namespace {

std::string input(const std::string &pattern) {
  return "videotestsrc is-live=true pattern=" + pattern +
         " ! video/x-raw,width=160,height=120,framerate=25/1 ! gdppay ! gdpdepay";
}

std::vector<std::string> composite(const std::string &file) {
  return {"--type",
          "composite-combiner",
          "--property",
          "width=320",
          "--property",
          "height=240",
          "--property",
          "input=position-left=0 position-top=0",
          "--property",
          "input=position-left=160 position-top=0",
          "--property",
          "input=position-left=0 position-top=120 z-order=3",
          "--eater",
          "default:0=" + input("red"),
          "--eater",
          "default:1=" + input("green"),
          "--eater",
          "default:2=" + input("blue"),
          "--feeder",
          file_feeder("videoconvert ! jpegenc ! matroskamux streamable=true", file)};
}

using Rgb = std::array<int, 3>;

// The last frame of `file`, shrunk to 32x24 (10 pixels of it to one).
std::string last_frame(const ScratchDir &dir, const std::string &file) {
  const std::string rgb = dir / "frames.rgb";
  run("ffmpeg -v error -nostdin -y -i " + file +
      " -vf scale=32:24 -f rawvideo -pix_fmt rgb24 " + rgb);
  const std::string all = read_file(rgb);
  const size_t frame = 32 * 24 * 3;
  BOOST_TEST_REQUIRE(all.size() >= frame);
  return all.substr((all.size() / frame - 1) * frame, frame);
}

// The colour at (x, y) of the 320x240 picture.
Rgb at(const std::string &frame, int x, int y) {
  const size_t i = ((y / 10) * 32 + x / 10) * 3;
  return {static_cast<unsigned char>(frame[i]), static_cast<unsigned char>(frame[i + 1]),
          static_cast<unsigned char>(frame[i + 2])};
}

bool near(const Rgb &got, const Rgb &want) {
  for (int i = 0; i < 3; ++i)
    if (std::abs(got[i] - want[i]) > 40)
      return false;
  return true;
}

const Rgb red{235, 16, 16}, green{16, 235, 16}, blue{16, 16, 235}, black{16, 16, 16};

uint64_t size_of(const std::string &file) {
  std::error_code ignored;
  return std::filesystem::exists(file) ? std::filesystem::file_size(file, ignored) : 0;
}

} // namespace

BOOST_AUTO_TEST_CASE(three_inputs_each_in_its_region_and_moved_live) {
  ScratchDir dir;
  const std::string file = dir / "composite.mkv";
  StandaloneJob job(dir, composite(file));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return size_of(file) > 60000; }, 20s),
                     FLU_LATER(job.output()));
  {
    const auto frame = last_frame(dir, file);
    BOOST_TEST(near(at(frame, 80, 60), red));
    BOOST_TEST(near(at(frame, 240, 60), green));
    BOOST_TEST(near(at(frame, 80, 180), blue));
    BOOST_TEST(near(at(frame, 240, 180), black));
  }
  // Red to the bottom right; green over it, smaller, in front; blue half
  // transparent over the black background.
  job.command("invoke set-input 0 position-left=160 position-top=120");
  job.command("invoke set-input 1 position-left=160 position-top=120 width=80 height=60 "
              "z-order=5");
  job.command("invoke set-input 2 alpha=0.5");
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.ui("input:2"), "alpha=0.5"); }, 10s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.ui("input:0") == "position-left=160 position-top=120 width=-1 height=-1 "
                                  "z-order=1 alpha=1.000000");
  const uint64_t moved = size_of(file);
  BOOST_TEST_REQUIRE(job.wait_until([&] { return size_of(file) > moved + 60000; }, 20s));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  const auto frame = last_frame(dir, file);
  BOOST_TEST(near(at(frame, 80, 60), black));
  BOOST_TEST(near(at(frame, 240, 60), black));
  BOOST_TEST(near(at(frame, 200, 150), green));
  BOOST_TEST(near(at(frame, 280, 220), red));
  const Rgb half = at(frame, 80, 180);
  BOOST_TEST((half[2] > 90 && half[2] < 160 && half[0] < 50), half[2]);
}

BOOST_AUTO_TEST_CASE(a_bad_place_is_refused_naming_it) {
  auto args = composite("/dev/null");
  args[7] = "input=position-left=ten";
  expect_refused(args, "input 0: position-left must be a whole number");
}

BOOST_AUTO_TEST_CASE(a_bad_relayout_fails_and_keeps_running) {
  ScratchDir dir;
  const std::string file = dir / "composite.mkv";
  StandaloneJob job(dir, composite(file));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return size_of(file) > 20000; }, 20s),
                     FLU_LATER(job.output()));
  job.command("invoke set-input 7 alpha=1");
  job.command("invoke set-input 0 alpha=2");
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.output(), "alpha must be a number"); },
                     10s),
      FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "no input 7 (there are 3)"));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}
