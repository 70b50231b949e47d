// ICY metadata (SHOUTcast's in-band titles, what internet radio players
// read): a viewer that sends `Icy-MetaData: 1` for an audio-only stream
// gets `icy-metaint: N` in the response head and, after every N bytes of
// the stream, a metadata block: one length byte L, then L × 16 bytes of
// `StreamTitle='...';` padded with zeros. A block with L = 0 says "no
// change"; the title goes out in the first block and whenever it changed.
//
// The title is set by an admin (`invoke set-title`) on any thread; each
// viewer's IcyFramer interleaves the blocks with the stream buffers its
// Client writes, across partial writes. Viewers without the header get the
// plain stream and no framer.
#pragma once

#include <utility> // before Asio: C++20 + Asio 1.18 need std::exchange

#include "chunk.hpp"

#include <boost/asio/buffer.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace flu::http_streamer {

// Stream bytes between two metadata blocks (Icecast's default).
constexpr size_t kIcyMetaint = 16000;

// The current title, shared by the server and its ICY viewers.
class IcyTitle {
public:
  void set(std::string title);
  // The title and its generation (1 for the first set; 0: never set).
  std::pair<std::string, uint64_t> get() const;

private:
  mutable std::mutex mutex_;
  std::string title_;
  uint64_t generation_ = 0;
};

// One metadata block for `title` (control bytes become spaces; a title too
// long for a block is cut).
std::string icy_block(const std::string &title);
// The response head `head` with `icy-metaint: METAINT` added.
std::string icy_response_head(const std::string &head, size_t metaint);

class IcyFramer {
public:
  IcyFramer(size_t metaint, std::shared_ptr<const IcyTitle> title);

  // What to write for `in` (the buffers a Client gathered; the first
  // `plain` of them are its response head, which is not stream): `in` with
  // the metadata blocks due inserted. `keep` gets the blocks to hold alive.
  void frame(const std::vector<boost::asio::const_buffer> &in, size_t plain,
             std::vector<boost::asio::const_buffer> &out, std::vector<ChunkRef> &keep);
  // A write of `wire` bytes of the last frame() went out: returns how many
  // of them were bytes of `in`.
  size_t written(size_t wire);

private:
  struct Piece {
    size_t size = 0;
    ChunkRef block;          // a metadata block; null for bytes of `in`
    uint64_t generation = 0; // of the title in `block`
    size_t offset = 0;       // into `block`, for the rest of a started one
    bool stream = false;     // bytes of `in` that count towards metaint
  };
  Piece next_block();

  size_t metaint_;
  std::shared_ptr<const IcyTitle> title_;
  size_t until_block_; // stream bytes before the next block
  ChunkRef started_;   // a block partly written
  size_t started_offset_ = 0;
  uint64_t sent_generation_ = 0; // the title's generation viewers last got
  std::vector<Piece> pieces_;    // of the last frame()
};

} // namespace flu::http_streamer
