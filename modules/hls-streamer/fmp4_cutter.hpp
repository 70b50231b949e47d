// Cutting one continuous fragmented MP4 stream (mp4mux with
// fragment-duration, as GStreamer 1.22 pushes it) into an HLS init segment
// and keyframe-aligned media segments, without GStreamer: the segmenter
// hands over each buffer the muxer pushed.
//
// What the muxer tells us, seen on 1.22 (docs/delivery.md): it pushes ftyp
// and moov, then for each fragment of one track a moof, an 8-byte mdat
// header and that fragment's samples, one buffer each. Boxes carry no
// timestamp (and no HEADER flag); samples carry theirs. The video track's
// fragments start at every keyframe (and at fragment-duration), so a
// segment boundary is the moof before a keyframe, which the segmenter
// recognises by a mark it put on the keyframe before the muxer.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace flu::hls {

class Fmp4Cutter {
public:
  using Init = std::function<void(std::string)>;
  using Segment = std::function<void(double seconds, std::string)>;

  // Segments close at the first keyframe `target_ns` after their start.
  Fmp4Cutter(uint64_t target_ns, Init on_init, Segment on_segment);

  // A buffer without a timestamp: a whole box (ftyp, moov, moof) or the
  // header of an mdat. Returns false for a box type it does not expect.
  bool box(std::string_view bytes);
  // A sample with its presentation time; `keyframe`: a video keyframe.
  void sample(std::string_view bytes, uint64_t pts_ns, bool keyframe);

private:
  uint64_t target_ns_;
  Init on_init_;
  Segment on_segment_;
  std::string init_; // ftyp + moov until the first fragment
  bool init_sent_ = false;
  std::string pending_; // a fragment's moof and mdat header, before its first sample
  bool awaiting_sample_ = false;
  std::string segment_;   // the segment being built
  bool started_ = false;  // a keyframe began segment_
  uint64_t start_ns_ = 0; // its time
};

} // namespace flu::hls
