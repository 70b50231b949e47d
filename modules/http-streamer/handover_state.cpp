// Handover items as text (see handover_state.hpp).
#include "handover_state.hpp"

#include <charconv>
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>

namespace flu::http_streamer {

namespace {

using Fields = std::map<std::string, std::string>;

Fields parse(const std::string &text) {
  Fields fields;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (eq == std::string::npos || eq == 0)
      throw std::runtime_error("malformed handover line '" + line + "'");
    fields[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return fields;
}

template <class T> T number(const Fields &fields, const char *key) {
  const auto it = fields.find(key);
  if (it == fields.end())
    return T{};
  T value{};
  const char *end = it->second.data() + it->second.size();
  const auto [ptr, ec] = std::from_chars(it->second.data(), end, value);
  if (ec != std::errc() || ptr != end)
    throw std::runtime_error(std::string("handover field ") + key + " is not a number");
  return value;
}

std::string text(const Fields &fields, const char *key) {
  const auto it = fields.find(key);
  return it == fields.end() ? std::string() : it->second;
}

// Values are single-line: an address or a keycard id never holds a newline,
// and one that did would be cut here rather than forge another field.
std::string line(const char *key, const std::string &value) {
  return std::string(key) + "=" + value.substr(0, value.find('\n')) + "\n";
}

std::string line(const char *key, uint64_t value) {
  return line(key, std::to_string(value));
}

} // namespace

std::string encode(const ViewerState &v) {
  return line("address", v.address) +
         line("connected-ns", std::to_string(v.connected_ns)) +
         line("bytes-sent", v.bytes_sent) + line("keycard", v.keycard_id) +
         line("http-version", v.http_version) + line("fresh", v.fresh ? 1 : 0) +
         line("resume-pts", v.resume_pts) + line("headers-hash", v.headers_hash);
}

ViewerState decode_viewer(const std::string &data) {
  const Fields f = parse(data);
  ViewerState v;
  v.address = text(f, "address");
  v.connected_ns = number<int64_t>(f, "connected-ns");
  v.bytes_sent = number<uint64_t>(f, "bytes-sent");
  v.keycard_id = text(f, "keycard");
  v.http_version = number<unsigned>(f, "http-version") >= 11 ? 11 : 10;
  v.fresh = number<unsigned>(f, "fresh") != 0;
  v.resume_pts = number<uint64_t>(f, "resume-pts");
  v.headers_hash = number<uint64_t>(f, "headers-hash");
  return v;
}

std::string encode(const HandoverCounters &c) {
  return line("bytes-sent", c.bytes_sent) + line("peak-clients", c.peak_clients) +
         line("total-clients", c.total_clients) +
         line("dropped-clients", c.dropped_clients) +
         line("rejected-requests", c.rejected_requests) +
         line("refused-viewers", c.refused_viewers) +
         line("handover-lost", c.handover_lost);
}

HandoverCounters decode_counters(const std::string &data) {
  const Fields f = parse(data);
  HandoverCounters c;
  c.bytes_sent = number<uint64_t>(f, "bytes-sent");
  c.peak_clients = number<uint64_t>(f, "peak-clients");
  c.total_clients = number<uint64_t>(f, "total-clients");
  c.dropped_clients = number<uint64_t>(f, "dropped-clients");
  c.rejected_requests = number<uint64_t>(f, "rejected-requests");
  c.refused_viewers = number<uint64_t>(f, "refused-viewers");
  c.handover_lost = number<uint64_t>(f, "handover-lost");
  return c;
}

uint64_t headers_hash(const std::string &content_type,
                      const std::vector<ChunkRef> &headers) {
  uint64_t h = 14695981039346656037ull;
  auto add = [&h](const uint8_t *data, size_t size) {
    for (size_t i = 0; i < size; ++i) {
      h ^= data[i];
      h *= 1099511628211ull;
    }
  };
  add(reinterpret_cast<const uint8_t *>(content_type.data()), content_type.size());
  for (const ChunkRef &c : headers) {
    const uint8_t separator = 0;
    add(&separator, 1);
    add(c->data(), c->size());
  }
  return h;
}

} // namespace flu::http_streamer
