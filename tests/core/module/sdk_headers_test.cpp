// The SDK's public headers: C and C++ agree on the layout of every ABI
// struct, that layout is pinned (a change to it is an ABI break and must
// fail here first), and the helpers of each header do what they say. That
// each header compiles on its own, with only the flags of its SDK target,
// is checked by the translation units CMakeLists.txt generates for every
// header under sdk/include.
#include <flu/module.h>
#include <flu/sdk.hpp>
#include <flu/sdk/bouncer.hpp>
#include <flu/sdk/live_bitrate.hpp>
#include <flu/sdk/muxing.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

// Modules written against Host's former name still build.
static_assert(std::is_same_v<flu::sdk::Config, flu::sdk::Host>);

extern "C" const std::size_t flu_test_c_layout[];
extern "C" const std::size_t flu_test_c_layout_count;
extern "C" int flu_test_c_has_ui_state(const flu_host *host);
extern "C" int flu_test_c_reaches_kind(const flu_component_type *type);

namespace {

flu_property_spec flu_test_sdk_property() {
  return flu::sdk::property("bitrate", FLU_PROPERTY_INT, "bits per second", "400000");
}

std::string flu_test_mux_inputs() { return flu::sdk::mux_inputs(2, "default"); }

std::string ui_bitrate;

const char *no_id(void *) { return "/test/live-bitrate"; }
uint32_t no_count(void *, const char *) { return 0; }
const char *no_value(void *, const char *, uint32_t) { return nullptr; }
uint32_t no_feeds(void *, const char *) { return 0; }
void no_log(void *, flu_log_level, const char *) {}
void no_message(void *, flu_message_level, const char *, const char *) {}
void record_ui(void *, const char *key, const char *value) {
  if (std::string(key) == "bitrate")
    ui_bitrate = value;
}

// Drives LiveBitrate over fakesrc's num-buffers (a gint, as vp8enc's
// target-bitrate is) with a host that records the UI state: "OK UI" after
// set-bitrate 40 (40 units of 10 bit/s: 400), or the error.
std::string flu_test_live_bitrate(const std::string &bps) {
  gst_init(nullptr, nullptr);
  const flu_host host{.struct_size = sizeof(flu_host),
                      .self = nullptr,
                      .component_id = no_id,
                      .value_count = no_count,
                      .value = no_value,
                      .feed_count = no_feeds,
                      .log = no_log,
                      .message = no_message,
                      .message_translatable = nullptr,
                      .ui_state = record_ui,
                      .authenticate = nullptr,
                      .consult = nullptr,
                      .handover_pending = nullptr,
                      .handover_send = nullptr,
                      .handover_done = nullptr,
                      .hungry = nullptr,
                      .component_state = nullptr};
  GstElement *pipeline =
      gst_parse_launch("fakesrc name=enc num-buffers=7 ! fakesink", nullptr);
  std::string out;
  try {
    flu::sdk::LiveBitrate bitrate(flu::sdk::Host(&host), pipeline, "enc", "num-buffers",
                                  100, 1000, 10);
    out = "before " + ui_bitrate;
    out += " set " + bitrate.invoke("set-bitrate", {bps});
    out += " ui " + ui_bitrate;
  } catch (const std::exception &e) {
    out += " error " + std::string(e.what());
  }
  gst_object_unref(pipeline);
  return out;
}

struct NobodyBouncer {
  explicit NobodyBouncer(const flu::sdk::Host &) {}
  flu_keycard_state authenticate(const flu::sdk::Keycard &keycard,
                                 flu::sdk::Reply &reply) {
    if (keycard.get("username") == "throw")
      throw std::runtime_error("thrown for " + keycard.get("username"));
    return reply.refuse("nobody gets in");
  }
};

const flu_property_spec bouncer_properties[] = {flu::sdk::ttl_property(),
                                                flu::sdk::duration_property()};

flu_component_type flu_test_bouncer_type() {
  return flu::sdk::bouncer_type<NobodyBouncer>("nobody-bouncer", "refuses everyone",
                                               bouncer_properties);
}

} // namespace

BOOST_AUTO_TEST_CASE(module_h_compiles_as_c_with_the_same_layout_as_cpp) {
  const std::size_t cpp_layout[] = {
      sizeof(flu_property_spec),
      sizeof(flu_port_spec),
      sizeof(flu_host),
      sizeof(flu_component_ops),
      sizeof(flu_component_type),
      sizeof(flu_module),
      offsetof(flu_component_type, ops),
      offsetof(flu_module, n_types),
      sizeof(flu_keycard_field),
      sizeof(flu_keycard),
      sizeof(flu_bouncer_ops),
      offsetof(flu_component_type, bouncer),
      offsetof(flu_host, consult),
      offsetof(flu_component_type, kind),
      sizeof(flu_check_spec),
      offsetof(flu_component_type, checks),
      offsetof(flu_check_spec, run),
      offsetof(flu_host, hungry),
      offsetof(flu_host, component_state),
  };
  const std::size_t n = sizeof(cpp_layout) / sizeof(cpp_layout[0]);
  BOOST_REQUIRE(flu_test_c_layout_count == n);
  for (std::size_t i = 0; i < n; ++i)
    BOOST_TEST(flu_test_c_layout[i] == cpp_layout[i], "layout entry " << i);
}

BOOST_AUTO_TEST_CASE(abi_struct_sizes_are_pinned) {
  // LP64 (x86-64, aarch64). Fields are only ever appended, and appending one
  // means a new ABI minor: update these numbers together with FLU_ABI_MINOR.
  static_assert(sizeof(void *) == 8, "the pinned sizes are for LP64");
  BOOST_TEST(FLU_ABI_MAJOR == 1);
  BOOST_TEST(FLU_ABI_MINOR == 5);
  BOOST_TEST(sizeof(flu_property_spec) == 48u);
  BOOST_TEST(sizeof(flu_port_spec) == 32u);
  BOOST_TEST(sizeof(flu_host) == 136u);
  BOOST_TEST(sizeof(flu_component_ops) == 64u);
  BOOST_TEST(sizeof(flu_component_type) == 120u);
  BOOST_TEST(sizeof(flu_check_spec) == 56u);
  BOOST_TEST(sizeof(flu_module) == 48u);
  BOOST_TEST(sizeof(flu_keycard_field) == 16u);
  BOOST_TEST(sizeof(flu_keycard) == 24u);
  BOOST_TEST(sizeof(flu_bouncer_ops) == 32u);
  // Where ABI 1.0 ended: the loader accepts structs of these sizes.
  BOOST_TEST(offsetof(flu_component_type, bouncer) == 88u);
  BOOST_TEST(offsetof(flu_component_ops, invoke) == 32u);
  // Where ABI 1.1 ended.
  BOOST_TEST(offsetof(flu_component_ops, handover_out) == 48u);
  BOOST_TEST(offsetof(flu_host, handover_pending) == 96u);
  // Where ABI 1.2 ended.
  BOOST_TEST(offsetof(flu_component_type, kind) == 96u);
  BOOST_TEST(sizeof(flu_component_kind) == 4u);
  // Where ABI 1.3 ended.
  BOOST_TEST(offsetof(flu_component_type, checks) == 104u);
  // Read before anything else is trusted, so they never move.
  BOOST_TEST(offsetof(flu_module, abi_major) == 0u);
  BOOST_TEST(offsetof(flu_module, abi_minor) == 4u);
  BOOST_TEST(offsetof(flu_module, struct_size) == 8u);
}

namespace {
void ui_state_sink(void *, const char *, const char *) {}
} // namespace

BOOST_AUTO_TEST_CASE(has_field_asks_whether_the_struct_reaches_the_field_in_c_and_cpp) {
  flu_host host{};
  host.ui_state = ui_state_sink;
  // A host built before ABI 1.1 ends where ui_state's neighbour begins:
  // whatever lies beyond is not its.
  host.struct_size = offsetof(flu_host, message_translatable);
  BOOST_TEST(!FLU_HAS_CALLBACK(&host, flu_host, ui_state));
  BOOST_TEST(!flu_test_c_has_ui_state(&host));
  host.struct_size = offsetof(flu_host, ui_state) + sizeof(host.ui_state) - 1;
  BOOST_TEST(!FLU_HAS_CALLBACK(&host, flu_host, ui_state));
  BOOST_TEST(!flu_test_c_has_ui_state(&host));
  host.struct_size = offsetof(flu_host, ui_state) + sizeof(host.ui_state);
  BOOST_TEST(FLU_HAS_CALLBACK(&host, flu_host, ui_state));
  BOOST_TEST(flu_test_c_has_ui_state(&host));
  // Reached but not set.
  host.ui_state = nullptr;
  BOOST_TEST(FLU_HAS_FIELD(&host, flu_host, ui_state));
  BOOST_TEST(!FLU_HAS_CALLBACK(&host, flu_host, ui_state));
  BOOST_TEST(!flu_test_c_has_ui_state(&host));
  const flu_host *none = nullptr;
  BOOST_TEST(!FLU_HAS_FIELD(none, flu_host, log));
  BOOST_TEST(!flu_test_c_has_ui_state(nullptr));

  // A type of ABI 1.2 (96 bytes) does not reach 1.3's kind.
  flu_component_type type{};
  type.struct_size = 96;
  BOOST_TEST(!FLU_HAS_FIELD(&type, flu_component_type, kind));
  BOOST_TEST(!flu_test_c_reaches_kind(&type));
  type.struct_size = sizeof(flu_component_type);
  BOOST_TEST(FLU_HAS_FIELD(&type, flu_component_type, kind));
  BOOST_TEST(flu_test_c_reaches_kind(&type));
}

BOOST_AUTO_TEST_CASE(sdk_hpp_declares_a_property) {
  const flu_property_spec p = flu_test_sdk_property();
  BOOST_TEST(p.struct_size == sizeof(flu_property_spec));
  BOOST_TEST(std::string(p.name) == "bitrate");
  BOOST_TEST(p.type == FLU_PROPERTY_INT);
  BOOST_TEST(std::string(p.default_value) == "400000");
}

BOOST_AUTO_TEST_CASE(sdk_muxing_hpp_writes_the_mux_inputs) {
  const std::string text = flu_test_mux_inputs();
  BOOST_TEST(text.find("@eater:default:0@ ! queue name=flu-mux-in-0") !=
                 std::string::npos,
             text);
  BOOST_TEST(text.find("@eater:default:1@ ! queue name=flu-mux-in-1") !=
                 std::string::npos,
             text);
}

BOOST_AUTO_TEST_CASE(sdk_live_bitrate_hpp_sets_live) {
  // num-buffers=7 at 10 bit/s per unit reads as 70 bit/s.
  BOOST_TEST(flu_test_live_bitrate("400") == "before 70 set 400 ui 400");
  const std::string low = flu_test_live_bitrate("99");
  BOOST_TEST(low.find("bitrate must be between 100 and 1000 bit/s, got 99") !=
                 std::string::npos,
             low);
  const std::string junk = flu_test_live_bitrate("4k");
  BOOST_TEST(junk.find("whole number") != std::string::npos, junk);
}

BOOST_AUTO_TEST_CASE(sdk_bouncer_hpp_makes_a_bouncer_type) {
  const flu_component_type type = flu_test_bouncer_type();
  BOOST_TEST(std::string(type.name) == "nobody-bouncer");
  BOOST_TEST(!type.ops);
  BOOST_TEST(type.kind == FLU_COMPONENT_KIND_BOUNCER);
  BOOST_REQUIRE(type.bouncer);
  BOOST_TEST(type.bouncer->struct_size == sizeof(flu_bouncer_ops));
  BOOST_REQUIRE(type.n_properties == 2u);
  BOOST_TEST(std::string(type.properties[0].name) == "ttl");
  BOOST_TEST(std::string(type.properties[1].default_value) == "0");

  // No properties given: ttl and duration read as 0.
  struct Host {
    static const char *id(void *) { return "/atmosphere/nobody"; }
    static uint32_t count(void *, const char *) { return 0; }
    static const char *value(void *, const char *, uint32_t) { return nullptr; }
  };
  flu_host host{};
  host.struct_size = sizeof(flu_host);
  host.component_id = &Host::id;
  host.value_count = &Host::count;
  host.value = &Host::value;
  void *instance = nullptr;
  char *error = nullptr;
  BOOST_REQUIRE(type.bouncer->create(&host, &instance, &error) == 0);

  std::string reason;
  auto reply = [](void *ctx, const char *name, const char *value) {
    if (std::string(name) == "reason")
      *static_cast<std::string *>(ctx) = value;
  };
  const flu_keycard_field fields[] = {{"username", "throw"}};
  flu_keycard keycard = {sizeof(flu_keycard), fields, 1};
  // The bouncer's exception becomes a refusal with its text as the reason.
  BOOST_TEST(type.bouncer->authenticate(instance, &keycard, reply, &reason) ==
             FLU_KEYCARD_REFUSED);
  BOOST_TEST(reason == "thrown for throw");
  keycard.n_fields = 0;
  BOOST_TEST(type.bouncer->authenticate(instance, &keycard, reply, &reason) ==
             FLU_KEYCARD_REFUSED);
  BOOST_TEST(reason == "nobody gets in");
  type.bouncer->destroy(instance);
}

namespace {

std::vector<std::pair<flu_log_level, std::string>> logged;

void record_log(void *, flu_log_level level, const char *text) {
  logged.emplace_back(level, text);
}

struct ThrowingComponent {
  static std::string pipeline(const flu::sdk::Host &) { return "fakesrc ! fakesink"; }
  ThrowingComponent(const flu::sdk::Host &, GstElement *) {}
  void keycard_expired(const std::string &id) {
    throw std::runtime_error("cannot drop the holders of " + id);
  }
};

bool was_logged(flu_log_level level, const std::string &text) {
  for (const auto &[l, t] : logged)
    if (l == level && t == text)
      return true;
  return false;
}

} // namespace

BOOST_AUTO_TEST_CASE(exceptions_at_the_boundary_are_logged_with_their_text) {
  logged.clear();
  const flu_host host{.struct_size = sizeof(flu_host),
                      .self = nullptr,
                      .component_id = no_id,
                      .value_count = no_count,
                      .value = no_value,
                      .feed_count = no_feeds,
                      .log = record_log,
                      .message = no_message,
                      .message_translatable = nullptr,
                      .ui_state = nullptr,
                      .authenticate = nullptr,
                      .consult = nullptr,
                      .handover_pending = nullptr,
                      .handover_send = nullptr,
                      .handover_done = nullptr,
                      .hungry = nullptr,
                      .component_state = nullptr};

  // Nothing else carries keycard_expired's failure: a warning says it.
  const flu_component_ops *ops = flu::sdk::detail::ops<ThrowingComponent>();
  void *instance = nullptr;
  char *error = nullptr;
  BOOST_REQUIRE(ops->start(&host, nullptr, &instance, &error) == 0);
  ops->keycard_expired(instance, "k1");
  ops->stop(instance);
  BOOST_TEST(
      was_logged(FLU_LOG_WARNING, "keycard_expired k1: cannot drop the holders of k1"));

  // A refusal carries the text back; the log has it too, for debugging.
  const flu_component_type type = flu_test_bouncer_type();
  BOOST_REQUIRE(type.bouncer->create(&host, &instance, &error) == 0);
  const flu_keycard_field fields[] = {{.name = "username", .value = "throw"}};
  const flu_keycard keycard = {
      .struct_size = sizeof(flu_keycard), .fields = fields, .n_fields = 1};
  auto ignore = [](void *, const char *, const char *) {};
  BOOST_TEST(type.bouncer->authenticate(instance, &keycard, ignore, nullptr) ==
             FLU_KEYCARD_REFUSED);
  type.bouncer->destroy(instance);
  BOOST_TEST(was_logged(FLU_LOG_DEBUG, "authenticate: thrown for throw"));
}
