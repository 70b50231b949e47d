// Reads just enough of a WebM byte stream to check what a strict browser
// needs from a live stream it joins: the EBML header first, then the
// Segment with Info and Tracks, then a Cluster whose first video block is a
// keyframe. Chromium fails on anything else (DESIGN.md §6).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flu::modules::test {

struct WebmJoin {
  bool ebml_header_first = false; // bytes start with the EBML header
  bool tracks_before_cluster = false;
  uint64_t video_track = 0; // from Tracks, 0 if none
  bool found_cluster = false;
  bool first_video_block_is_key = false;   // in the first Cluster
  bool first_video_block_in_group = false; // a BlockGroup, not a SimpleBlock
  bool found_video_block = false;
  std::string error; // set when the bytes are not WebM as expected
};

namespace webm {

// Level-1 elements of a Segment, and children of a Cluster, that may come
// before the first block; anything else means the bytes are not where a
// decoder can start (say, the middle of a cluster).
inline bool known_level1(uint32_t id) {
  switch (id) {
  case 0x114D9B74: // SeekHead
  case 0x1549A966: // Info
  case 0x1654AE6B: // Tracks
  case 0x1C53BB6B: // Cues
  case 0x1254C367: // Tags
  case 0x1043A770: // Chapters
  case 0x1941A469: // Attachments
  case 0x1F43B675: // Cluster
  case 0xEC:       // Void
  case 0xBF:       // CRC-32
    return true;
  default:
    return false;
  }
}
inline bool known_in_cluster(uint32_t id) {
  return id == 0xE7 /* Timecode */ || id == 0xA7 /* Position */ ||
         id == 0xAB /* PrevSize */ || id == 0xA3 || id == 0xA0 || id == 0xEC ||
         id == 0xBF;
}

constexpr uint32_t kEbml = 0x1A45DFA3, kSegment = 0x18538067, kTracks = 0x1654AE6B,
                   kTrackEntry = 0xAE, kTrackNumber = 0xD7, kTrackType = 0x83,
                   kCluster = 0x1F43B675, kSimpleBlock = 0xA3, kBlockGroup = 0xA0,
                   kBlock = 0xA1, kReferenceBlock = 0xFB;

struct Reader {
  const std::string &data;
  size_t pos = 0;

  bool more() const { return pos < data.size(); }
  uint8_t byte(size_t at) const { return static_cast<uint8_t>(data[at]); }

  // An element ID keeps its length marker bits.
  std::optional<uint32_t> id() {
    if (!more())
      return std::nullopt;
    const uint8_t first = byte(pos);
    size_t len = first & 0x80   ? 1
                 : first & 0x40 ? 2
                 : first & 0x20 ? 3
                 : first & 0x10 ? 4
                                : 0;
    if (len == 0 || pos + len > data.size())
      return std::nullopt;
    uint32_t v = 0;
    for (size_t i = 0; i < len; ++i)
      v = (v << 8) | byte(pos + i);
    pos += len;
    return v;
  }

  // A size or a track number; nullopt for "unknown" (all ones) or truncated.
  std::optional<uint64_t> vint(bool *unknown = nullptr) {
    if (!more())
      return std::nullopt;
    const uint8_t first = byte(pos);
    size_t len = 1;
    while (len <= 8 && !(first & (0x80 >> (len - 1))))
      ++len;
    if (len > 8 || pos + len > data.size())
      return std::nullopt;
    uint64_t v = first & (0xFF >> len);
    bool all_ones = v == (0xFFu >> len);
    for (size_t i = 1; i < len; ++i) {
      v = (v << 8) | byte(pos + i);
      all_ones = all_ones && byte(pos + i) == 0xFF;
    }
    pos += len;
    if (unknown)
      *unknown = all_ones;
    return v;
  }

  uint64_t uint(size_t size) {
    uint64_t v = 0;
    for (size_t i = 0; i < size && more(); ++i, ++pos)
      v = (v << 8) | byte(pos);
    return v;
  }
};

} // namespace webm

inline uint64_t parse_video_track(const std::string &data, size_t begin, size_t end) {
  webm::Reader r{data, begin};
  while (r.pos < end) {
    const auto id = r.id();
    const auto size = r.vint();
    if (!id || !size)
      return 0;
    if (*id == webm::kTrackEntry) {
      const size_t entry_end = r.pos + *size;
      uint64_t number = 0, type = 0;
      while (r.pos < entry_end) {
        const auto cid = r.id();
        const auto csize = r.vint();
        if (!cid || !csize)
          return 0;
        if (*cid == webm::kTrackNumber)
          number = r.uint(*csize);
        else if (*cid == webm::kTrackType)
          type = r.uint(*csize);
        else
          r.pos += *csize;
      }
      if (type == 1)
        return number;
    } else {
      r.pos += *size;
    }
  }
  return 0;
}

// `data` is what a viewer received after the HTTP head.
inline WebmJoin check_webm_join(const std::string &data) {
  WebmJoin out;
  webm::Reader r{data};
  const auto first = r.id();
  out.ebml_header_first = first && *first == webm::kEbml;
  if (!out.ebml_header_first) {
    out.error = "the stream does not start with an EBML header";
    return out;
  }
  r.pos += r.vint().value_or(0);
  const auto segment = r.id();
  bool unknown = false;
  if (!segment || *segment != webm::kSegment || !r.vint(&unknown)) {
    out.error = "no Segment after the EBML header";
    return out;
  }
  // Level 1 inside the live Segment; a streamable Cluster has an unknown
  // size, so its children are read until the next level-1 element.
  bool in_cluster = false;
  while (r.more()) {
    const auto id = r.id();
    const auto size = r.vint();
    if (!id || !size)
      break; // the capture ends mid-element
    if (!webm::known_level1(*id) && !(in_cluster && webm::known_in_cluster(*id))) {
      out.error = "unexpected element " + std::to_string(*id) + " at byte " +
                  std::to_string(r.pos) +
                  ": data that does not start where a decoder can";
      return out;
    }
    if (*id == webm::kTracks) {
      out.tracks_before_cluster = !out.found_cluster;
      out.video_track = parse_video_track(data, r.pos, r.pos + *size);
      r.pos += *size;
    } else if (*id == webm::kCluster) {
      if (out.found_cluster)
        break; // only the first cluster matters
      out.found_cluster = true;
      in_cluster = true; // its children follow, whether its size is known or not
    } else if (in_cluster && (*id == webm::kSimpleBlock || *id == webm::kBlockGroup)) {
      // A SimpleBlock says keyframe in its flags (0x80). webmmux writes a
      // BlockGroup instead when a frame's duration differs from the
      // track's default (a live source under load drops frames): its Block
      // is a keyframe when the group has no ReferenceBlock.
      size_t block = r.pos;
      bool key = false;
      if (*id == webm::kBlockGroup) {
        const size_t end = std::min(data.size(), r.pos + *size);
        std::optional<size_t> found;
        bool references = false;
        webm::Reader g{data, r.pos};
        while (g.pos < end) {
          const auto cid = g.id();
          const auto csize = g.vint();
          if (!cid || !csize)
            break;
          if (*cid == webm::kBlock)
            found = g.pos;
          else if (*cid == webm::kReferenceBlock)
            references = true;
          g.pos += *csize;
        }
        if (!found)
          return out;
        block = *found;
        // Only a group the capture holds whole can be proven key.
        key = !references && r.pos + *size <= data.size() && g.pos == r.pos + *size;
      }
      webm::Reader b{data, block};
      const auto track = b.vint();
      if (!track || b.pos + 3 > data.size())
        break;
      if (*id == webm::kSimpleBlock)
        key = static_cast<uint8_t>(data[b.pos + 2]) & 0x80;
      if (*track == out.video_track && !out.found_video_block) {
        out.found_video_block = true;
        out.first_video_block_is_key = key;
        out.first_video_block_in_group = *id == webm::kBlockGroup;
        break;
      }
      r.pos += *size;
    } else {
      r.pos += *size;
    }
  }
  if (!out.error.empty())
    return out;
  if (!out.tracks_before_cluster)
    out.error = "no Tracks before the first Cluster";
  else if (!out.found_cluster)
    out.error = "no Cluster";
  else if (!out.found_video_block)
    out.error = "no video block in the first Cluster";
  return out;
}

} // namespace flu::modules::test
