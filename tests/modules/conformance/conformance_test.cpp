// Every module the build produces, held to what every module promises, as
// GStreamer's generic/states test runs every element: nothing here names a
// module, so a new one is covered without a line written for it.
//
// For each folder of FLU_MODULE_DIR (LIB/module.xml beside LIB/libflu-ID.so):
// - its manifest reads, and says exactly what the .so declares when loaded
//   (types, kinds, properties with types, defaults and flags, eaters, feeders);
// - every property default passes its own type's check;
// - every type that can run alone goes sleeping -> waking -> happy and, asked
//   to stop, ends cleanly (exit 0, which the worker reports as sleeping), or,
//   for a capture device absent here, turns sad with a device-error message.
//   A type can run alone when it has a pipeline (bouncers run inside the
//   jobs that consult them), no required eater (an eater's caps cannot be
//   guessed) and a default for every required property.
#define BOOST_TEST_MODULE conformance
#include <boost/test/unit_test.hpp>

#include "module/module_loader.hpp"
#include "registry/manifest.hpp"
#include "registry/value.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace flu;

namespace {

struct ModuleFiles {
  fs::path manifest;
  fs::path library;
};

std::vector<ModuleFiles> built_modules() {
  std::vector<ModuleFiles> out;
  for (const auto &entry : fs::directory_iterator(FLU_MODULE_DIR)) {
    const fs::path manifest = entry.path() / "module.xml";
    if (!fs::exists(manifest))
      continue;
    out.push_back({manifest, {}});
    for (const auto &file : fs::directory_iterator(entry.path()))
      if (file.path().extension() == ".so")
        out.back().library = file.path();
  }
  std::sort(out.begin(), out.end(),
            [](const auto &a, const auto &b) { return a.manifest < b.manifest; });
  return out;
}

std::string why_not_standalone(const registry::ComponentType &type) {
  if (type.bouncer)
    return "a bouncer runs inside the jobs that consult it";
  // Its module test captures an Xvfb display it starts.
  if (type.name == "screencast-producer" && !std::getenv("DISPLAY"))
    return "no X display here";
  for (const auto &eater : type.eaters)
    if (eater.required)
      return "eater '" + eater.name + "' is required";
  for (const auto &property : type.properties)
    if (property.required && !property.default_value)
      return "property '" + property.name + "' is required and has no default";
  return {};
}

// What a type that refuses its defaults by design needs to run alone. The
// porter hands no path to a streamer without credentials, so it will not
// start without a password or an explicit require-password false; its own
// tests cover that refusal. The on-demand server serves a directory or an
// origin, so it needs one of them (and a port of its own here: the
// streamers run beside it on the default one).
std::vector<std::string> settings(const std::string &type) {
  // The playlist producer plays a playlist or a directory: an empty one
  // gives its filler alone.
  if (type == "playlist-producer") {
    static const fs::path empty = [] {
      const fs::path dir = fs::temp_directory_path() /
                           ("flu-conformance-playlists-" + std::to_string(::getpid()));
      fs::create_directories(dir);
      return dir;
    }();
    return {"playlist-directory=" + empty.string()};
  }
  if (type == "porter")
    return {"require-password=false"};
  if (type == "http-server")
    return {"path=" + fs::temp_directory_path().string(), "port=0"};
  return {};
}

// `flu-job --standalone` for two seconds, run while the others run too.
class StandaloneRun {
public:
  StandaloneRun(const fs::path &library, const std::string &type)
      : what_(library.filename().string() + " " + type) {
    std::string command = "timeout 30 " + std::string(FLU_JOB) +
                          " --standalone --module '" + library.string() + "' --type '" +
                          type + "' --seconds 2";
    for (const auto &property : settings(type))
      command += " --property '" + property + "'";
    command += " 2>/dev/null";
    pipe_ = popen(command.c_str(), "r");
  }
  ~StandaloneRun() {
    if (pipe_)
      pclose(pipe_);
  }
  StandaloneRun(const StandaloneRun &) = delete;
  StandaloneRun &operator=(const StandaloneRun &) = delete;

  // Reads everything the job printed, then checks its life.
  void check() {
    BOOST_TEST_REQUIRE(pipe_ != nullptr, what_ << ": cannot start flu-job");
    std::string out;
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof buffer, pipe_))
      out.append(buffer, n);
    const int status = pclose(pipe_);
    pipe_ = nullptr;
    // A capture type whose device is not on this machine (FireWire, V4L2)
    // may not turn happy; it must say which device, as a device-error
    // message, which is the promise then (its own tests check the wording).
    if (out.find("mood: happy\n") == std::string::npos &&
        out.find("device-error: ") != std::string::npos) {
      BOOST_TEST_MESSAGE(what_ << ": its device is not here, and it said so");
      BOOST_TEST(out.find("mood: sad") != std::string::npos, what_ << ":\n" << out);
      return;
    }
    const auto waking = out.find("mood: waking\n");
    const auto happy = out.find("mood: happy\n");
    BOOST_TEST(waking != std::string::npos, what_ << " never woke:\n" << out);
    BOOST_TEST((happy != std::string::npos && happy > waking),
               what_ << " never turned happy after waking:\n"
                     << out);
    BOOST_TEST(out.find("mood: sad") == std::string::npos, what_ << " turned sad:\n"
                                                                 << out);
    BOOST_TEST((WIFEXITED(status) && WEXITSTATUS(status) == 0),
               what_ << " did not end cleanly when asked to stop (status " << status
                     << "):\n"
                     << out);
  }

private:
  std::string what_;
  FILE *pipe_ = nullptr;
};

} // namespace

BOOST_AUTO_TEST_CASE(every_manifest_says_what_its_module_declares) {
  const auto modules = built_modules();
  BOOST_TEST_REQUIRE(!modules.empty(), "no module found in " FLU_MODULE_DIR);
  for (const auto &files : modules) {
    BOOST_TEST_CONTEXT(files.manifest.string()) {
      registry::ModuleManifest manifest;
      BOOST_REQUIRE_NO_THROW(manifest = registry::read_manifest(files.manifest));
      BOOST_TEST(!manifest.types.empty());
      BOOST_TEST_REQUIRE(!files.library.empty(), "no .so beside the manifest");
      BOOST_TEST(files.library.filename().string() == manifest.library);
      std::shared_ptr<module::LoadedModule> loaded;
      BOOST_REQUIRE_NO_THROW(loaded = module::load_module(files.library));
      registry::ModuleManifest declared = loaded->describe();
      declared.library = manifest.library;
      BOOST_TEST(registry::write_manifest(declared) ==
                 registry::write_manifest(manifest));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_property_default_passes_its_own_schema) {
  int checked = 0;
  for (const auto &files : built_modules())
    for (const auto &type : registry::read_manifest(files.manifest).types)
      for (const auto &property : type.properties) {
        if (!property.default_value)
          continue;
        const auto check = registry::check_value(property.type, *property.default_value);
        BOOST_TEST(check.ok, type.name << "." << property.name << " default \""
                                       << *property.default_value
                                       << "\": " << check.error);
        ++checked;
      }
  BOOST_TEST(checked > 0);
}

BOOST_AUTO_TEST_CASE(every_standalone_type_goes_sleeping_happy_sleeping) {
  std::vector<std::unique_ptr<StandaloneRun>> runs;
  for (const auto &files : built_modules())
    for (const auto &type : registry::read_manifest(files.manifest).types) {
      const std::string why = why_not_standalone(type);
      if (!why.empty()) {
        BOOST_TEST_MESSAGE(type.name << ": not run alone (" << why << ")");
        continue;
      }
      BOOST_TEST_MESSAGE(type.name << ": runs alone");
      runs.push_back(std::make_unique<StandaloneRun>(files.library, type.name));
    }
  BOOST_TEST_REQUIRE(!runs.empty(), "no type can run alone: the rule is too strict");
  for (auto &run : runs)
    run->check();
}
