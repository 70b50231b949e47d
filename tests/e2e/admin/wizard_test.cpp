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
  see(console, "< loop-producer >");
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
  console.keys({"n"}); // WebM: VP8 and Vorbis
  see(console, "(vp8-encoder)");
  console.keys({"n"});
  see(console, "(vorbis-encoder)");
  console.keys({"n"});
  see(console, "(webm-muxer)");
  console.keys({"n"});
  see(console, "the consumers");
  console.keys({"n"}); // an HTTP stream
  see(console, "(http-streamer)");
  type_into_field(console, std::to_string(port));
  see(console, "port                  " + std::to_string(port));
  console.keys({"n"});
  see(console, "who may watch");
  console.keys({"n"}); // no bouncer
  see(console, "review the planet XML");
  see(console, "type=\"loop-producer\"");
  // Nothing is loaded before the operator says so.
  BOOST_TEST(planet.component("/wizard/producer").id.empty());
  console.keys({"Enter"});
  see(console, "load flow wizard into the planet? (y/n)");
  console.keys({"y"});
  see(console, "wizard: flow wizard loaded 5 components");

  for (const auto *name : {"producer", "video-encoder", "audio-encoder", "muxer", "http"})
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
}

BOOST_AUTO_TEST_CASE(a_port_in_use_is_refused_at_its_step) {
  std::unique_ptr<RunningPlanet> owner;
  RunningPlanet &planet = with_local_worker(owner);
  Console console(planet, 120, 40);
  open_wizard(planet, console);
  console.keys({"n"});
  see(console, "the source");
  console.keys({"Right"}); // a test picture
  see(console, "< videotest-producer >");
  console.keys({"n"});
  see(console, "(videotest-producer)");
  console.keys({"n"});
  see(console, "the encodings");
  console.keys({"n"});
  see(console, "(vp8-encoder)");
  console.keys({"n"}); // no audio: straight to the muxer
  see(console, "(webm-muxer)");
  console.keys({"n"});
  see(console, "the consumers");
  console.keys({"n"});
  see(console, "(http-streamer)");
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
