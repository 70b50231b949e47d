// Counters of an http-streamer, for the component's UI state (Flumotion's
// "clients current/peak, bytes sent, stream bitrate"). Written by the
// network thread, readable from any thread.
#pragma once

#include <atomic>
#include <cstdint>

namespace flu::http_streamer {

struct StreamerStats {
  uint64_t current_clients = 0;
  uint64_t peak_clients = 0;
  uint64_t total_clients = 0;     // served with 200 since start
  uint64_t bytes_sent = 0;        // to all clients, HTTP heads included
  uint64_t dropped_clients = 0;   // too slow or inactive
  uint64_t rejected_requests = 0; // 4xx/5xx answers
  uint64_t stream_bytes = 0;      // received from the muxer
  uint64_t stream_bitrate_bps = 0;
  uint64_t sent_bitrate_bps = 0; // to all viewers, over the last stats period
  uint64_t refused_viewers = 0;  // by the bouncer
  uint64_t handover_lost = 0;    // viewers a hot upgrade could not carry over
};

struct AtomicStreamerStats {
  std::atomic<uint64_t> current_clients{0};
  std::atomic<uint64_t> peak_clients{0};
  std::atomic<uint64_t> total_clients{0};
  std::atomic<uint64_t> bytes_sent{0};
  std::atomic<uint64_t> dropped_clients{0};
  std::atomic<uint64_t> rejected_requests{0};
  std::atomic<uint64_t> stream_bytes{0};
  std::atomic<uint64_t> stream_bitrate_bps{0};
  std::atomic<uint64_t> sent_bitrate_bps{0};
  std::atomic<uint64_t> refused_viewers{0};
  std::atomic<uint64_t> handover_lost{0};

  StreamerStats snapshot() const {
    constexpr auto r = std::memory_order_relaxed;
    return {
        current_clients.load(r), peak_clients.load(r),       total_clients.load(r),
        bytes_sent.load(r),      dropped_clients.load(r),    rejected_requests.load(r),
        stream_bytes.load(r),    stream_bitrate_bps.load(r), sent_bitrate_bps.load(r),
        refused_viewers.load(r), handover_lost.load(r)};
  }
};

} // namespace flu::http_streamer
