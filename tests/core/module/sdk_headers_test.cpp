// The SDK's public headers: each compiles on its own (header_*.c/.cpp, one
// translation unit per header, including nothing else), C and C++ agree on
// the layout of every ABI struct, and that layout is pinned: a change to it
// is an ABI break and must fail here first.
#include <flu/module.h>

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <string>

extern "C" const std::size_t flu_test_c_layout[];
extern "C" const std::size_t flu_test_c_layout_count;
flu_property_spec flu_test_sdk_property();
std::string flu_test_mux_inputs();
std::string flu_test_live_bitrate(const std::string &bps);
flu_component_type flu_test_bouncer_type();

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
  BOOST_TEST(FLU_ABI_MINOR == 2);
  BOOST_TEST(sizeof(flu_property_spec) == 48u);
  BOOST_TEST(sizeof(flu_port_spec) == 32u);
  BOOST_TEST(sizeof(flu_host) == 120u);
  BOOST_TEST(sizeof(flu_component_ops) == 64u);
  BOOST_TEST(sizeof(flu_component_type) == 96u);
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
  // Read before anything else is trusted, so they never move.
  BOOST_TEST(offsetof(flu_module, abi_major) == 0u);
  BOOST_TEST(offsetof(flu_module, abi_minor) == 4u);
  BOOST_TEST(offsetof(flu_module, struct_size) == 8u);
}

BOOST_AUTO_TEST_CASE(sdk_hpp_compiles_on_its_own) {
  const flu_property_spec p = flu_test_sdk_property();
  BOOST_TEST(p.struct_size == sizeof(flu_property_spec));
  BOOST_TEST(std::string(p.name) == "bitrate");
  BOOST_TEST(p.type == FLU_PROPERTY_INT);
  BOOST_TEST(std::string(p.default_value) == "400000");
}

BOOST_AUTO_TEST_CASE(sdk_muxing_hpp_compiles_on_its_own) {
  const std::string text = flu_test_mux_inputs();
  BOOST_TEST(text.find("@eater:default:0@ ! queue name=flu-mux-in-0") !=
                 std::string::npos,
             text);
  BOOST_TEST(text.find("@eater:default:1@ ! queue name=flu-mux-in-1") !=
                 std::string::npos,
             text);
}

BOOST_AUTO_TEST_CASE(sdk_live_bitrate_hpp_compiles_on_its_own_and_sets_live) {
  // num-buffers=7 at 10 bit/s per unit reads as 70 bit/s.
  BOOST_TEST(flu_test_live_bitrate("400") == "before 70 set 400 ui 400");
  const std::string low = flu_test_live_bitrate("99");
  BOOST_TEST(low.find("bitrate must be between 100 and 1000 bit/s, got 99") !=
                 std::string::npos,
             low);
  const std::string junk = flu_test_live_bitrate("4k");
  BOOST_TEST(junk.find("whole number") != std::string::npos, junk);
}

BOOST_AUTO_TEST_CASE(sdk_bouncer_hpp_compiles_on_its_own) {
  const flu_component_type type = flu_test_bouncer_type();
  BOOST_TEST(std::string(type.name) == "nobody-bouncer");
  BOOST_TEST(!type.ops);
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
