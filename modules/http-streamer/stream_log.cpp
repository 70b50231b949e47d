// The stream log: one shared queue for all clients (see stream_log.hpp).
#include "stream_log.hpp"

namespace flu::http_streamer {

uint64_t StreamLog::append(ChunkRef chunk) {
  const uint64_t seq = end_seq();
  const uint64_t size = chunk->size();
  if (chunk->keyframe())
    last_keyframe_ = seq;
  entries_.push_back(Entry{std::move(chunk), total_});
  total_ += size;
  trim();
  return seq;
}

void StreamLog::trim() {
  // Keep every chunk that holds a byte of the last keep_bytes, and always
  // the newest chunk, even when it alone is larger.
  while (entries_.size() > 1) {
    const Entry &front = entries_.front();
    if (front.offset + front.chunk->size() + keep_bytes_ > total_)
      break;
    entries_.pop_front();
    ++base_;
  }
  if (last_keyframe_ && *last_keyframe_ < base_)
    last_keyframe_.reset();
}

uint64_t StreamLog::offset_of(uint64_t seq) const {
  if (seq >= end_seq())
    return total_;
  if (seq < base_)
    return entries_.empty() ? total_ : entries_.front().offset;
  return entries_[seq - base_].offset;
}

std::optional<uint64_t> StreamLog::lag_bytes(uint64_t seq,
                                             uint64_t offset_in_chunk) const {
  if (seq >= end_seq())
    return 0;
  if (seq < base_)
    return std::nullopt;
  return total_ - entries_[seq - base_].offset - offset_in_chunk;
}

std::optional<uint64_t> StreamLog::burst_start(uint64_t max_bytes) const {
  if (!last_keyframe_ || !holds(*last_keyframe_))
    return std::nullopt;
  if (total_ - offset_of(*last_keyframe_) > max_bytes)
    return std::nullopt;
  return last_keyframe_;
}

} // namespace flu::http_streamer
