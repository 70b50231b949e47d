// A real X server of the test's own: Xvfb on a display number it picks
// itself (-displayfd: the first free one), 320x240 in 24-bit colour, kept
// as it is when clients leave (-noreset), so what a test paints stays. The
// root window is painted with xsetroot; a window of another colour is a
// real client's (gst-launch's ximagesink, placed at 0,0 with no window
// manager).
#pragma once

#include "process.hpp"
#include "temp_dir.hpp"
#include "wait.hpp"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

namespace flu::test {

class XServer {
public:
  XServer() {
    server_ = std::make_unique<Process>(
        std::vector<std::string>{"/usr/bin/Xvfb", "-displayfd", "1", "-noreset",
                                 "-nolisten", "tcp", "-screen", "0", "320x240x24"},
        SpawnOptions{dir_.file("xvfb.out"), dir_.file("xvfb.err"), {}, true});
    // Xvfb writes the number once it accepts clients.
    BOOST_TEST_REQUIRE(poll_until(
                           [this] {
                             const std::string out = server_->out();
                             return !out.empty() && out.back() == '\n';
                           },
                           10s, 50ms),
                       "Xvfb did not start: " + server_->err());
    display_ = ":" + server_->out().substr(0, server_->out().size() - 1);
  }

  const std::string &display() const { return display_; }

  // The whole root window in one colour ("#ff0000").
  void paint(const std::string &colour) {
    const auto result =
        run({"/usr/bin/xsetroot", "-display", display_, "-solid", colour}, 10s);
    BOOST_TEST_REQUIRE(result.exited_ok(), "xsetroot failed: " + result.err);
  }

  // A window of `pattern` (videotestsrc's: blue, green...) at 0,0, until the
  // server goes; returns once it is mapped.
  void window(const std::string &pattern, int width, int height) {
    window_ = std::make_unique<Process>(
        std::vector<std::string>{
            "/usr/bin/gst-launch-1.0", "-q", "videotestsrc", "pattern=" + pattern, "!",
            "video/x-raw,width=" + std::to_string(width) +
                ",height=" + std::to_string(height) + ",framerate=10/1",
            "!", "ximagesink", "display=" + display_},
        SpawnOptions{dir_.file("window.out"), dir_.file("window.err"), {}, true});
    BOOST_TEST_REQUIRE(poll_until(
                           [&] {
                             return run({"/usr/bin/xwininfo", "-display", display_,
                                         "-root", "-children"},
                                        5s)
                                        .out.find("1 child") != std::string::npos;
                           },
                           10s, 50ms),
                       "the window did not appear: " + window_->err());
  }

private:
  TempDir dir_{"flu-xvfb"};
  std::unique_ptr<Process> server_;
  std::unique_ptr<Process> window_;
  std::string display_;
};

} // namespace flu::test
