// See v4l2_device.hpp.
#include "v4l2_device.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace flu::modules {

std::string check_v4l2_capture(const std::string &path) {
  const std::string device = "video device '" + path + "'";
  struct stat info {};
  if (stat(path.c_str(), &info) != 0)
    throw std::runtime_error(device + " cannot be used: " + std::strerror(errno));
  if (!S_ISCHR(info.st_mode))
    throw std::runtime_error(device + " is not a V4L2 device: it is " +
                             (S_ISDIR(info.st_mode)   ? "a directory"
                              : S_ISREG(info.st_mode) ? "a regular file"
                                                      : "not a character device"));
  // Non-blocking: a device busy elsewhere still answers QUERYCAP.
  const int fd = open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    throw std::runtime_error(device + " cannot be opened: " + std::strerror(errno));
  v4l2_capability caps{};
  const int answer = ioctl(fd, VIDIOC_QUERYCAP, &caps);
  const int error = errno;
  close(fd);
  if (answer != 0)
    throw std::runtime_error(
        device + " is not a V4L2 device (VIDIOC_QUERYCAP: " + std::strerror(error) + ")");
  const uint32_t capabilities =
      (caps.capabilities & V4L2_CAP_DEVICE_CAPS) ? caps.device_caps : caps.capabilities;
  const std::string card(
      reinterpret_cast<const char *>(caps.card),
      strnlen(reinterpret_cast<const char *>(caps.card), sizeof caps.card));
  if (!(capabilities & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE)))
    throw std::runtime_error(device + " (" + card + ") cannot capture video");
  return card;
}

} // namespace flu::modules
