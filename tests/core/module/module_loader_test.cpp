// The module loader's gate: the ABI rule (major must match, minor not newer)
// with both versions in the message, malformed modules refused with the
// problem named, and a good module loaded and described exactly as it
// declares itself. The fixture modules are in fixtures/; CMake passes their
// paths as FIXTURE_* definitions.
#define BOOST_TEST_MODULE test - core - module
#include "contains.hpp"
#include "module/module_loader.hpp"
#include "registry/manifest.hpp"

#include "free_port.hpp"
#include "process.hpp"
#include "temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <glib.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

using flu::module::check_abi;
using flu::module::load_module;
using flu::module::LoadError;
using namespace std::chrono_literals;

namespace {

const std::string host_abi =
    std::to_string(FLU_ABI_MAJOR) + "." + std::to_string(FLU_ABI_MINOR);

using flu::test::contains;

// The LoadError for `path`; fails the test if it loaded.
std::string refusal(const std::filesystem::path &path) {
  try {
    load_module(path);
    BOOST_ERROR(path << " loaded");
  } catch (const LoadError &e) {
    return e.what();
  }
  return {};
}

bool mapped(const std::filesystem::path &path) {
  return contains(flu::test::read_text("/proc/self/maps"),
                  std::filesystem::canonical(path).string());
}

// A flu_host over a property map, enough to run a pipeline() function.
struct FakeHost {
  std::map<std::string, std::vector<std::string>> values;
  flu_host host{.struct_size = sizeof(flu_host),
                .self = this,
                .component_id = &id,
                .value_count = &count,
                .value = &value,
                .feed_count = &feeds,
                .log = &log,
                .message = &message,
                .message_translatable = nullptr,
                .ui_state = nullptr,
                .authenticate = nullptr,
                .consult = nullptr,
                .handover_pending = nullptr,
                .handover_send = nullptr,
                .handover_done = nullptr,
                .hungry = nullptr,
                .component_state = nullptr};

  static const char *id(void *) { return "/test/fixture"; }
  static uint32_t count(void *self, const char *name) {
    auto &v = static_cast<FakeHost *>(self)->values;
    return v.count(name) ? static_cast<uint32_t>(v[name].size()) : 0;
  }
  static const char *value(void *self, const char *name, uint32_t i) {
    auto &v = static_cast<FakeHost *>(self)->values;
    return v.count(name) && i < v[name].size() ? v[name][i].c_str() : nullptr;
  }
  static uint32_t feeds(void *, const char *) { return 0; }
  static void log(void *, flu_log_level, const char *) {}
  static void message(void *, flu_message_level, const char *, const char *) {}
};

} // namespace

BOOST_AUTO_TEST_CASE(check_abi_accepts_the_same_major_and_an_older_or_equal_minor) {
  BOOST_TEST(check_abi(FLU_ABI_MAJOR, FLU_ABI_MINOR).empty());
  BOOST_TEST(check_abi(FLU_ABI_MAJOR, 0).empty());
}

BOOST_AUTO_TEST_CASE(check_abi_refuses_another_major_naming_both_versions) {
  for (uint32_t major :
       {uint32_t(FLU_ABI_MAJOR + 1), uint32_t(FLU_ABI_MAJOR - 1), 0xffffffffu}) {
    const std::string theirs = std::to_string(major) + ".0";
    const std::string why = check_abi(major, 0);
    BOOST_TEST(contains(why, theirs), why);
    BOOST_TEST(contains(why, host_abi), why);
    BOOST_TEST(contains(why, "major"), why);
  }
}

BOOST_AUTO_TEST_CASE(check_abi_refuses_a_newer_minor_naming_both_versions) {
  const std::string theirs =
      std::to_string(FLU_ABI_MAJOR) + "." + std::to_string(FLU_ABI_MINOR + 1);
  const std::string why = check_abi(FLU_ABI_MAJOR, FLU_ABI_MINOR + 1);
  BOOST_TEST(contains(why, theirs), why);
  BOOST_TEST(contains(why, host_abi), why);
  BOOST_TEST(contains(why, "newer"), why);
}

BOOST_AUTO_TEST_CASE(loads_the_good_module_and_describes_it_as_declared) {
  const auto module = load_module(FIXTURE_GOOD);
  BOOST_TEST(module->path() == std::filesystem::path(FIXTURE_GOOD));
  const auto m = module->describe();
  BOOST_TEST(m.id == "fixture-good");
  BOOST_TEST(m.version == "1.2.3");
  BOOST_TEST(m.abi_major == uint32_t(FLU_ABI_MAJOR));
  BOOST_TEST(m.abi_minor == uint32_t(FLU_ABI_MINOR));
  BOOST_TEST(m.library == std::filesystem::path(FIXTURE_GOOD).filename().string());
  BOOST_REQUIRE(m.types.size() == 1u);
  const auto &t = m.types[0];
  BOOST_TEST(t.name == "fixture-producer");
  BOOST_TEST(t.description == "a producer for the loader tests");
  BOOST_TEST(t.clock_priority == 42);
  BOOST_TEST(t.eaters.empty());
  BOOST_REQUIRE(t.feeders.size() == 1u);
  BOOST_TEST(t.feeders[0].name == "default");
  BOOST_TEST(t.feeders[0].description == "raw video");
  BOOST_REQUIRE(t.properties.size() == 3u);
  using flu::registry::PropertyType;
  BOOST_TEST(t.properties[0].name == "pattern");
  BOOST_TEST((t.properties[0].type == PropertyType::string));
  BOOST_TEST(t.properties[0].default_value.value_or("(none)") == "ball");
  BOOST_TEST(!t.properties[0].required);
  BOOST_TEST(t.properties[1].name == "buffers");
  BOOST_TEST((t.properties[1].type == PropertyType::integer));
  BOOST_TEST(!t.properties[1].default_value.has_value());
  BOOST_TEST(t.properties[1].required);
  BOOST_TEST(t.properties[2].multiple);
  BOOST_TEST(!t.properties[2].required);
}

BOOST_AUTO_TEST_CASE(the_good_module_runs_through_its_ops_table) {
  const auto module = load_module(FIXTURE_GOOD);
  BOOST_TEST(module->find_type("no-such-type") == nullptr);
  const flu_component_type *type = module->find_type("fixture-producer");
  BOOST_REQUIRE(type);
  BOOST_REQUIRE(type->ops && type->ops->pipeline);
  FakeHost host;
  host.values = {{"pattern", {"snow"}}, {"buffers", {"10"}}};
  char *error = nullptr;
  char *text = type->ops->pipeline(&host.host, &error);
  BOOST_REQUIRE(text);
  BOOST_TEST(std::string(text) ==
             "videotestsrc pattern=snow num-buffers=10 ! @feeder:default@");
  g_free(text);
  // A module's exception comes back as an error string, not a throw.
  host.values.erase("pattern");
  text = type->ops->pipeline(&host.host, &error);
  BOOST_TEST(!text);
  BOOST_REQUIRE(error);
  BOOST_TEST(contains(error, "'pattern' has no value"), error);
  g_free(error);
}

BOOST_AUTO_TEST_CASE(the_library_is_unloaded_with_its_last_reference) {
  // Built with -fno-gnu-unique and hidden visibility, as flu_add_module()
  // builds modules, so dlclose really unmaps it (stack.md §5).
  BOOST_TEST(!mapped(FIXTURE_GOOD));
  {
    auto module = load_module(FIXTURE_GOOD);
    auto second = module;
    BOOST_TEST(mapped(FIXTURE_GOOD));
    module.reset();
    BOOST_TEST(mapped(FIXTURE_GOOD), "still referenced by another LoadedModule");
  }
  BOOST_TEST(!mapped(FIXTURE_GOOD));
}

BOOST_AUTO_TEST_CASE(refuses_a_module_for_another_major_naming_both_versions) {
  const std::string why = refusal(FIXTURE_WRONG_MAJOR);
  BOOST_TEST(contains(why, std::to_string(FLU_ABI_MAJOR + 1) + ".0"), why);
  BOOST_TEST(contains(why, host_abi), why);
  BOOST_TEST(
      contains(why, std::filesystem::path(FIXTURE_WRONG_MAJOR).filename().string()), why);
  BOOST_TEST(!mapped(FIXTURE_WRONG_MAJOR), "a refused module stays loaded");
}

BOOST_AUTO_TEST_CASE(refuses_a_module_for_a_newer_minor_naming_both_versions) {
  const std::string why = refusal(FIXTURE_NEWER_MINOR);
  BOOST_TEST(contains(why, std::to_string(FLU_ABI_MAJOR) + "." +
                               std::to_string(FLU_ABI_MINOR + 1)),
             why);
  BOOST_TEST(contains(why, host_abi), why);
  BOOST_TEST(contains(why, "newer"), why);
}

BOOST_AUTO_TEST_CASE(refuses_malformed_modules_naming_the_problem) {
  std::string why = refusal(FIXTURE_NO_ENTRY);
  BOOST_TEST(contains(why, "no entry point flu_module_entry"), why);
  why = refusal(FIXTURE_NULL_ENTRY);
  BOOST_TEST(contains(why, "entry point returned nothing"), why);
  why = refusal(FIXTURE_NULL_OPS);
  BOOST_TEST(contains(why, "type fixture-broken has no pipeline function"), why);
}

BOOST_AUTO_TEST_CASE(loads_an_abi_1_0_module_walking_its_shorter_type_table) {
  const auto module = load_module(FIXTURE_ABI10);
  BOOST_TEST(module->info().abi_minor == 0u);
  BOOST_REQUIRE(module->types().size() == 2u);
  const flu_component_type *producer = module->find_type("old-producer");
  const flu_component_type *consumer = module->find_type("old-consumer");
  BOOST_REQUIRE(producer);
  BOOST_REQUIRE(consumer);
  BOOST_TEST(producer->struct_size == 88u);
  BOOST_TEST(producer->clock_priority == 50);
  BOOST_TEST(consumer->clock_priority == 100);
  BOOST_TEST(consumer->n_eaters == 1u);
  // What ABI 1.1 appended reads as absent, in the type and in its ops.
  BOOST_TEST(!producer->bouncer);
  BOOST_TEST(!consumer->bouncer);
  BOOST_REQUIRE(consumer->ops && consumer->ops->pipeline);
  BOOST_TEST(consumer->ops->struct_size == 32u);
  BOOST_TEST(!consumer->ops->invoke);
  BOOST_TEST(!consumer->ops->keycard_expired);
  FakeHost host;
  char *error = nullptr;
  char *text = consumer->ops->pipeline(&host.host, &error);
  BOOST_REQUIRE(text);
  BOOST_TEST(std::string(text) == "@eater:default@ ! fakesink");
  g_free(text);

  const auto m = module->describe();
  BOOST_REQUIRE(m.types.size() == 2u);
  BOOST_TEST(m.types[1].name == "old-consumer");
  BOOST_TEST(m.types[1].description == "also from ABI 1.0");
  BOOST_TEST(!m.types[0].bouncer);
  BOOST_REQUIRE(m.types[0].properties.size() == 1u);
  BOOST_TEST(m.types[0].properties[0].name == "pattern");
}

BOOST_AUTO_TEST_CASE(loads_a_bouncer_type_without_a_pipeline) {
  const auto module = load_module(FIXTURE_BOUNCER);
  const flu_component_type *type = module->find_type("fixture-bouncer");
  BOOST_REQUIRE(type);
  BOOST_TEST(!type->ops);
  BOOST_REQUIRE(type->bouncer);
  BOOST_REQUIRE(type->bouncer->authenticate);
  const flu_keycard_field fields[] = {{"kind", "token"}, {"token", "letmein"}};
  const flu_keycard keycard = {sizeof(flu_keycard), fields, 2};
  auto ignore = [](void *, const char *, const char *) {};
  BOOST_TEST(type->bouncer->authenticate(nullptr, &keycard, ignore, nullptr) ==
             FLU_KEYCARD_AUTHENTICATED);
  const auto m = module->describe();
  BOOST_REQUIRE(m.types.size() == 1u);
  BOOST_TEST(m.types[0].bouncer);
  BOOST_TEST(flu::registry::write_manifest(m).find("bouncer=\"true\"") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(refuses_malformed_bouncers_naming_the_problem) {
  std::string why = refusal(FIXTURE_BOUNCER_NO_AUTHENTICATE);
  BOOST_TEST(contains(why, "type fixture-bouncer is a bouncer without an authenticate "
                           "function"),
             why);
  why = refusal(FIXTURE_BOUNCER_WITH_PIPELINE);
  BOOST_TEST(contains(why, "type fixture-bouncer is a bouncer and has a pipeline"), why);
}

BOOST_AUTO_TEST_CASE(a_type_of_abi_1_3_says_its_kind) {
  const auto good = load_module(FIXTURE_GOOD);
  BOOST_REQUIRE(good->types().size() == 1u);
  BOOST_TEST(good->types()[0].struct_size == sizeof(flu_component_type));
  BOOST_TEST(good->types()[0].kind == FLU_COMPONENT_KIND_PIPELINE);
  const auto bouncer = load_module(FIXTURE_BOUNCER);
  BOOST_TEST(bouncer->types()[0].kind == FLU_COMPONENT_KIND_BOUNCER);
}

BOOST_AUTO_TEST_CASE(older_modules_get_the_kind_their_operations_imply) {
  // ABI 1.0: pipeline components only, 88-byte types.
  const auto abi10 = load_module(FIXTURE_ABI10);
  for (const flu_component_type &t : abi10->types())
    BOOST_TEST(t.kind == FLU_COMPONENT_KIND_PIPELINE, t.name);
  // ABI 1.1 and 1.2: 96-byte types, a pipeline component then a bouncer.
  for (const char *path : {FIXTURE_ABI11, FIXTURE_ABI12}) {
    const auto module = load_module(path);
    BOOST_TEST(module->info().abi_minor ==
               (path == std::string(FIXTURE_ABI11) ? 1u : 2u));
    BOOST_REQUIRE(module->types().size() == 2u);
    const flu_component_type *producer = module->find_type("old-producer");
    const flu_component_type *bouncer = module->find_type("old-bouncer");
    BOOST_REQUIRE(producer);
    BOOST_REQUIRE(bouncer);
    BOOST_TEST(producer->struct_size == 96u);
    BOOST_TEST(producer->kind == FLU_COMPONENT_KIND_PIPELINE);
    BOOST_REQUIRE(producer->ops && producer->ops->pipeline);
    BOOST_TEST(!producer->bouncer);
    BOOST_TEST(bouncer->kind == FLU_COMPONENT_KIND_BOUNCER);
    BOOST_TEST(!bouncer->ops);
    BOOST_REQUIRE(bouncer->bouncer && bouncer->bouncer->authenticate);
    // 1.2 appended the handover functions to the ops; 1.1's read as absent.
    const bool handover = producer->ops->handover_out && producer->ops->handover_in;
    BOOST_TEST(handover == (path == std::string(FIXTURE_ABI12)));

    const auto m = module->describe();
    BOOST_REQUIRE(m.types.size() == 2u);
    BOOST_TEST(!m.types[0].bouncer);
    BOOST_TEST(m.types[1].bouncer);
    BOOST_TEST(m.types[0].handover == handover);
  }
}

BOOST_AUTO_TEST_CASE(refuses_a_kind_that_is_invalid_or_contradicts_the_operations) {
  std::string why = refusal(FIXTURE_BOUNCER_KIND_INVALID);
  BOOST_TEST(contains(why,
                      "type fixture-bouncer says it is of kind 0, which is neither "
                      "FLU_COMPONENT_KIND_PIPELINE (1) nor FLU_COMPONENT_KIND_BOUNCER "
                      "(2)"),
             why);
  why = refusal(FIXTURE_BOUNCER_KIND_PIPELINE);
  BOOST_TEST(contains(why, "type fixture-bouncer says it is a pipeline component but has "
                           "bouncer operations"),
             why);
  why = refusal(FIXTURE_KIND_BOUNCER);
  BOOST_TEST(
      contains(why,
               "type fixture-broken says it is a bouncer but has no bouncer operations"),
      why);
}

BOOST_AUTO_TEST_CASE(refuses_files_that_are_not_modules) {
  flu::test::TempDir dir("flu-module-test");
  std::string why = refusal(dir.file("missing.so"));
  BOOST_TEST(contains(why, "missing.so"), why);
  BOOST_TEST(contains(why, "cannot be loaded"), why);
  const auto text = dir.file("text.so");
  std::ofstream(text) << "not an ELF file\n";
  why = refusal(text);
  BOOST_TEST(contains(why, "text.so: cannot be loaded"), why);
}

BOOST_AUTO_TEST_CASE(flu_inspect_writes_the_good_modules_manifest) {
  auto r = flu::test::run({FLU_INSPECT, "--manifest", FIXTURE_GOOD}, 30s);
  BOOST_TEST(r.exited_ok(), flu::test::Process::describe(r.status) << ": " << r.err);
  BOOST_TEST(
      contains(r.out, "<module id=\"fixture-good\" version=\"1.2.3\" abi=\"" + host_abi),
      r.out);
  BOOST_TEST(contains(r.out, "<component type=\"fixture-producer\""), r.out);
  BOOST_TEST(r.err.empty(), r.err);

  flu::test::TempDir dir("flu-inspect-test");
  const auto file = dir.file("module.xml");
  r = flu::test::run({FLU_INSPECT, "--manifest", FIXTURE_GOOD, "--output", file.string()},
                     30s);
  BOOST_TEST(r.exited_ok());
  BOOST_TEST(r.out.empty());
  const auto written = flu::registry::read_manifest(file);
  BOOST_TEST(written.id == "fixture-good");
  BOOST_REQUIRE(written.types.size() == 1u);
  BOOST_TEST(written.types[0].properties.size() == 3u);
}

BOOST_AUTO_TEST_CASE(flu_inspect_refuses_the_wrong_abi_module_on_stderr) {
  const auto r = flu::test::run({FLU_INSPECT, "--manifest", FIXTURE_WRONG_MAJOR}, 30s);
  BOOST_TEST(!r.timed_out);
  BOOST_TEST(r.exit_code() == 1, flu::test::Process::describe(r.status));
  BOOST_TEST(r.out.empty(), r.out);
  BOOST_TEST(contains(r.err, "flu-inspect: "), r.err);
  BOOST_TEST(contains(r.err, std::to_string(FLU_ABI_MAJOR + 1) + ".0"), r.err);
  BOOST_TEST(contains(r.err, host_abi), r.err);
}
