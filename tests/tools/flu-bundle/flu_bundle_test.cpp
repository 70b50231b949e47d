#define BOOST_TEST_MODULE tools flu - bundle
#include <boost/test/unit_test.hpp>

#include "free_port.hpp"
#include "process.hpp"
#include "temp_dir.hpp"

#include <fstream>
#include <sstream>

using namespace flu::test;
namespace fs = std::filesystem;

namespace {

const fs::path build_dir = FLU_BINARY_DIR;
const fs::path bundles = build_dir / "share/flu/bundles";
const fs::path dev_key = build_dir / "release-keys/flu-dev.key";
const fs::path trusted = build_dir / "share/flu/trusted-keys";

RunResult bundle_tool(std::vector<std::string> args) {
  args.insert(args.begin(), FLU_BUNDLE);
  return run(std::move(args), std::chrono::seconds(60), {{"HOME", "/nonexistent"}});
}

std::string slurp(const fs::path &file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool has(const std::string &text, const std::string &what) {
  return text.find(what) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_same_recipe_twice_gives_the_same_bytes_as_the_build) {
  TempDir dir("flu-bundle-test");
  const std::string recipe = std::string(FLU_SOURCE_DIR) + "/bundles/http-streamer.xml";
  for (const char *name : {"a.flub", "b.flub"}) {
    const auto r = bundle_tool({"create", "--recipe", recipe, "--module-dir",
                                (build_dir / "lib/flu/modules").string(), "--key",
                                dev_key.string(), "--output", dir.file(name).string()});
    BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
    BOOST_TEST(has(r.out, "http-streamer 1.0.0"));
  }
  const std::string a = slurp(dir.file("a.flub"));
  BOOST_TEST(a.size() > 1000u);
  BOOST_TEST((a == slurp(dir.file("b.flub"))));
  BOOST_TEST((a == slurp(bundles / "http-streamer-1.0.0.flub")));
}

BOOST_AUTO_TEST_CASE(the_builds_bundles_verify_against_the_development_key) {
  std::vector<std::string> args{"verify", "--trust", trusted.string()};
  int count = 0;
  for (const auto &f : fs::directory_iterator(bundles))
    args.push_back(f.path().string()), ++count;
  BOOST_TEST(count >= 15);
  const auto r = bundle_tool(args);
  BOOST_TEST(r.exit_code() == 0, r.err);
  BOOST_TEST((has(r.out, "http-streamer 1.0.0") && has(r.out, "signed by flu-dev")));
}

BOOST_AUTO_TEST_CASE(an_untrusted_or_tampered_bundle_fails_verify_with_5) {
  TempDir dir("flu-bundle-test");
  const auto made = bundle_tool({"keygen", "stranger", "--key-dir", dir.path().string()});
  BOOST_REQUIRE_MESSAGE(made.exited_ok(), made.err);
  const std::string file = (bundles / "vp8-encoder-1.0.0.flub").string();
  auto r = bundle_tool({"verify", file, "--trust", dir.file("stranger.pub").string()});
  BOOST_TEST(r.exit_code() == 5);
  BOOST_TEST(has(r.err, "not in the trust store"), r.err);

  // Re-signed by the stranger, it verifies against the stranger's key.
  const std::string resigned = dir.file("resigned.flub").string();
  r = bundle_tool(
      {"sign", file, "--key", dir.file("stranger.key").string(), "--output", resigned});
  BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
  r = bundle_tool({"verify", resigned, "--trust", dir.file("stranger.pub").string()});
  BOOST_TEST(r.exit_code() == 0, r.err);

  // A byte flipped in the file: refused, never a crash.
  std::string bytes = slurp(file);
  bytes[bytes.size() / 2] ^= 0x20;
  std::ofstream(dir.file("flipped.flub"), std::ios::binary) << bytes;
  r = bundle_tool(
      {"verify", dir.file("flipped.flub").string(), "--trust", trusted.string()});
  BOOST_TEST(r.exit_code() == 5);
  BOOST_TEST(has(r.err, "flipped.flub"), r.err);
}

BOOST_AUTO_TEST_CASE(inspect_shows_the_manifest_without_trusting_it) {
  const auto r =
      bundle_tool({"inspect", (bundles / "http-streamer-1.0.0.flub").string(), "--json"});
  BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
  BOOST_TEST(has(r.out, R"("name":"http-streamer")"));
  BOOST_TEST(has(r.out, R"("component-types":["http-streamer"])"));
  BOOST_TEST(has(r.out, R"("range":"^1.0")"));
  const auto plain = bundle_tool({"inspect", (bundles / "flu-base-1.0.0.flub").string()});
  BOOST_TEST(has(plain.out, "provides translation flu [fr]"), plain.out);
}

BOOST_AUTO_TEST_CASE(resolve_against_a_folder_of_bundles) {
  auto r = bundle_tool({"resolve", "http-streamer", "--repository", bundles.string()});
  BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
  BOOST_TEST(r.out.find("flu-base 1.0.0") < r.out.find("http-streamer 1.0.0"), r.out);
  r = bundle_tool({"resolve", "no-such-type", "--repository", bundles.string()});
  BOOST_TEST(r.exit_code() == 3);
  r = bundle_tool(
      {"resolve", "http-streamer", "--range", "^2", "--repository", bundles.string()});
  BOOST_TEST(r.exit_code() == 4);
  BOOST_TEST(has(r.err, "^2"), r.err);
}

BOOST_AUTO_TEST_CASE(create_from_a_directory_and_refuse_links) {
  TempDir dir("flu-bundle-test");
  fs::create_directories(dir.file("tree/share/doc"));
  std::ofstream(dir.file("tree/share/doc/README")) << "hello";
  auto r = bundle_tool({"create", "--from", dir.file("tree").string(), "--name", "docs",
                        "--version", "0.1.0", "--depends", "flu-base:^1", "--output",
                        dir.file("docs.flub").string()});
  BOOST_REQUIRE_MESSAGE(r.exited_ok(), r.err);
  BOOST_TEST(has(r.out, "unsigned"));
  r = bundle_tool({"inspect", dir.file("docs.flub").string()});
  BOOST_TEST((has(r.out, "depends on flu-base ^1") && has(r.out, "share/doc/README")),
             r.out);

  fs::create_symlink("/etc/passwd", dir.file("tree/share/doc/passwd"));
  r = bundle_tool({"create", "--from", dir.file("tree").string(), "--name", "docs",
                   "--version", "0.1.0", "--output", dir.file("evil.flub").string()});
  BOOST_TEST(r.exit_code() == 5);
  BOOST_TEST(has(r.err, "only regular files"), r.err);
  BOOST_TEST(!fs::exists(dir.file("evil.flub")));
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2_and_every_verb_has_help) {
  BOOST_TEST(bundle_tool({}).exit_code() == 2);
  BOOST_TEST(bundle_tool({"frobnicate"}).exit_code() == 2);
  BOOST_TEST(bundle_tool({"create", "--recipe"}).exit_code() == 2);
  BOOST_TEST(bundle_tool({"verify"}).exit_code() == 2);
  BOOST_TEST(bundle_tool({"inspect", "/no/such.flub"}).exit_code() == 3);
  for (const char *verb :
       {"keygen", "create", "sign", "verify", "inspect", "resolve", "publish", "list"}) {
    const auto r = bundle_tool({verb, "--help"});
    BOOST_TEST(r.exit_code() == 0);
    BOOST_TEST(has(r.out, std::string("flu-bundle ") + verb), verb);
  }
}

// A wizard step tells flu-bundle its role, title and formats, which go into
// the manifest; a step of another type than the recipe says is refused.
BOOST_AUTO_TEST_CASE(a_wizard_step_describes_itself_into_the_manifest) {
  const auto plain =
      bundle_tool({"inspect", (bundles / "webm-muxer-1.0.0.flub").string()});
  BOOST_TEST(has(plain.out, "for webm-muxer (muxer: WebM)"), plain.out);
  const auto loop =
      bundle_tool({"inspect", (bundles / "loop-producer-1.0.0.flub").string()});
  BOOST_TEST(has(loop.out, "    check files DIRECTORY: "), loop.out);

  TempDir dir("flu-bundle-step");
  const auto recipe = dir.file("wrong.xml");
  std::ofstream(recipe) << R"(<recipe name="wrong" version="1.0.0">
  <wizard-step name="vp8-encoder" type="h264-encoder"/>
</recipe>
)";
  const auto r = bundle_tool({"create", "--recipe", recipe.string(), "--module-dir",
                              (build_dir / "lib/flu/modules").string(), "--key",
                              dev_key.string(), "--output", dir.file("w.flub").string()});
  BOOST_TEST(!r.exited_ok());
  BOOST_TEST(
      has(r.err, "wizard step vp8-encoder configures vp8-encoder, not h264-encoder"),
      r.err);
}
