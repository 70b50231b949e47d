// overlay-converter in a real flu-job: a frame it feeds differs from the
// same frame fed without the overlay inside the text's and the logo's
// region and nowhere else; the logo's transparent half changes nothing;
// Flumotion's built-in logos are drawn (our own badges) at the bottom left.
#define BOOST_TEST_MODULE overlay_converter
#include "../codec_check.hpp"

#include <cstdlib>

using namespace flu::modules::test;

namespace {

constexpr int W = 320, H = 240;

// A still picture (SMPTE bars), so any frame of one run matches the same
// frame of another.
const std::string still = "videotestsrc is-live=true pattern=smpte ! "
                          "video/x-raw,width=320,height=240,framerate=30/1 ! gdppay ! "
                          "gdpdepay";

// The luma of the third frame the converter feeds with `properties`.
std::string frame(const std::vector<std::string> &properties) {
  ScratchDir dir;
  const std::string file = dir / "frames.gray";
  std::vector<std::string> args = {
      "--type",
      "overlay-converter",
      "--eater",
      "default=" + still,
      "--feeder",
      "default=videoconvert ! video/x-raw,format=GRAY8 ! filesink "
      "buffer-mode=2 location=" +
          file};
  for (const auto &p : properties)
    args.insert(args.end(), {"--property", p});
  run_until(dir, args, [&] {
    std::error_code ec;
    return std::filesystem::file_size(file, ec) >= 3u * W * H && !ec;
  });
  return read_file(file).substr(2 * W * H, W * H);
}

struct Box {
  int x0, y0, x1, y1; // [x0, x1) x [y0, y1)
  bool holds(int x, int y) const { return x >= x0 && x < x1 && y >= y0 && y < y1; }
};

// Pixels that differ by more than a rounding step, inside and outside `box`.
std::pair<int, int> differences(const std::string &a, const std::string &b, Box box) {
  int inside = 0, outside = 0;
  for (int y = 0; y < H; ++y)
    for (int x = 0; x < W; ++x) {
      const int d = std::abs(int(uint8_t(a[y * W + x])) - int(uint8_t(b[y * W + x])));
      if (d > 2)
        (box.holds(x, y) ? inside : outside)++;
    }
  return {inside, outside};
}

} // namespace

BOOST_AUTO_TEST_CASE(text_changes_its_region_only) {
  const std::string plain = frame({"show-text=false"});
  const std::string text = frame({"text=FLU 42", "font=Sans Bold", "font-size=20",
                                  "text-color=#FFFF00", "text-x=40", "text-y=100"});
  BOOST_TEST_REQUIRE(plain.size() == size_t(W * H));
  // 20 points at 96 dpi is about 27 pixels high; the box allows for the
  // shadow and outline textoverlay draws.
  const auto [inside, outside] = differences(plain, text, {36, 96, 200, 140});
  BOOST_TEST(inside > 200, inside << " pixels changed in the text's box");
  BOOST_TEST(outside == 0, outside << " pixels changed outside it");
}

BOOST_AUTO_TEST_CASE(logo_with_alpha_changes_its_opaque_part_only) {
  ScratchDir dir;
  const std::string logo = dir / "logo.png";
  // 40x30: the left 20 columns opaque red, the right 20 transparent.
  run("gst-launch-1.0 -q videotestsrc pattern=red num-buffers=1 ! "
      "video/x-raw,width=20,height=30 ! videoconvert ! video/x-raw,format=AYUV ! "
      "videobox right=-20 border-alpha=0 ! videoconvert ! video/x-raw,format=RGBA ! "
      "pngenc ! filesink location=" +
      logo);
  BOOST_TEST_REQUIRE(std::filesystem::exists(logo));
  const std::string plain = frame({"show-text=false"});
  const std::string branded = frame({"logo=" + logo, "logo-x=200", "logo-y=150"});
  const auto [inside, outside] = differences(plain, branded, {200, 150, 220, 180});
  BOOST_TEST(inside > 20 * 30 / 2, inside << " of 600 pixels changed under the logo");
  BOOST_TEST(outside == 0, outside << " pixels changed elsewhere (transparent half too)");
}

BOOST_AUTO_TEST_CASE(running_time_is_drawn_bottom_right) {
  const std::string plain = frame({"show-text=false"});
  const std::string timed = frame({"show-text=false", "show-time=true"});
  const auto [inside, outside] = differences(plain, timed, {W / 2, H * 2 / 3, W, H});
  BOOST_TEST(inside > 100, inside);
  BOOST_TEST(outside == 0, outside);
}

BOOST_AUTO_TEST_CASE(builtin_logos_are_drawn_in_a_row_at_the_bottom_left) {
  // Flumotion's layout: 36x36 each, 4 pixels from the edges and apart.
  const std::string plain = frame({"show-text=false"});
  const std::string all =
      frame({"show-text=false", "fluendo-logo=true", "cc-logo=true", "xiph-logo=true"});
  const auto [inside, outside] = differences(plain, all, {4, H - 40, 120, H - 4});
  BOOST_TEST(inside > 3 * 36 * 36 / 2, inside << " pixels changed under the three");
  BOOST_TEST(outside == 0, outside << " pixels changed elsewhere");

  const std::string one = frame({"show-text=false", "cc-logo=True"});
  const auto [under, beside] = differences(plain, one, {4, H - 40, 40, H - 4});
  BOOST_TEST(under > 36 * 36 / 2, under << " pixels changed under the one");
  BOOST_TEST(beside == 0, beside << " pixels changed elsewhere");
}

BOOST_AUTO_TEST_CASE(refuses_bad_values) {
  expect_refused({"--type", "overlay-converter", "--eater", "default=" + still,
                  "--property", "text=x", "--property", "text-color=yellow"},
                 "text-color must be #RRGGBB or #AARRGGBB, got 'yellow'");
  expect_refused({"--type", "overlay-converter", "--eater", "default=" + still,
                  "--property", "logo=/nonexistent/logo.png"},
                 "logo '/nonexistent/logo.png' cannot be read");
}
