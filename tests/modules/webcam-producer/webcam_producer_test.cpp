// webcam-producer in a real flu-job. There is no V4L2 device here (and no
// v4l2loopback), so what is tested is what an operator gets wrong: a path
// that does not exist, a file or a character device that is not a V4L2
// device, and caps or elements that could never capture; each refused with
// a message naming it. Capturing from a real camera is not tested.
#define BOOST_TEST_MODULE webcam_producer
#include "../standalone_job.hpp"

#include <fstream>

using namespace flu::modules::test;

namespace {

std::vector<std::string> webcam(const std::string &device,
                                std::vector<std::string> more = {}) {
  std::vector<std::string> args{"--type", "webcam-producer", "--property",
                                "device=" + device};
  for (auto &arg : more)
    args.insert(args.end(), {"--property", arg});
  return args;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_missing_device_is_named) {
  ScratchDir dir;
  const std::string path = dir / "video7";
  expect_refused(webcam(path),
                 "video device '" + path + "' cannot be used: No such file or directory");
}

BOOST_AUTO_TEST_CASE(a_regular_file_is_not_a_v4l2_device) {
  ScratchDir dir;
  const std::string path = dir / "video0";
  std::ofstream(path) << "not a camera\n";
  expect_refused(webcam(path), "video device '" + path +
                                   "' is not a V4L2 device: it is a regular file");
}

BOOST_AUTO_TEST_CASE(a_character_device_that_is_not_v4l2_is_named) {
  expect_refused(webcam("/dev/null"),
                 "video device '/dev/null' is not a V4L2 device (VIDIOC_QUERYCAP: ");
}

BOOST_AUTO_TEST_CASE(caps_no_camera_gives_are_refused_before_the_device) {
  expect_refused(webcam("/dev/null", {"mime=audio/x-raw"}),
                 "mime 'audio/x-raw' is not video/x-raw or image/jpeg");
  expect_refused(webcam("/dev/null", {"format=NOPE"}),
                 "'video/x-raw,format=NOPE' is not something v4l2src can capture");
  expect_refused(webcam("/dev/null", {"mime=image/jpeg", "format=YUY2"}),
                 "format 'YUY2' applies to raw video only, not image/jpeg");
  expect_refused(webcam("/dev/null", {"element-factory=audiotestsrc"}),
                 "element-factory 'audiotestsrc' is not a video source with a device");
  expect_refused(webcam("/dev/null", {"element-factory=nosuchsrc"}),
                 "element-factory 'nosuchsrc' is not a GStreamer element installed here");
}

// The caps Flumotion's planets name (video/x-raw-yuv, a fourcc, a size and
// a rate) pass the caps check and reach the device check.
BOOST_AUTO_TEST_CASE(flumotion_caps_reach_the_device) {
  expect_refused(webcam("/dev/null", {"mime=video/x-raw-yuv", "format=YUY2", "width=640",
                                      "height=480", "framerate=30/1"}),
                 "video device '/dev/null' is not a V4L2 device");
  expect_refused(webcam("/dev/null", {"mime=image/jpeg", "width=1280", "height=720"}),
                 "video device '/dev/null' is not a V4L2 device");
}
