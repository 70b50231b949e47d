// screencast-producer in a real flu-job capturing a real Xvfb started by the
// test: the root painted red and a blue window at 0,0 come out of the feed
// where they are on the screen, for the whole screen and for a region, with
// and without the pointer; a display that cannot be opened, or a region
// that does not fit, turns the component sad naming it.
#define BOOST_TEST_MODULE screencast_producer
#include "../standalone_job.hpp"
#include "x_server.hpp"

#include <cstdlib>

using namespace flu::modules::test;

namespace {

struct Rgb {
  int r, g, b;
};

// The feed's frames as packed RGB, each width*height*3 bytes.
class Frames {
public:
  Frames(std::string file, int width, int height)
      : file_(std::move(file)), width_(width), height_(height) {}
  std::string feeder() const {
    return "default=videoconvert ! video/x-raw,format=RGB ! filesink sync=false "
           "buffer-mode=2 location=" +
           file_;
  }
  size_t count() const {
    return std::filesystem::exists(file_)
               ? std::filesystem::file_size(file_) / frame_size()
               : 0;
  }
  // Keeps the last whole frame written so far, for at() and the rest.
  void take_last() {
    const std::string data = read_file(file_);
    const size_t frames = data.size() / frame_size();
    BOOST_TEST_REQUIRE(frames > 0u);
    last_ = data.substr((frames - 1) * frame_size(), frame_size());
  }
  Rgb at(int x, int y) const {
    const size_t at = (static_cast<size_t>(y) * width_ + x) * 3;
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(last_[at + i]); };
    return {byte(0), byte(1), byte(2)};
  }
  bool is(int x, int y, Rgb want) const {
    const Rgb got = at(x, y);
    // I420 in between: colours come back within a few steps.
    return std::abs(got.r - want.r) < 24 && std::abs(got.g - want.g) < 24 &&
           std::abs(got.b - want.b) < 24;
  }
  // Pixels of neither colour in a square around (x, y): the pointer's.
  int others(int x, int y, int radius, Rgb a, Rgb b) const {
    int n = 0;
    for (int j = y - radius; j <= y + radius; ++j)
      for (int i = x - radius; i <= x + radius; ++i)
        n += !is(i, j, a) && !is(i, j, b);
    return n;
  }

private:
  size_t frame_size() const { return static_cast<size_t>(width_) * height_ * 3; }
  std::string file_;
  int width_, height_;
  std::string last_;
};

constexpr Rgb red{255, 0, 0}, blue{0, 0, 255};

} // namespace

BOOST_AUTO_TEST_CASE(captures_the_whole_screen) {
  flu::test::XServer x;
  x.paint("#ff0000");
  x.window("blue", 100, 80);
  ScratchDir dir;
  Frames frames(dir / "feed.rgb", 320, 240);
  StandaloneJob job(dir, {"--type", "screencast-producer", "--property",
                          "display=" + x.display(), "--property", "cursor=false",
                          "--feeder", frames.feeder()});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return frames.count() >= 5; }, 20s),
                     FLU_LATER(job.output()));
  frames.take_last();
  // The window where it is, the root around it: the frame is the screen.
  BOOST_TEST(frames.is(10, 10, blue));
  BOOST_TEST(frames.is(95, 75, blue));
  BOOST_TEST(frames.is(105, 75, red));
  BOOST_TEST(frames.is(95, 85, red));
  BOOST_TEST(frames.is(319, 239, red));
  // No pointer (it starts at the screen's centre).
  BOOST_TEST(frames.others(160, 120, 12, red, blue) == 0);
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(captures_a_region_with_the_pointer) {
  flu::test::XServer x;
  x.paint("#ff0000");
  x.window("blue", 100, 80);
  ScratchDir dir;
  // 200x160 from (50,40): the window's lower right quarter at its top left,
  // the pointer (screen centre) at (110,80).
  Frames frames(dir / "feed.rgb", 200, 160);
  StandaloneJob job(dir,
                    {"--type", "screencast-producer", "--property",
                     "display=" + x.display(), "--property", "x-offset=50", "--property",
                     "y-offset=40", "--property", "width=200", "--property", "height=160",
                     "--property", "framerate=10/1", "--feeder", frames.feeder()});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return frames.count() >= 5; }, 20s),
                     FLU_LATER(job.output()));
  frames.take_last();
  BOOST_TEST(frames.is(5, 5, blue));
  BOOST_TEST(frames.is(45, 35, blue));
  BOOST_TEST(frames.is(55, 35, red));
  BOOST_TEST(frames.is(45, 45, red));
  BOOST_TEST(frames.is(199, 159, red));
  BOOST_TEST(frames.others(110, 80, 12, red, blue) > 0);
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(a_display_that_cannot_be_opened_is_named) {
  // A display number no X server here has: neither its socket nor its lock.
  std::string display;
  for (int n = 900; display.empty(); ++n)
    if (!std::filesystem::exists("/tmp/.X11-unix/X" + std::to_string(n)) &&
        !std::filesystem::exists("/tmp/.X" + std::to_string(n) + "-lock"))
      display = ":" + std::to_string(n);
  expect_refused({"--type", "screencast-producer", "--property", "display=" + display},
                 "X display '" + display +
                     "' (ximagesrc): Could not open X display for reading");
}

BOOST_AUTO_TEST_CASE(no_display_at_all_is_refused) {
  unsetenv("DISPLAY");
  expect_refused({"--type", "screencast-producer"}, "no X display to capture");
}

BOOST_AUTO_TEST_CASE(a_region_off_the_screen_is_refused_naming_it) {
  flu::test::XServer x;
  expect_refused({"--type", "screencast-producer", "--property", "display=" + x.display(),
                  "--property", "x-offset=300", "--property", "width=100", "--property",
                  "height=80"},
                 "region 100x80+300+0 does not fit X display '" + x.display() +
                     "' (320x240)");
}
