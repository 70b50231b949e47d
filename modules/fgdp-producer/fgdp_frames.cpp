// fgdp: see fgdp_frames.hpp.
#include "fgdp_frames.hpp"

#include <string>

namespace flu::fgdp {

void FrameReader::feed(const uint8_t *data, size_t size, const Frame &frame) {
  pending_.insert(pending_.end(), data, data + size);
  size_t at = 0;
  while (pending_.size() - at >= 4) {
    const uint32_t length = uint32_t(pending_[at]) << 24 |
                            uint32_t(pending_[at + 1]) << 16 |
                            uint32_t(pending_[at + 2]) << 8 | uint32_t(pending_[at + 3]);
    if (length > max_frame_bytes) {
      pending_.clear();
      throw std::runtime_error("a frame of " + std::to_string(length) +
                               " bytes: not an FGDP feed");
    }
    if (pending_.size() - at - 4 < length)
      break;
    frame(pending_.data() + at + 4, length);
    at += 4 + length;
  }
  pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(at));
}

} // namespace flu::fgdp
