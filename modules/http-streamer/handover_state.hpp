// What one http-streamer hands the next over in a hot upgrade, as text
// items (docs/hot-upgrade.md): its counters, and each viewer's state with a
// resume point. Plain data, no Asio, so that it is tested on its own.
//
// A streaming viewer is paused right before a keyframe chunk of the old
// process's log; the new process, fed by the same muxer, resumes it at the
// chunk with that buffer timestamp (`resume_pts`). `headers_hash` is what
// the viewer was sent as stream headers: the new process serves the viewer
// only when its own headers hash the same.
#pragma once

#include "chunk.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace flu::http_streamer {

struct ViewerState {
  std::string address;
  int64_t connected_ns = 0; // CLOCK_MONOTONIC, shared by the processes of a host
  uint64_t bytes_sent = 0;
  std::string keycard_id;
  unsigned http_version = 11;
  // Admitted but sent nothing yet: the new process starts it afresh.
  bool fresh = false;
  uint64_t resume_pts = 0;   // buffer timestamp of the keyframe to go on with
  uint64_t headers_hash = 0; // of the content type and stream headers sent
};

struct HandoverCounters {
  uint64_t bytes_sent = 0;
  uint64_t peak_clients = 0;
  uint64_t total_clients = 0;
  uint64_t dropped_clients = 0;
  uint64_t rejected_requests = 0;
  uint64_t refused_viewers = 0;
  uint64_t handover_lost = 0;
};

// "key=value" lines; decoding refuses what it does not understand (throws
// std::runtime_error), as the text comes from another process.
std::string encode(const ViewerState &viewer);
ViewerState decode_viewer(const std::string &text);
std::string encode(const HandoverCounters &counters);
HandoverCounters decode_counters(const std::string &text);

// FNV-1a over the content type and the header bytes: identifies what a
// viewer was sent before the media, not a security check.
uint64_t headers_hash(const std::string &content_type,
                      const std::vector<ChunkRef> &headers);

} // namespace flu::http_streamer
