// ICY metadata: see icy.hpp.
#include "icy.hpp"

#include <algorithm>

namespace flu::http_streamer {

namespace asio = boost::asio;

namespace {
constexpr size_t kMaxBlock = 255 * 16;
} // namespace

void IcyTitle::set(std::string title) {
  std::lock_guard lock(mutex_);
  title_ = std::move(title);
  ++generation_;
}

std::pair<std::string, uint64_t> IcyTitle::get() const {
  std::lock_guard lock(mutex_);
  return {title_, generation_};
}

std::string icy_block(const std::string &title) {
  constexpr std::string_view open = "StreamTitle='", close = "';";
  std::string text = title.substr(0, kMaxBlock - open.size() - close.size());
  for (char &c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      c = ' ';
  const std::string body = std::string(open) + text + std::string(close);
  const size_t units = (body.size() + 15) / 16;
  std::string block(1 + units * 16, '\0');
  block[0] = static_cast<char>(units);
  std::copy(body.begin(), body.end(), block.begin() + 1);
  return block;
}

std::string icy_response_head(const std::string &head, size_t metaint) {
  const auto end = head.rfind("\r\n\r\n");
  if (end == std::string::npos)
    return head;
  return head.substr(0, end + 2) + "icy-metaint: " + std::to_string(metaint) + "\r\n" +
         head.substr(end + 2);
}

IcyFramer::IcyFramer(size_t metaint, std::shared_ptr<const IcyTitle> title)
    : metaint_(metaint), title_(std::move(title)), until_block_(metaint) {}

IcyFramer::Piece IcyFramer::next_block() {
  static const ChunkRef unchanged = Chunk::from_text(std::string(1, '\0'));
  auto [title, generation] = title_->get();
  if (generation == sent_generation_)
    return {unchanged->size(), unchanged, generation, 0, false};
  const ChunkRef block = Chunk::from_text(icy_block(title));
  return {block->size(), block, generation, 0, false};
}

void IcyFramer::frame(const std::vector<asio::const_buffer> &in, size_t plain,
                      std::vector<asio::const_buffer> &out, std::vector<ChunkRef> &keep) {
  out.clear();
  pieces_.clear();
  auto add_block = [&](Piece piece) {
    out.emplace_back(piece.block->data() + piece.offset, piece.size);
    keep.push_back(piece.block);
    pieces_.push_back(std::move(piece));
  };
  size_t budget = until_block_;
  bool block_due = false;            // a whole block before the next stream byte
  bool resume = started_ != nullptr; // the rest of a block a write cut, first
  for (size_t i = 0; i < in.size(); ++i) {
    if (i < plain) {
      out.push_back(in[i]);
      pieces_.push_back({in[i].size(), nullptr, 0, 0, false});
      continue;
    }
    if (resume) {
      add_block({started_->size() - started_offset_, started_, sent_generation_,
                 started_offset_, false});
      resume = false;
      budget = metaint_;
    }
    const auto *data = static_cast<const uint8_t *>(in[i].data());
    size_t left = in[i].size();
    if (left == 0) {
      out.push_back(in[i]);
      pieces_.push_back({0, nullptr, 0, 0, true});
    }
    while (left > 0) {
      if (budget == 0 || block_due) {
        add_block(next_block());
        budget = metaint_;
        block_due = false;
      }
      const size_t take = std::min(left, budget);
      out.emplace_back(data, take);
      pieces_.push_back({take, nullptr, 0, 0, true});
      data += take;
      left -= take;
      budget -= take;
      block_due = budget == 0;
    }
  }
}

size_t IcyFramer::written(size_t wire) {
  size_t of_in = 0;
  for (const Piece &p : pieces_) {
    const size_t n = std::min(wire, p.size);
    wire -= n;
    if (p.block) {
      if (n == 0)
        break; // not begun: made again, with the title of then, next time
      sent_generation_ = p.generation; // the viewer has (the start of) this title
      if (n < p.size) {
        started_ = p.block;
        started_offset_ = p.offset + n;
        break;
      }
      started_.reset();
      until_block_ = metaint_;
      continue;
    }
    of_in += n;
    if (p.stream)
      until_block_ -= n;
    if (n < p.size)
      break;
  }
  return of_in;
}

} // namespace flu::http_streamer
