// Every message flu peers exchange. Each struct names its wire type; its
// serialize() is written here but instantiated only in codec.cpp, so this
// header stays free of Boost.Serialization.
//
// Wire type numbers are stable: append, never renumber. Every element of a
// collection in a message must encode at least 8 bytes (hold a string or a
// 64-bit field): the decoder relies on it to refuse inflated counts
// (bounded_iarchive.hpp).
#pragma once

#include "mood/mood.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace flu::message {

using Values = std::vector<std::pair<std::string, std::vector<std::string>>>;

enum class Type : uint16_t {
  invalid = 0,
  worker_hello = 1,
  worker_welcome = 2,
  heartbeat = 3,
  worker_goodbye = 4,
  start_component = 5,
  stop_component = 6,
  feed_address = 7,
  component_mood = 8,
  component_note = 9,
  job_exited = 10,
  planet_request = 11,
  planet_snapshot = 12,
  feed_request = 13,
  feed_reply = 14,
  feed_client = 15,
  refused = 16,
};

// A message shown to operators (Flumotion's Message): level 1 error, 2
// warning, 3 info. The id is stable, so that a newer message replaces an
// older one with the same id.
struct Note {
  uint8_t level = 0;
  std::string id;
  std::string text;
  int64_t timestamp_ms = 0;
  template <class A> void serialize(A &a, unsigned) { a &level &id &text &timestamp_ms; }
};

// Everything a job needs to run one component.
struct JobConfig {
  std::string avatar_id; // "/flow/name"
  std::string type;
  std::string module_id;
  Values properties; // canonical text, defaults filled in
  Values eaters;     // eater name → full feed ids "/flow/comp:feeder"
  std::vector<std::string> feeders;
  uint64_t base_time_ns = 0; // the flow's shared clock origin (CLOCK_REALTIME)
  int32_t hungry_timeout_ms = 5000;
  template <class A> void serialize(A &a, unsigned) {
    a &avatar_id &type &module_id &properties &eaters &feeders &base_time_ns
        &hungry_timeout_ms;
  }
};

struct RunningComponent {
  std::string avatar_id;
  uint32_t pid = 0;
  Mood mood = Mood::unknown;
  template <class A> void serialize(A &a, unsigned) { a &avatar_id &pid &mood; }
};

struct WorkerHello {
  static constexpr Type type = Type::worker_hello;
  std::string name;
  std::string feed_host; // empty: the manager uses the address it sees
  uint16_t feed_port = 0;
  uint32_t pid = 0;
  std::vector<RunningComponent> running;
  template <class A> void serialize(A &a, unsigned) {
    a &name &feed_host &feed_port &pid &running;
  }
};

struct WorkerWelcome {
  static constexpr Type type = Type::worker_welcome;
  std::string planet;
  int32_t heartbeat_ms = 0;
  template <class A> void serialize(A &a, unsigned) { a &planet &heartbeat_ms; }
};

struct Heartbeat {
  static constexpr Type type = Type::heartbeat;
  template <class A> void serialize(A &, unsigned) {}
};

struct WorkerGoodbye {
  static constexpr Type type = Type::worker_goodbye;
  template <class A> void serialize(A &, unsigned) {}
};

struct StartComponent {
  static constexpr Type type = Type::start_component;
  JobConfig config;
  template <class A> void serialize(A &a, unsigned) { a &config; }
};

struct StopComponent {
  static constexpr Type type = Type::stop_component;
  std::string avatar_id;
  template <class A> void serialize(A &a, unsigned) { a &avatar_id; }
};

// Where an eater finds a feed: the feeder's worker's feed server.
struct FeedAddress {
  static constexpr Type type = Type::feed_address;
  std::string avatar_id; // the eating component
  std::string feed_id;
  std::string host;
  uint16_t port = 0;
  template <class A> void serialize(A &a, unsigned) { a &avatar_id &feed_id &host &port; }
};

struct ComponentMood {
  static constexpr Type type = Type::component_mood;
  std::string avatar_id;
  Mood mood = Mood::unknown;
  uint32_t pid = 0;
  template <class A> void serialize(A &a, unsigned) { a &avatar_id &mood &pid; }
};

struct ComponentNote {
  static constexpr Type type = Type::component_note;
  std::string avatar_id;
  Note note;
  template <class A> void serialize(A &a, unsigned) { a &avatar_id &note; }
};

struct JobExited {
  static constexpr Type type = Type::job_exited;
  std::string avatar_id;
  uint32_t pid = 0;
  int32_t exit_code = 0; // valid when signal is 0
  int32_t signal = 0;
  std::string description; // "killed by signal 9 (Killed)"
  template <class A> void serialize(A &a, unsigned) {
    a &avatar_id &pid &exit_code &signal &description;
  }
};

struct PlanetRequest {
  static constexpr Type type = Type::planet_request;
  template <class A> void serialize(A &, unsigned) {}
};

struct ComponentStatus {
  std::string avatar_id;
  std::string type;
  std::string worker;
  Mood mood = Mood::unknown;
  uint32_t pid = 0;
  std::vector<Note> notes;
  template <class A> void serialize(A &a, unsigned) {
    a &avatar_id &type &worker &mood &pid &notes;
  }
};

struct WorkerStatus {
  std::string name;
  std::string host;
  uint16_t feed_port = 0;
  bool connected = false;
  template <class A> void serialize(A &a, unsigned) {
    a &name &host &feed_port &connected;
  }
};

struct PlanetSnapshot {
  static constexpr Type type = Type::planet_snapshot;
  std::string planet;
  std::vector<ComponentStatus> components;
  std::vector<WorkerStatus> workers;
  template <class A> void serialize(A &a, unsigned) { a &planet &components &workers; }
};

// An eater's first words to a feed server.
struct FeedRequest {
  static constexpr Type type = Type::feed_request;
  std::string feed_id;
  template <class A> void serialize(A &a, unsigned) { a &feed_id; }
};

struct FeedReply {
  static constexpr Type type = Type::feed_reply;
  bool ok = false;
  std::string reason;
  template <class A> void serialize(A &a, unsigned) { a &ok &reason; }
};

// Worker → feeder job: the socket that arrives with this message is an eater.
struct FeedClient {
  static constexpr Type type = Type::feed_client;
  std::string feeder;
  std::string feed_id;
  template <class A> void serialize(A &a, unsigned) { a &feeder &feed_id; }
};

// A peer's message was not accepted; says why.
struct Refused {
  static constexpr Type type = Type::refused;
  std::string reason;
  template <class A> void serialize(A &a, unsigned) { a &reason; }
};

#define FLU_MESSAGE_TYPES(X)                                                             \
  X(WorkerHello)                                                                         \
  X(WorkerWelcome)                                                                       \
  X(Heartbeat)                                                                           \
  X(WorkerGoodbye)                                                                       \
  X(StartComponent)                                                                      \
  X(StopComponent)                                                                       \
  X(FeedAddress)                                                                         \
  X(ComponentMood)                                                                       \
  X(ComponentNote)                                                                       \
  X(JobExited)                                                                           \
  X(PlanetRequest)                                                                       \
  X(PlanetSnapshot)                                                                      \
  X(FeedRequest)                                                                         \
  X(FeedReply)                                                                           \
  X(FeedClient)                                                                          \
  X(Refused)

} // namespace flu::message
