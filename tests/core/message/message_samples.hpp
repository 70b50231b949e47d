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

inline Note note(NoteLevel level, std::string id, std::string text, int64_t ts) {
  Note n;
  n.level = level;
  n.id = std::move(id);
  n.format = std::move(text);
  n.timestamp_ms = ts;
  return n;
}

inline JobConfig job_config() {
  JobConfig c;
  c.component_id = "/default/video-encoder";
  c.type = "vp8-encoder";
  c.module_id = "vp8-encoder";
  c.properties = {{"bitrate", {"400000"}}, {"keyframe-distance", {"30"}}, {"empty", {}}};
  c.eaters = {{"default", {"/default/video:default", "/other/audio:default"}}};
  c.feeders = {"default", "preview"};
  c.base_time_ns = 1'700'000'000'123'456'789ull;
  c.hungry_timeout_ms = -1;
  c.bouncer = true;
  c.consults = {{"office-lan", "ip-bouncer", "ip-bouncer", {{"allow", {"10.0.0.0/8"}}}}};
  c.version_range = ">=1.0 <2";
  c.takeover = true;
  return c;
}

inline std::vector<ComponentStatus> components() {
  return {{"/default/video",
           "videotest-producer",
           "edge-1",
           Mood::happy,
           Mood::unknown,
           4242,
           {},
           {{"cpu-percent", {"1.25"}}},
           "videotest-producer 1.0.0",
           ""},
          {"/default/http",
           "http-streamer",
           "edge-2",
           Mood::sad,
           Mood::sleeping,
           4343,
           {note(NoteLevel::error, "bind", "cannot bind port 8800", 1000),
            note(NoteLevel::info, "info", "", 2000)},
           {},
           "http-streamer 1.1.0",
           "^1.1 || =1.0.3"},
          {"/default/muxer",
           "webm-muxer",
           "",
           Mood::sleeping,
           Mood::happy,
           0,
           {note(NoteLevel::warning, "w", "slow", 7)},
           {},
           "",
           ""}};
}

inline std::vector<WorkerStatus> workers() {
  return {{"edge-1",
           "10.0.0.7",
           8600,
           true,
           99,
           {"vp8-encoder", "http-streamer"},
           3,
           1234567,
           2},
          {"edge-2", "", 8601, false, 0, {}, 0, 0, 0}};
}

inline WorkerHello sample(Tag<WorkerHello>) {
  return {"edge-1",
          "10.0.0.7",
          8600,
          31337,
          {{"/default/video", 4242, Mood::happy, 17, "videotest-producer 1.0.0"},
           {"/default/audio", 4343, Mood::sad, 0, ""}},
          {"videotest-producer"}};
}
inline WorkerWelcome sample(Tag<WorkerWelcome>) { return {"studio", 2000}; }
inline Heartbeat sample(Tag<Heartbeat>) { return {}; }
inline WorkerGoodbye sample(Tag<WorkerGoodbye>) { return {}; }
inline StartComponent sample(Tag<StartComponent>) { return {job_config()}; }
inline StopComponent sample(Tag<StopComponent>) { return {"/default/http"}; }
inline FeedAddress sample(Tag<FeedAddress>) {
  return {"/default/muxer", "/default/production:video",     "192.168.1.20", 8601,
          "f00d",           "/default/video-encoder:default"};
}
inline ComponentMood sample(Tag<ComponentMood>) {
  return {"/default/muxer", Mood::hungry, 777, "webm-muxer 1.0.0"};
}
inline ComponentNote sample(Tag<ComponentNote>) {
  return {"/default/http",
          note(NoteLevel::warning, "port-busy", "port 8800 is in use\nretrying", -5)};
}
inline JobExited sample(Tag<JobExited>) {
  return {"/default/video", 4242, 0, 9, "killed by signal 9 (Killed)"};
}
inline PlanetRequest sample(Tag<PlanetRequest>) { return {}; }
inline PlanetSnapshot sample(Tag<PlanetSnapshot>) {
  PlanetSnapshot s;
  s.planet = "planet-under-test";
  s.components = components();
  s.workers = workers();
  return s;
}
inline FeedRequest sample(Tag<FeedRequest>) {
  return {"/default/muxer:default", "/default/http", "tok"};
}
inline FeedReply sample(Tag<FeedReply>) { return {false, "no such feed"}; }
inline FeedClient sample(Tag<FeedClient>) {
  return {"/default/muxer", "/default/muxer:default"};
}
inline Refused sample(Tag<Refused>) { return {"unknown peer: log in first"}; }
inline Login sample(Tag<Login>) {
  return {PeerRole::worker, "edge-1", {{"kind", "password"}, {"username", "edge"}}};
}
inline LoginReply sample(Tag<LoginReply>) {
  return {KeycardState::challenge,
          {{"salt", "$6$abc$"}, {"challenge", "00ff"}},
          "studio",
          2000,
          30000};
}
inline Subscribe sample(Tag<Subscribe>) { return {}; }
inline StateSnapshot sample(Tag<StateSnapshot>) {
  return {41, "studio", components(), workers()};
}
inline StateDelta sample(Tag<StateDelta>) {
  return {42, components(), {"/default/gone"}, workers()};
}
inline AdminRequest sample(Tag<AdminRequest>) {
  return {"invoke", "/default/video-encoder", {"set-bitrate", "300000"}};
}
inline AdminReply sample(Tag<AdminReply>) {
  return {ReplyCode::no_target, "no component /x", {{"mood", {"happy"}}}};
}
inline Invoke sample(Tag<Invoke>) {
  return {"/default/video-encoder", 7, "set-bitrate", {"300000"}};
}
inline InvokeResult sample(Tag<InvokeResult>) {
  return {"/default/video-encoder", 7, true, "300000"};
}
inline UiState sample(Tag<UiState>) {
  return {"/default/http", {{"viewers", {"12"}}, {"gone", {}}}};
}
inline Authenticate sample(Tag<Authenticate>) {
  return {"/default/http", 9, "viewers", {{"kind", "token"}, {"token", "s3cret"}}};
}
inline AuthenticateReply sample(Tag<AuthenticateReply>) {
  return {"/default/http", 9, KeycardState::authenticated, {{"id", "k1"}}};
}
inline KeycardExpired sample(Tag<KeycardExpired>) {
  return {"/default/http", "k1", "time to live ran out"};
}
inline ExpireKeycard sample(Tag<ExpireKeycard>) { return {"/atmosphere/viewers", "k1"}; }
inline FeedGrant sample(Tag<FeedGrant>) {
  return {"/default/muxer:default", "/default/http", "tok", false};
}
inline BundleResolve sample(Tag<BundleResolve>) { return {"http-streamer", "", "^1.0"}; }
inline BundleResolution sample(Tag<BundleResolution>) {
  return {true,
          "",
          {{"flu-base", "1.0.0", std::string(64, 'a'), 1000},
           {"http-streamer", "1.1.0", std::string(64, 'b'), 2000000}},
          "http-streamer",
          "http-streamer"};
}
inline BundleFetch sample(Tag<BundleFetch>) {
  return {std::string(64, 'b'), 524288, 524288};
}
inline BundleChunk sample(Tag<BundleChunk>) {
  return {std::string(64, 'b'), true, "", 524288, 2000000, std::string(100, '\x7f')};
}
inline BundlePublish sample(Tag<BundlePublish>) {
  return {std::string(64, 'c'), 0, 10, "0123456789"};
}
inline UpgradeComponent sample(Tag<UpgradeComponent>) { return {job_config()}; }
inline HandoverBegin sample(Tag<HandoverBegin>) { return {"/default/http"}; }
inline HandoverItem sample(Tag<HandoverItem>) {
  return {"/default/http", "client", "address=10.0.0.9", true};
}
inline HandoverEnd sample(Tag<HandoverEnd>) {
  return {"/default/http", false, "timed out"};
}
inline BundleCacheStatus sample(Tag<BundleCacheStatus>) { return {15, 1500000, 3}; }
inline FlowClock sample(Tag<FlowClock>) {
  return {"/default/audio", false, "10.0.0.7", 8700};
}
inline RunCheck sample(Tag<RunCheck>) {
  return {7, "loop-producer", "^1.0", "files", {"/srv/media"}, 10000};
}
inline CheckResult sample(Tag<CheckResult>) {
  return {7,
          true,
          "2 files",
          {"file", "media-type"},
          {{"a.webm", {"video/webm"}}, {"b.ogg", {"application/ogg"}}}};
}
inline WatchComponents sample(Tag<WatchComponents>) {
  return {"/origin/streamer", {"/edges/streamer-1", "/edges/streamer-2"}};
}

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
  case Type::end:
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
