// Every message flu peers exchange. Each struct names its wire type; its
// serialize() is written here but instantiated only in codec.cpp, so this
// header stays free of Boost.Serialization.
//
// Wire type numbers are stable: append, never renumber. Every element of a
// collection in a message must encode at least 8 bytes (hold a string or a
// 64-bit field): the decoder relies on it to refuse inflated counts
// (bounded_iarchive.hpp).
#pragma once

#include "message/protocol.hpp"
#include "mood/mood.hpp"

#include <cstddef>
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
  login = 17,
  login_reply = 18,
  subscribe = 19,
  state_snapshot = 20,
  state_delta = 21,
  admin_request = 22,
  admin_reply = 23,
  invoke = 24,
  invoke_result = 25,
  ui_state = 26,
  authenticate = 27,
  authenticate_reply = 28,
  keycard_expired = 29,
  expire_keycard = 30,
  feed_grant = 31,
  bundle_resolve = 32,
  bundle_resolution = 33,
  bundle_fetch = 34,
  bundle_chunk = 35,
  bundle_publish = 36,
  upgrade_component = 37,
  handover_begin = 38,
  handover_item = 39,
  handover_end = 40,
  bundle_cache_status = 41,
  flow_clock = 42,
  run_check = 43,
  check_result = 44,
  watch_components = 45,
  // Not a wire type: one past the last. Append new types above it.
  end,
};

// A message shown to operators (Flumotion's Message); an error level turns
// the component sad. The id is stable, so that a newer message replaces an
// older one with the same id. Its text is translated where it is shown:
// format is looked up in the gettext domain, then its positional arguments
// (%1%, %2%, ...) are filled in; with no domain and no arguments the format
// is shown as it is (i18n/translate.hpp).
struct Note {
  NoteLevel level = NoteLevel::invalid;
  std::string id;
  std::string domain; // gettext domain; "" = not translatable
  std::string format;
  std::vector<std::string> args;
  int64_t timestamp_ms = 0;
  std::string debug; // untranslated detail for developers
  template <class A> void serialize(A &a, unsigned) {
    a &level &id &domain &format &args &timestamp_ms &debug;
  }
};

// A credential as named text fields (see flu_keycard in <flu/module.h> for
// the well-known names). Each field encodes two strings, so ≥ 16 bytes.
using KeycardFields = std::vector<std::pair<std::string, std::string>>;

enum class KeycardState : uint8_t { refused = 0, authenticated = 1, challenge = 2 };

// Another bouncer of the planet that a bouncer may consult in-process.
struct BouncerConfig {
  std::string name; // as the consulting bouncer names it
  std::string type;
  std::string module_id;
  Values properties;
  template <class A> void serialize(A &a, unsigned) {
    a &name &type &module_id &properties;
  }
};

// Everything a job needs to run one component.
struct JobConfig {
  std::string component_id; // "/flow/name"
  std::string type;
  std::string module_id;
  Values properties; // canonical text, defaults filled in
  Values eaters;     // eater name → full feed ids "/flow/comp:feeder"
  std::vector<std::string> feeders;
  uint64_t base_time_ns = 0; // the flow's shared clock origin (CLOCK_REALTIME)
  int32_t hungry_timeout_ms = 5000;
  bool bouncer = false; // the type is a bouncer: no pipeline
  // For a bouncer: the planet's other bouncers it may consult (multi-bouncer).
  std::vector<BouncerConfig> consults;
  // The versions of the type's bundle the planet accepts ("" = any); the
  // worker asks the manager to resolve it (BundleResolve).
  std::string version_range;
  // Hot upgrade: this job takes the place of the running job of the same
  // component (HandoverBegin/Item/End) instead of starting afresh.
  bool takeover = false;
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &type &module_id &properties &eaters &feeders &base_time_ns
        &hungry_timeout_ms &bouncer &consults &version_range &takeover;
  }
};

struct RunningComponent {
  std::string component_id;
  uint32_t pid = 0;
  Mood mood = Mood::unknown;
  uint64_t base_time_ns = 0; // so that a restarted manager keeps the flow clock
  std::string version;       // the bundle it runs: "http-streamer 1.1.0"
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &pid &mood &base_time_ns &version;
  }
};

struct WorkerHello {
  static constexpr Type type = Type::worker_hello;
  std::string name;
  std::string feed_host; // empty: the manager uses the address it sees
  uint16_t feed_port = 0;
  uint32_t pid = 0;
  std::vector<RunningComponent> running;
  std::vector<std::string> types; // component types it can run
  template <class A> void serialize(A &a, unsigned) {
    a &name &feed_host &feed_port &pid &running &types;
  }
};

struct WorkerWelcome {
  static constexpr Type type = Type::worker_welcome;
  std::string planet;
  int32_t heartbeat_ms = 0;
  template <class A> void serialize(A &a, unsigned) { a &planet &heartbeat_ms; }
};

// Both ways: a peer pings, the manager answers; any message counts as life.
struct Heartbeat {
  static constexpr Type type = Type::heartbeat;
  template <class A> void serialize(A &, unsigned) {}
};

// A peer is leaving on purpose (a worker's jobs stop with it; an admin
// just logs out).
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
  std::string component_id;
  template <class A> void serialize(A &a, unsigned) { a &component_id; }
};

// Where an eater finds a feed: the feeder's worker's feed server, and the
// token that proves to it that the manager let this eater in.
struct FeedAddress {
  static constexpr Type type = Type::feed_address;
  std::string component_id; // the eating component
  std::string feed_id;      // as the eater's JobConfig names it
  std::string host;
  uint16_t port = 0;
  std::string token;
  // The feed to ask the feed server for: empty for feed_id itself; for a
  // virtual feed (several providers, docs/planet.md) the real feed of the
  // provider the manager chose. A new source moves the eater over.
  std::string source;
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &feed_id &host &port &token &source;
  }
};

// Manager → the feeder's worker: which eater may take which feed, with what
// token (revoked = the grant is withdrawn).
struct FeedGrant {
  static constexpr Type type = Type::feed_grant;
  std::string feed_id;
  std::string eater; // component id of the eating component
  std::string token;
  bool revoked = false;
  template <class A> void serialize(A &a, unsigned) { a &feed_id &eater &token &revoked; }
};

struct ComponentMood {
  static constexpr Type type = Type::component_mood;
  std::string component_id;
  Mood mood = Mood::unknown;
  uint32_t pid = 0;
  std::string
      version; // the bundle the job runs ("http-streamer 1.1.0"); set by the worker
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &mood &pid &version;
  }
};

struct ComponentNote {
  static constexpr Type type = Type::component_note;
  std::string component_id;
  Note note;
  template <class A> void serialize(A &a, unsigned) { a &component_id &note; }
};

struct JobExited {
  static constexpr Type type = Type::job_exited;
  std::string component_id;
  uint32_t pid = 0;
  int32_t exit_code = 0; // valid when signal is 0
  int32_t signal = 0;
  std::string description; // "killed by signal 9 (Killed)"
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &pid &exit_code &signal &description;
  }
};

struct PlanetRequest {
  static constexpr Type type = Type::planet_request;
  template <class A> void serialize(A &, unsigned) {}
};

// One component as admins see it (Flumotion's ManagerComponentState plus
// the job's uiState).
struct ComponentStatus {
  std::string component_id;
  std::string type;
  std::string worker;
  Mood mood = Mood::unknown;
  Mood pending = Mood::unknown; // the mood asked for and not reached yet
  uint32_t pid = 0;
  std::vector<Note> notes;
  Values ui;           // published by its job: cpu, memory, uptime, viewers, bitrate...
  std::string version; // the bundle it runs: "http-streamer 1.1.0"
  // The versions the planet accepts ("^1.0"; "" any): what a start, or an
  // upgrade without a version, resolves.
  std::string version_range;
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &type &worker &mood &pending &pid &notes &ui &version &version_range;
  }
};

struct WorkerStatus {
  std::string name;
  std::string host;
  uint16_t feed_port = 0;
  bool connected = false;
  uint32_t pid = 0;
  std::vector<std::string> types; // component types it can run
  // Its bundle cache: what it fetched from the manager since it started,
  // and what it found already cached.
  uint64_t bundles_fetched = 0;
  uint64_t bundle_bytes_fetched = 0;
  uint64_t bundle_cache_hits = 0;
  template <class A> void serialize(A &a, unsigned) {
    a &name &host &feed_port &connected &pid &types &bundles_fetched &bundle_bytes_fetched
        &bundle_cache_hits;
  }
};

struct PlanetSnapshot {
  static constexpr Type type = Type::planet_snapshot;
  std::string planet;
  std::vector<ComponentStatus> components;
  std::vector<WorkerStatus> workers;
  template <class A> void serialize(A &a, unsigned) { a &planet &components &workers; }
};

// An eater's first words to a feed server: the token comes from the
// manager's FeedAddress.
struct FeedRequest {
  static constexpr Type type = Type::feed_request;
  std::string feed_id;
  std::string eater;
  std::string token;
  template <class A> void serialize(A &a, unsigned) { a &feed_id &eater &token; }
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

// A peer's first words: who it is (worker, admin) and its keycard. The
// manager answers with a LoginReply; a challenge is answered with a second
// Login carrying the keycard's id and response.
struct Login {
  static constexpr Type type = Type::login;
  PeerRole role = PeerRole::invalid;
  std::string name;
  KeycardFields keycard;
  template <class A> void serialize(A &a, unsigned) { a &role &name &keycard; }
};

struct LoginReply {
  static constexpr Type type = Type::login_reply;
  KeycardState state = KeycardState::refused;
  KeycardFields keycard; // id, salt, scheme, challenge; reason when refused
  std::string planet;
  int32_t heartbeat_ms = 0;
  int32_t peer_timeout_ms = 0;
  template <class A> void serialize(A &a, unsigned) {
    a &state &keycard &planet &heartbeat_ms &peer_timeout_ms;
  }
};

// Admin → manager: send me the planet's state, then every change.
struct Subscribe {
  static constexpr Type type = Type::subscribe;
  template <class A> void serialize(A &, unsigned) {}
};

struct StateSnapshot {
  static constexpr Type type = Type::state_snapshot;
  uint64_t seq = 0; // the first delta after it has seq + 1
  std::string planet;
  std::vector<ComponentStatus> components;
  std::vector<WorkerStatus> workers;
  template <class A> void serialize(A &a, unsigned) {
    a &seq &planet &components &workers;
  }
};

// Whole records that changed since the previous delta, in order.
struct StateDelta {
  static constexpr Type type = Type::state_delta;
  uint64_t seq = 0;
  std::vector<ComponentStatus> components;
  std::vector<std::string> removed_components;
  std::vector<WorkerStatus> workers;
  template <class A> void serialize(A &a, unsigned) {
    a &seq &components &removed_components &workers;
  }
};

// flu-command's verbs: start, stop, restart, delete, property, invoke,
// load, export, keycards, expire. The envelope's request id pairs it with
// its AdminReply.
struct AdminRequest {
  static constexpr Type type = Type::admin_request;
  std::string verb;
  std::string target; // "/flow/component", a bouncer, or ""
  std::vector<std::string> args;
  template <class A> void serialize(A &a, unsigned) { a &verb &target &args; }
};

// code: what became of the request (protocol.hpp).
struct AdminReply {
  static constexpr Type type = Type::admin_reply;
  ReplyCode code = ReplyCode::done;
  std::string text; // what a person reads; the XML for export
  Values values;    // what a script reads
  template <class A> void serialize(A &a, unsigned) { a &code &text &values; }
};

// Manager → worker → job: call a method of the running component.
struct Invoke {
  static constexpr Type type = Type::invoke;
  std::string component_id;
  uint64_t request = 0;
  std::string method;
  std::vector<std::string> args;
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &request &method &args;
  }
};

struct InvokeResult {
  static constexpr Type type = Type::invoke_result;
  std::string component_id;
  uint64_t request = 0;
  bool ok = false;
  std::string result; // or the error
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &request &ok &result;
  }
};

// Job → worker → manager: entries of the component's UI state that changed.
struct UiState {
  static constexpr Type type = Type::ui_state;
  std::string component_id;
  Values entries; // each with one value; an empty list removes the key
  template <class A> void serialize(A &a, unsigned) { a &component_id &entries; }
};

// A component asks a bouncer (by name in the atmosphere) about a keycard.
// Requester's job → worker → manager → the bouncer's worker → bouncer job,
// and the reply back the same way. component_id is the requester.
struct Authenticate {
  static constexpr Type type = Type::authenticate;
  std::string component_id;
  uint64_t request = 0;
  std::string bouncer;
  KeycardFields keycard;
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &request &bouncer &keycard;
  }
};

struct AuthenticateReply {
  static constexpr Type type = Type::authenticate_reply;
  std::string component_id; // the requester
  uint64_t request = 0;
  KeycardState state = KeycardState::refused;
  KeycardFields keycard;
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &request &state &keycard;
  }
};

// A bouncer expired a keycard: its holder must go. component_id is the
// component that obtained it (empty for the manager's own sessions).
struct KeycardExpired {
  static constexpr Type type = Type::keycard_expired;
  std::string component_id;
  std::string keycard_id;
  std::string reason;
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &keycard_id &reason;
  }
};

// Manager → a bouncer's job: expire this keycard now (an operator asked).
struct ExpireKeycard {
  static constexpr Type type = Type::expire_keycard;
  std::string component_id; // the bouncer
  std::string keycard_id;
  template <class A> void serialize(A &a, unsigned) { a &component_id &keycard_id; }
};

// ---- bundles (docs/bundles.md) ----

// One bundle file of the manager's repository. `sha256` (hex) of the whole
// file is its content address.
struct BundleRef {
  std::string name;
  std::string version;
  std::string sha256;
  uint64_t size = 0;
  template <class A> void serialize(A &a, unsigned) { a &name &version &sha256 &size; }
};

// Worker or admin → manager: the bundles a component type (or a bundle, by
// name) needs, resolved. The envelope's request id pairs it with its
// BundleResolution.
struct BundleResolve {
  static constexpr Type type = Type::bundle_resolve;
  std::string component_type; // either this...
  std::string bundle;         // ...or a bundle name
  std::string range;          // the versions accepted; "" = any
  template <class A> void serialize(A &a, unsigned) { a &component_type &bundle &range; }
};

struct BundleResolution {
  static constexpr Type type = Type::bundle_resolution;
  bool ok = false;
  std::string error;              // names the bundles and ranges involved
  std::vector<BundleRef> bundles; // dependencies first
  std::string module_bundle;      // which of them provides the type
  std::string module_id;          // and the module inside it
  template <class A> void serialize(A &a, unsigned) {
    a &ok &error &bundles &module_bundle &module_id;
  }
};

// Worker or admin → manager: a piece of a bundle file, by content address.
struct BundleFetch {
  static constexpr Type type = Type::bundle_fetch;
  std::string sha256;
  uint64_t offset = 0;
  uint32_t max_bytes = 0;
  template <class A> void serialize(A &a, unsigned) { a &sha256 &offset &max_bytes; }
};

struct BundleChunk {
  static constexpr Type type = Type::bundle_chunk;
  std::string sha256;
  bool ok = false;
  std::string error;
  uint64_t offset = 0;
  uint64_t total = 0; // the whole file's size
  std::string data;
  template <class A> void serialize(A &a, unsigned) {
    a &sha256 &ok &error &offset &total &data;
  }
};

// Admin → manager: a piece of a bundle file to publish, in order. Each is
// answered with an AdminReply; the last one's says what was published.
struct BundlePublish {
  static constexpr Type type = Type::bundle_publish;
  std::string sha256; // of the whole file
  uint64_t offset = 0;
  uint64_t total = 0;
  std::string data;
  template <class A> void serialize(A &a, unsigned) { a &sha256 &offset &total &data; }
};

// Worker → manager: its bundle cache's figures since the worker started
// (shown in WorkerStatus), sent whenever they change.
struct BundleCacheStatus {
  static constexpr Type type = Type::bundle_cache_status;
  uint64_t bundles_fetched = 0;
  uint64_t bytes_fetched = 0;
  uint64_t cache_hits = 0;
  template <class A> void serialize(A &a, unsigned) {
    a &bundles_fetched &bytes_fetched &cache_hits;
  }
};

// ---- hot upgrade (docs/bundles.md) ----

// Manager → worker: run this component with the new configuration (another
// bundle version) in place of the running job, keeping its clients.
struct UpgradeComponent {
  static constexpr Type type = Type::upgrade_component;
  JobConfig config;
  template <class A> void serialize(A &a, unsigned) { a &config; }
};

// Worker → the running (old) job: hand your state and sockets over.
struct HandoverBegin {
  static constexpr Type type = Type::handover_begin;
  std::string component_id;
  template <class A> void serialize(A &a, unsigned) { a &component_id; }
};

// Old job → worker → new job: one piece of state, with a file descriptor
// when has_fd (SCM_RIGHTS, one per packet).
struct HandoverItem {
  static constexpr Type type = Type::handover_item;
  std::string component_id;
  std::string key;
  std::string data;
  bool has_fd = false;
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &key &data &has_fd;
  }
};

// Old job → worker → new job: everything was handed over (or not: error).
struct HandoverEnd {
  static constexpr Type type = Type::handover_end;
  std::string component_id;
  bool ok = false;
  std::string error;
  template <class A> void serialize(A &a, unsigned) { a &component_id &ok &error; }
};

// Manager → worker → job: the flow's network clock (docs/clock.md). The
// worker keeps the latest for each component and gives it to the job before
// its configuration. master: this job publishes the flow's clock, on `port`
// when it can (the one it had before; 0: any). Otherwise the job runs its
// pipeline on the master's clock at host:port; an empty host says the
// master has not published it yet, or has gone.
struct FlowClock {
  static constexpr Type type = Type::flow_clock;
  std::string component_id;
  bool master = false;
  std::string host;
  uint16_t port = 0;
  template <class A> void serialize(A &a, unsigned) {
    a &component_id &master &host &port;
  }
};

// ---- runtime checks (docs/control-plane.md "Runtime checks") ----

// Manager → worker: run a check of a component type's module (fetching its
// bundles as for a start) in a process of its own, within timeout_ms.
struct RunCheck {
  static constexpr Type type = Type::run_check;
  uint64_t request = 0;
  std::string component_type;
  std::string range; // the bundle versions accepted; "" = any
  std::string check;
  std::vector<std::string> args;
  int32_t timeout_ms = 0;
  template <class A> void serialize(A &a, unsigned) {
    a &request &component_type &range &check &args &timeout_ms;
  }
};

// Check process → worker → manager: the answer. ok: the check answered
// (text is its summary); otherwise text says why not ("timed out after
// 2 s", "crashed: killed by signal 11", the check's own error). A row is
// its first cell and the others, one per column after the first.
struct CheckResult {
  static constexpr Type type = Type::check_result;
  uint64_t request = 0;
  bool ok = false;
  std::string text;
  std::vector<std::string> columns;
  Values rows;
  template <class A> void serialize(A &a, unsigned) {
    a &request &ok &text &columns &rows;
  }
};

// ---- other components' state (docs/archive.md "Load balancing") ----

// Job → worker → manager: the components whose replicated state this job
// reads (flu_host::component_state), all of them each time (it replaces
// the previous list). The manager answers with a StateDelta holding their
// records now, and then sends every change of theirs to the worker (the
// admins' StateDelta, notes left out, seq 0), which hands each job the
// records it watches. component_id is the watcher (the worker sets it).
struct WatchComponents {
  static constexpr Type type = Type::watch_components;
  std::string component_id;
  std::vector<std::string> watched;
  template <class A> void serialize(A &a, unsigned) { a &component_id &watched; }
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
  X(Refused)                                                                             \
  X(Login)                                                                               \
  X(LoginReply)                                                                          \
  X(Subscribe)                                                                           \
  X(StateSnapshot)                                                                       \
  X(StateDelta)                                                                          \
  X(AdminRequest)                                                                        \
  X(AdminReply)                                                                          \
  X(Invoke)                                                                              \
  X(InvokeResult)                                                                        \
  X(UiState)                                                                             \
  X(Authenticate)                                                                        \
  X(AuthenticateReply)                                                                   \
  X(KeycardExpired)                                                                      \
  X(ExpireKeycard)                                                                       \
  X(FeedGrant)                                                                           \
  X(BundleResolve)                                                                       \
  X(BundleResolution)                                                                    \
  X(BundleFetch)                                                                         \
  X(BundleChunk)                                                                         \
  X(BundlePublish)                                                                       \
  X(UpgradeComponent)                                                                    \
  X(HandoverBegin)                                                                       \
  X(HandoverItem)                                                                        \
  X(HandoverEnd)                                                                         \
  X(BundleCacheStatus)                                                                   \
  X(FlowClock)                                                                           \
  X(RunCheck)                                                                            \
  X(CheckResult)                                                                         \
  X(WatchComponents)

namespace detail {
// Whether every wire type before Type::end has a struct in FLU_MESSAGE_TYPES
// (and no struct claims a type twice or one outside that range): a type
// appended to the enum fails to compile until it is listed.
constexpr bool every_type_listed() {
  constexpr auto last = static_cast<std::size_t>(Type::end) - 1;
  bool listed[last + 1] = {};
  bool ok = true;
  auto mark = [&](Type t) {
    const auto i = static_cast<std::size_t>(t);
    if (i == 0 || i > last || listed[i])
      ok = false;
    else
      listed[i] = true;
  };
#define FLU_MARK(M) mark(M::type);
  FLU_MESSAGE_TYPES(FLU_MARK)
#undef FLU_MARK
  for (std::size_t i = 1; i <= last; ++i)
    ok = ok && listed[i];
  return ok;
}
} // namespace detail

static_assert(detail::every_type_listed(),
              "every message::Type before Type::end needs its struct in "
              "FLU_MESSAGE_TYPES, once");

} // namespace flu::message
