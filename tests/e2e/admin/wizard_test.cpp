// flu-admin's wizard in a real terminal (tmux) against a real manager and
// its local worker: a new flow built step by step from a media file the
// worker's `files` check lists, loaded, streaming and decodable; a port in
// use refused at its step with the worker's reason (and the disk-consumer's
// directory check the disk step asks).
#define BOOST_TEST_MODULE admin_wizard
#include "console_fixture.hpp"

#include "free_port.hpp"

using namespace flu::test;

namespace {

// Waits for `part` on the screen; fails the test with the screen if not.
void see(Console &console, const std::string &part) {
  BOOST_TEST_REQUIRE(
      console.shows([&](const std::string &s) { return contains(s, part); }),
      "expected \"" << part << "\" on:\n"
                    << FLU_LATER(console.screen()));
}

// Enter on the selected field, then a value typed into the prompt.
void type_into_field(Console &console, const std::string &text) {
  console.keys({"Enter"});
  see(console, "(Enter keeps");
  console.keys({"-l", text});
  console.keys({"Enter"});
}

// Moves down to the field labelled so, then Right until `value` is chosen
// (the choices are the manager's bundles' steps, in its order).
void choose(Console &console, const std::string &label, const std::string &value) {
  auto line = [&](const std::string &screen) {
    std::istringstream in(screen);
    for (std::string l; std::getline(in, l);)
      if (contains(l, "> " + label))
        return l;
    return std::string();
  };
  auto at = [&](const std::string &s) { return !line(s).empty(); };
  for (int i = 0; i < 8 && !console.shows(at, 1s); ++i)
    console.keys({"Down"});
  auto chosen = [&](const std::string &s) {
    return contains(line(s), "< " + value + " >");
  };
  for (int i = 0; i < 12 && !console.shows(chosen, 1s); ++i)
    console.keys({"Right"});
  BOOST_TEST_REQUIRE(console.shows(chosen), "expected " << label << " " << value
                                                        << " on:\n"
                                                        << FLU_LATER(console.screen()));
}

void open_wizard(RunningPlanet &planet, Console &console) {
  BOOST_TEST_REQUIRE(console.shows([&](const std::string &) {
    return contains(console.row("http"), "happy");
  }),
                     FLU_LATER(planet.logs()));
  console.keys({"w"});
  see(console, "wizard: step 1 of");
  see(console, "< localhost >");
}

} // namespace

BOOST_AUTO_TEST_CASE(the_wizard_makes_a_flow_from_a_file_that_streams_and_decodes) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  const auto media = planet.dir().file("media");
  std::filesystem::create_directories(media);
  const auto made =
      run({"/usr/bin/gst-launch-1.0", "-q", "videotestsrc", "num-buffers=60", "!",
           "video/x-raw,width=320,height=240,framerate=30/1", "!", "vp8enc", "deadline=1",
           "!", "webmmux", "!", "filesink", "location=" + (media / "clip.webm").string()},
          60s);
  BOOST_TEST_REQUIRE(made.exit_code() == 0, made.err);
  std::ofstream(media / "notes.txt") << "not media\n";
  const uint16_t port = free_tcp_port();

  Console console(planet, 120, 40);
  open_wizard(planet, console);
  console.keys({"n"}); // flow "wizard" on localhost
  see(console, "the source");
  choose(console, "source", "loop-producer");
  console.keys({"n"});
  see(console, "from bundle loop-producer");
  // A directory the worker lacks is refused with the check's reason.
  type_into_field(console, (media / "missing").string());
  see(console, "is not a directory");
  type_into_field(console, media.string());
  see(console, "< clip.webm >  video/webm");
  BOOST_TEST(!contains(console.screen(), "notes.txt")); // not media: not offered
  console.keys({"n"});
  see(console, "the encodings");
  choose(console, "container", "webm-muxer");
  // The video-converter's bundle brings a step: the picture is scaled up.
  choose(console, "picture size", "video-converter");
  choose(console, "audio encoder", "vorbis-encoder");
  console.keys({"n"});
  see(console, "(video-converter)");
  see(console, "width                 640");
  console.keys({"n"});
  see(console, "(vp8-encoder)");
  console.keys({"n"});
  see(console, "(vorbis-encoder)");
  console.keys({"n"});
  see(console, "(webm-muxer)");
  console.keys({"n"});
  see(console, "the consumers");
  choose(console, "an HTTP stream", "yes");
  console.keys({"n"});
  see(console, "(http-streamer)");
  console.keys({"Up"}); // the port
  type_into_field(console, std::to_string(port));
  see(console, "port                  " + std::to_string(port));
  console.keys({"n"});
  see(console, "who may watch");
  console.keys({"n"}); // no bouncer
  see(console, "review the planet XML");
  see(console, "type=\"loop-producer\"");
  see(console, "type=\"video-converter\"");
  // Nothing is loaded before the operator says so.
  BOOST_TEST(planet.component("/wizard/producer").id.empty());
  console.keys({"Enter"});
  see(console, "load flow wizard into the planet? (y/n)");
  console.keys({"y"});
  see(console, "wizard: flow wizard loaded 6 components");

  for (const auto *name :
       {"producer", "video-converter", "video-encoder", "audio-encoder", "muxer", "http"})
    BOOST_TEST_REQUIRE(
        poll_until(
            [&] {
              return planet.component(std::string("/wizard/") + name).mood == "happy";
            },
            60s, 250ms),
        name << FLU_LATER(planet.logs()));
  BOOST_TEST(planet.component("/wizard/producer").type == "loop-producer");

  const auto file = planet.dir().file("wizard.webm");
  const auto r = run({"/usr/bin/curl", "-s", "--max-time", "3", "-o", file.string(),
                      "http://127.0.0.1:" + std::to_string(port) + "/live.webm"},
                     20s);
  BOOST_TEST(r.exit_code() == 28,
             "curl: " << Process::describe(r.status) << " " << r.err);
  const std::string report = discover(file);
  BOOST_TEST(contains(report, "WebM"), report);
  BOOST_TEST(contains(report, "VP8"), report);
  BOOST_TEST(contains(report, "Vorbis"), report);
  BOOST_TEST(contains(report, "Width: 640"), report); // the converter's, not the clip's
}

BOOST_AUTO_TEST_CASE(a_port_in_use_is_refused_at_its_step) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  Console console(planet, 120, 40);
  open_wizard(planet, console);
  console.keys({"n"});
  see(console, "the source");
  choose(console, "source", "videotest-producer");
  console.keys({"n"});
  see(console, "(videotest-producer)");
  console.keys({"n"});
  see(console, "the encodings");
  choose(console, "container", "webm-muxer");
  console.keys({"n"});
  see(console, "(vp8-encoder)");
  console.keys({"n"}); // no audio: straight to the muxer
  see(console, "(webm-muxer)");
  console.keys({"n"});
  see(console, "the consumers");
  choose(console, "an HTTP stream", "yes");
  console.keys({"n"});
  see(console, "(http-streamer)");
  console.keys({"Up"}); // the port
  // The default planet's streamer listens on this one.
  type_into_field(console, std::to_string(planet.http_port()));
  console.keys({"n"});
  see(console,
      "port " + std::to_string(planet.http_port()) + " is in use on this worker");
  BOOST_TEST(contains(console.screen(), "(http-streamer)")); // still at its step
  console.keys({"Escape"});                                  // back a step
  see(console, "the consumers");
  BOOST_TEST(planet.component("/wizard/http").id.empty());

  // The disk-consumer step's check, from a script as the wizard asks it.
  const auto missing = planet.command(
      {"check", "localhost", "disk-consumer", "directory", "/nonexistent/flu-archive"},
      60s);
  BOOST_TEST(missing.exit_code() == 5, missing.out << missing.err);
  BOOST_TEST(contains(missing.err, "there is no directory /nonexistent/flu-archive"),
             missing.err);
  const auto there = planet.command(
      {"check", "localhost", "disk-consumer", "directory", planet.dir().path().string()},
      60s);
  BOOST_TEST(there.exit_code() == 0, there.out << there.err);
  BOOST_TEST(contains(there.out, "is writable"), there.out);
}

BOOST_AUTO_TEST_CASE(flu_command_types_lists_wizard_steps_and_checks_from_the_manifests) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  const auto types = planet.command({"--json", "types"}, 20s);
  BOOST_TEST_REQUIRE(types.exit_code() == 0, types.out << types.err);
  // Each row as the bundles' manifests say: the step's role, title and
  // formats, the type's checks.
  BOOST_TEST(contains(types.out, R"({"type":"loop-producer","bundle":"loop-producer")"),
             types.out);
  BOOST_TEST(
      contains(types.out, R"("wizard-step":"source","title":"a media file, looped")"),
      types.out);
  BOOST_TEST(
      contains(types.out, R"("wizard-step":"muxer","title":"WebM","accepts":"vp8)"),
      types.out);
  BOOST_TEST(
      contains(types.out, R"("type":"video-converter","bundle":"video-converter")"),
      types.out);
  BOOST_TEST(contains(types.out, R"("provides":"","checks":"files")"), types.out);
  const auto table = planet.command({"types"}, 20s);
  BOOST_TEST(contains(table.out, "WIZARD-STEP"), table.out);

  const auto checks = planet.command({"types", "loop-producer"}, 20s);
  BOOST_TEST_REQUIRE(checks.exit_code() == 0, checks.out << checks.err);
  BOOST_TEST(contains(checks.out, "CHECK"), checks.out);
  BOOST_TEST(contains(checks.out, "files  DIRECTORY  file media-type"), checks.out);
  const auto none = planet.command({"types", "no-such-type"}, 20s);
  BOOST_TEST(none.exit_code() == 3, none.out << none.err);
  BOOST_TEST(contains(none.err, "no component type no-such-type"), none.err);
}
