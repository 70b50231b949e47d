// The stream log: the shared outgoing queue of every client, and the burst
// cache.
//
// Instead of one queue per client, the streamer keeps one log of chunks
// numbered by sequence, each with its byte offset in the stream; a client is
// only a cursor into it. Appending is O(1) whatever the number of clients,
// and a client's lag is `total_bytes() - offset_of(its cursor)`.
//
// The log keeps the last `keep_bytes` of the stream (the slow-client limit):
// a client further behind than that has lost its data and is dropped. It
// also remembers the latest keyframe, so a new client can start with the
// whole current GOP (burst-on-connect) when that GOP is small enough.
#pragma once

#include "chunk.hpp"

#include <cstdint>
#include <deque>
#include <optional>

namespace flu::http_streamer {

class StreamLog {
public:
  explicit StreamLog(uint64_t keep_bytes) : keep_bytes_(keep_bytes) {}

  // Appends a chunk and forgets what is older than keep_bytes; returns the
  // chunk's sequence number.
  uint64_t append(ChunkRef chunk);

  uint64_t base_seq() const { return base_; }
  uint64_t end_seq() const { return base_ + entries_.size(); }
  bool holds(uint64_t seq) const { return seq >= base_ && seq < end_seq(); }
  const ChunkRef &at(uint64_t seq) const { return entries_[seq - base_].chunk; }

  // Stream offset of the first byte of chunk `seq`; end_seq() gives the total.
  uint64_t offset_of(uint64_t seq) const;
  uint64_t total_bytes() const { return total_; }

  // Bytes between a cursor and the end of the log, or nullopt when the
  // cursor's chunk was already forgotten (the client is too far behind).
  std::optional<uint64_t> lag_bytes(uint64_t seq, uint64_t offset_in_chunk) const;

  // Where a new client starts with burst-on-connect: the latest keyframe,
  // when the data since it is at most max_bytes.
  std::optional<uint64_t> burst_start(uint64_t max_bytes) const;
  std::optional<uint64_t> last_keyframe() const { return last_keyframe_; }
  // After new stream headers, older keyframes are no start point any more.
  void forget_keyframe() { last_keyframe_.reset(); }

  uint64_t keep_bytes() const { return keep_bytes_; }
  size_t chunk_count() const { return entries_.size(); }

private:
  struct Entry {
    ChunkRef chunk;
    uint64_t offset;
  };
  void trim();

  std::deque<Entry> entries_;
  uint64_t base_ = 0;
  uint64_t total_ = 0;
  uint64_t keep_bytes_;
  std::optional<uint64_t> last_keyframe_;
};

} // namespace flu::http_streamer
