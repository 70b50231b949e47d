// See fmp4_cutter.hpp.
#include "fmp4_cutter.hpp"

namespace flu::hls {

namespace {

// A keyframe this close before the target still closes the segment: the
// encoder's timestamps may round.
constexpr uint64_t kSlackNs = 50'000'000;

std::string_view box_type(std::string_view bytes) {
  return bytes.size() >= 8 ? bytes.substr(4, 4) : std::string_view();
}

} // namespace

Fmp4Cutter::Fmp4Cutter(uint64_t target_ns, Init on_init, Segment on_segment)
    : target_ns_(target_ns), on_init_(std::move(on_init)),
      on_segment_(std::move(on_segment)) {}

bool Fmp4Cutter::box(std::string_view bytes) {
  const std::string_view type = box_type(bytes);
  if (type == "moof") {
    // A fragment with no sample (none seen yet) stays with what came before.
    if (awaiting_sample_ && started_)
      segment_ += pending_;
    pending_.assign(bytes);
    awaiting_sample_ = true;
    return true;
  }
  if (type == "mdat") {
    (awaiting_sample_ ? pending_ : segment_).append(bytes);
    return true;
  }
  if ((type == "ftyp" || type == "moov") && !init_sent_ && !awaiting_sample_) {
    init_.append(bytes);
    return true;
  }
  return false;
}

void Fmp4Cutter::sample(std::string_view bytes, uint64_t pts_ns, bool keyframe) {
  if (awaiting_sample_) {
    awaiting_sample_ = false;
    if (keyframe && !started_) {
      // The first segment starts at the first keyframe; what came before
      // (audio ahead of it) is not played by anyone.
      started_ = true;
      start_ns_ = pts_ns;
      segment_.clear();
    } else if (keyframe && pts_ns + kSlackNs >= start_ns_ + target_ns_) {
      if (!init_sent_) {
        init_sent_ = true;
        on_init_(std::move(init_));
        init_.clear();
      }
      on_segment_(static_cast<double>(pts_ns - start_ns_) / 1e9, std::move(segment_));
      segment_.clear();
      start_ns_ = pts_ns;
    }
    if (started_)
      segment_ += pending_;
    pending_.clear();
  }
  if (started_)
    segment_.append(bytes);
}

} // namespace flu::hls
