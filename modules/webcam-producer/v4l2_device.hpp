// A V4L2 capture device checked before a pipeline opens it, so that an
// operator reads what is wrong with the path they gave instead of v4l2src's
// "Cannot identify device": the path exists, is a character device, answers
// VIDIOC_QUERYCAP, and can capture video.
#pragma once

#include <string>

namespace flu::modules {

// Returns the device's card name ("UVC Camera (046d:0825)"); throws
// std::runtime_error naming the path and what is wrong with it.
std::string check_v4l2_capture(const std::string &path);

} // namespace flu::modules
