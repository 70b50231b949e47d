// Messages with non-trivial content, one per wire type, and a field dump to
// compare them with. The dump walks each message's own serialize(), so a
// field added to a message is compared without touching this file; a
// message type added to FLU_MESSAGE_TYPES without a sample() here fails to
// compile the tests that iterate over all types.
#pragma once

#include "message/codec.hpp"

#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace flu::message::test {

// An "archive" that writes every field as text, nested structures bracketed.
class FieldDump {
public:
  template <class T> FieldDump &operator&(const T &value) {
    put(value);
    return *this;
  }
  std::string str() const { return out_.str(); }

private:
  void put(const std::string &s) { out_ << '"' << s << "\" "; }
  void put(bool b) { out_ << (b ? "true " : "false "); }
  template <class T>
  requires std::is_arithmetic_v<T>
  void put(T v) { out_ << +v << ' '; }
  template <class T>
  requires std::is_enum_v<T>
  void put(T v) { out_ << "enum:" << +static_cast<std::underlying_type_t<T>>(v) << ' '; }
  template <class A, class B> void put(const std::pair<A, B> &p) {
    out_ << '(';
    put(p.first);
    put(p.second);
    out_ << ") ";
  }
  template <class T> void put(const std::vector<T> &v) {
    out_ << '[';
    for (const T &e : v)
      put(e);
    out_ << "] ";
  }
  template <class T>
  requires std::is_class_v<T>
  void put(const T &t) {
    out_ << '{';
    const_cast<T &>(t).serialize(*this, 0u); // serialize() only reads here
    out_ << "} ";
  }

  std::ostringstream out_;
};

template <class M> std::string dump(const M &message) {
  FieldDump d;
  d &message;
  return d.str();
}

template <class M> struct Tag {};

inline Note note(uint8_t level, std::string id, std::string text, int64_t ts) {
  return {level, std::move(id), std::move(text), ts};
}

inline JobConfig job_config() {
  JobConfig c;
  c.avatar_id = "/default/video-encoder";
  c.type = "vp8-encoder";
  c.module_id = "vp8-encoder";
  c.properties = {{"bitrate", {"400000"}}, {"keyframe-distance", {"30"}}, {"empty", {}}};
  c.eaters = {{"default", {"/default/video:default", "/other/audio:default"}}};
  c.feeders = {"default", "preview"};
  c.base_time_ns = 1'700'000'000'123'456'789ull;
  c.hungry_timeout_ms = -1;
  return c;
}

inline WorkerHello sample(Tag<WorkerHello>) {
  return {"edge-1",
          "10.0.0.7",
          8600,
          31337,
          {{"/default/video", 4242, Mood::happy}, {"/default/audio", 4343, Mood::sad}}};
}
inline WorkerWelcome sample(Tag<WorkerWelcome>) { return {"studio", 2000}; }
inline Heartbeat sample(Tag<Heartbeat>) { return {}; }
inline WorkerGoodbye sample(Tag<WorkerGoodbye>) { return {}; }
inline StartComponent sample(Tag<StartComponent>) { return {job_config()}; }
inline StopComponent sample(Tag<StopComponent>) { return {"/default/http"}; }
inline FeedAddress sample(Tag<FeedAddress>) {
  return {"/default/muxer", "/default/video-encoder:default", "192.168.1.20", 8601};
}
inline ComponentMood sample(Tag<ComponentMood>) {
  return {"/default/muxer", Mood::hungry, 777};
}
inline ComponentNote sample(Tag<ComponentNote>) {
  return {"/default/http", note(2, "port-busy", "port 8800 is in use\nretrying", -5)};
}
inline JobExited sample(Tag<JobExited>) {
  return {"/default/video", 4242, 0, 9, "killed by signal 9 (Killed)"};
}
inline PlanetRequest sample(Tag<PlanetRequest>) { return {}; }
inline PlanetSnapshot sample(Tag<PlanetSnapshot>) {
  PlanetSnapshot s;
  s.planet = "planet-under-test";
  s.components = {
      {"/default/video", "videotest-producer", "edge-1", Mood::happy, 4242, {}},
      {"/default/http",
       "http-streamer",
       "edge-2",
       Mood::sad,
       4343,
       {note(1, "bind", "cannot bind port 8800", 1000), note(3, "info", "", 2000)}},
      {"/default/muxer", "webm-muxer", "", Mood::sleeping, 0, {note(2, "w", "slow", 7)}}};
  s.workers = {{"edge-1", "10.0.0.7", 8600, true}, {"edge-2", "", 8601, false}};
  return s;
}
inline FeedRequest sample(Tag<FeedRequest>) { return {"/default/muxer:default"}; }
inline FeedReply sample(Tag<FeedReply>) { return {false, "no such feed"}; }
inline FeedClient sample(Tag<FeedClient>) {
  return {"/default/muxer", "/default/muxer:default"};
}
inline Refused sample(Tag<Refused>) { return {"unknown peer: log in first"}; }

template <class M> M sample() { return sample(Tag<M>{}); }

// Calls f(Tag<M>{}) for every message type, in wire order.
template <class F> void for_each_message_type(F &&f) {
#define FLU_VISIT(M) f(Tag<M>{});
  FLU_MESSAGE_TYPES(FLU_VISIT)
#undef FLU_VISIT
}

// Decodes `payload` as the message type numbered `type` and drops it:
// for tests that only care whether it decodes. std::invalid_argument for a
// number no message has.
inline void decode_as(uint16_t type, std::string_view payload) {
  switch (static_cast<Type>(type)) {
#define FLU_DECODE(M)                                                                    \
  case M::type:                                                                          \
    (void)decode<M>(payload);                                                            \
    return;
    FLU_MESSAGE_TYPES(FLU_DECODE)
#undef FLU_DECODE
  case Type::invalid:
    break;
  }
  throw std::invalid_argument("no message type " + std::to_string(type));
}

// Where the 8-byte little-endian `value` occurs in `bytes`, every time.
inline std::vector<std::size_t> find_u64(const std::string &bytes, uint64_t value) {
  std::string pattern;
  for (int i = 0; i < 8; ++i)
    pattern.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  std::vector<std::size_t> at;
  for (auto pos = bytes.find(pattern); pos != std::string::npos;
       pos = bytes.find(pattern, pos + 1))
    at.push_back(pos);
  return at;
}

inline std::string patch_u64(std::string bytes, std::size_t at, uint64_t value) {
  for (int i = 0; i < 8; ++i)
    bytes[at + i] = static_cast<char>((value >> (8 * i)) & 0xff);
  return bytes;
}

} // namespace flu::message::test
