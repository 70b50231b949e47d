// Planets written in Flumotion 0.10's shape (planets/, our own files, with
// the original's type, attribute and property spellings) through the real
// flu-manager: --check loads them against the bundles the build made,
// --convert writes them in flu's words (which load again with nothing left
// to translate), and those whose sources exist here stream to a viewer
// whose bytes ffprobe decodes. Constructs flu does not support are refused
// with FILE:LINE naming them.
#define BOOST_TEST_MODULE flumotion_planets
#include "../flows/flow_fixture.hpp"
#include "contains.hpp"

#include <csignal>
#include <regex>

using namespace flu::test;

namespace {

constexpr auto start_timeout = 60s;

std::filesystem::path planet_file(const std::string &name) {
  return std::filesystem::path(FLU_SOURCE_DIR) / "tests/e2e/flumotion-planets/planets" /
         name;
}

// flu-manager PLANET MODE, with its keys in a directory of its own and a
// free port, as an operator would run it before a start.
RunResult manager(const std::filesystem::path &planet, const std::string &mode,
                  const TempDir &dir) {
  return run(
      {FLU_MANAGER, planet.string(), mode, "--port", std::to_string(free_tcp_port())},
      30s, {{"FLU_MANAGER_DIR", (dir.path() / "manager").string()}});
}

using flu::test::contains;

// --check passes with the notes expected; --convert writes flu's words,
// which --check again without a single note (nothing left to translate).
std::string check_and_convert(const std::string &name,
                              const std::vector<std::string> &notes) {
  TempDir dir("flumotion-planet");
  const auto checked = manager(planet_file(name), "--check", dir);
  BOOST_TEST_REQUIRE(checked.exited_ok(), checked.err);
  BOOST_TEST(contains(checked.out, ": ok"), checked.out);
  for (const auto &note : notes)
    BOOST_TEST(contains(checked.err, planet_file(name).string() + ":" + note),
               note << " not in:\n"
                    << checked.err);
  const auto converted = manager(planet_file(name), "--convert", dir);
  BOOST_TEST_REQUIRE(converted.exited_ok(), converted.err);
  const auto flu_words = dir.file("converted.xml");
  std::ofstream(flu_words) << converted.out;
  const auto again = manager(flu_words, "--check", dir);
  BOOST_TEST(again.exited_ok(), again.err << "\n" << converted.out);
  // Notes are lines of their own that start with the file's name.
  BOOST_TEST(!contains("\n" + again.err, "\n" + flu_words.string() + ":"), again.err);
  return converted.out;
}

void expect_refused(const std::string &name, int line, const std::string &wording) {
  TempDir dir("flumotion-planet");
  const auto r = manager(planet_file(name), "--check", dir);
  BOOST_TEST(r.exit_code() == 1, r.out << r.err);
  const std::string where =
      planet_file(name).string() + ":" + std::to_string(line) + ": ";
  BOOST_TEST(contains(r.err, where), r.err << " should name " << where);
  BOOST_TEST(contains(r.err, wording), r.err);
}

// curl as a listener for `seconds`; the HTTP status and the saved file.
std::pair<std::string, std::filesystem::path>
listen(RunningPlanet &planet, const std::string &mount, int seconds,
       const std::vector<std::string> &extra = {}) {
  const auto file = planet.dir().file("listened-" + std::to_string(seconds) + ".ogg");
  std::vector<std::string> argv{
      "/usr/bin/curl", "-s", "--max-time",  std::to_string(seconds), "-o",
      file.string(),   "-w", "%{http_code}"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back("http://127.0.0.1:" + std::to_string(planet.http_port()) + mount);
  const auto r = run(argv, std::chrono::seconds(seconds + 10));
  return {r.out, file};
}

// ffprobe's streams of a file and whether it decoded without an error.
std::string probe(const std::filesystem::path &file) {
  const auto r =
      run({"/usr/bin/ffprobe", "-v", "error", "-show_entries",
           "stream=codec_name,width,height,sample_rate", "-of", "compact", file.string()},
          30s);
  BOOST_TEST(r.exited_ok(), r.err);
  const auto decoded = run(
      {"/usr/bin/ffmpeg", "-v", "error", "-i", file.string(), "-f", "null", "-"}, 60s);
  // A live capture ends mid-page; anything else is a decoding error.
  std::string errors;
  std::istringstream lines(decoded.err);
  for (std::string line; std::getline(lines, line);)
    if (!contains(line, "End of file") && !contains(line, "Truncated") &&
        !contains(line, "truncated"))
      errors += line + "\n";
  BOOST_TEST(errors.empty(), errors);
  return r.out;
}

} // namespace

BOOST_AUTO_TEST_CASE(htpasswdcrypt_radio_checks_converts_and_streams_to_a_listener) {
  const auto xml = check_and_convert(
      "radio-htpasswdcrypt.xml",
      {"6: Flumotion's type 'htpasswdcrypt-bouncer' is flu's 'htpasswd-bouncer'",
       "6: version 0.5.4 is the flumotion release"});
  BOOST_TEST(contains(xml, R"(type="htpasswd-bouncer")"), xml);
  BOOST_TEST(!contains(xml, "0.5.4"), xml);
  BOOST_TEST(contains(xml, R"(<feed alias="default">tone</feed>)"), xml);
  BOOST_TEST(contains(xml, R"(<property name="burst-on-connect">true</property>)"), xml);

  RunningPlanet planet("radio.xml", read_text(planet_file("radio-htpasswdcrypt.xml")),
                       {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  BOOST_TEST(listen(planet, "/radio.ogg", 2).first == "401");
  BOOST_TEST(listen(planet, "/radio.ogg", 2, {"-u", "listener:wrong"}).first == "401");
  const auto [status, file] =
      listen(planet, "/radio.ogg", 4, {"-u", "listener:listen-here"});
  BOOST_TEST(status == "200");
  const auto streams = probe(file);
  BOOST_TEST(contains(streams, "codec_name=vorbis"), streams);
  BOOST_TEST(contains(streams, "sample_rate=22050"), streams);
}

BOOST_AUTO_TEST_CASE(ip_bouncer_deny_default_checks_converts_and_streams) {
  const auto xml = check_and_convert(
      "radio-ipbouncer.xml",
      {"8: component 'by-address': Flumotion's property 'deny-default' of 'ip-bouncer' "
       "is 'default' = 'deny'"});
  BOOST_TEST(contains(xml, R"(<property name="default">deny</property>)"), xml);
  BOOST_TEST(!contains(xml, "deny-default"), xml);

  RunningPlanet planet("radio.xml", read_text(planet_file("radio-ipbouncer.xml")), {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto [status, file] = listen(planet, "/radio.ogg", 4);
  BOOST_TEST(status == "200");
  const auto streams = probe(file);
  BOOST_TEST(contains(streams, "codec_name=vorbis"), streams);
  BOOST_TEST(contains(streams, "sample_rate=16000"), streams);
}

BOOST_AUTO_TEST_CASE(ip_bouncer_deny_default_refuses_an_address_not_allowed) {
  // The same planet allowing only a network the listener is not in: with
  // deny-default True (flu's default deny) it is turned away.
  std::string xml = read_text(planet_file("radio-ipbouncer.xml"));
  xml.replace(xml.find("127.0.0.1/32"), 12, "10.99.0.0/16");
  RunningPlanet planet("radio.xml", xml, {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto refused = listen(planet, "/radio.ogg", 2).first;
  BOOST_TEST((refused == "401" || refused == "403"), refused);
}

BOOST_AUTO_TEST_CASE(testcard_with_virtual_feed_source_and_aliases_streams_theora) {
  const auto xml = check_and_convert(
      "testcard-theora.xml",
      {"7: version 0.4.2.1 is the flumotion release",
       "19: component 'card-theora': Flumotion's property 'keyframe-maxdistance' of "
       "'theora-encoder' is 'keyframe-distance' = '25'",
       "20: component 'card-theora': Flumotion's property 'noise-sensitivity' of "
       "'theora-encoder' is left out",
       "31: <source> is a <feed> of eater 'default'",
       "44: virtual feed 'programme:av' is 'card-ogg:default'"});
  BOOST_TEST(contains(xml, R"(<property name="framerate">50/10</property>)"), xml);
  BOOST_TEST(contains(xml, R"(<property name="format">video/x-raw-yuv</property>)"), xml);
  BOOST_TEST(contains(xml, "<feed>card-ogg</feed>"), xml);
  BOOST_TEST(contains(xml, "<clock-master>true</clock-master>"), xml);
  BOOST_TEST(contains(xml, R"(<feed alias="video">card-theora</feed>)"), xml);
  BOOST_TEST(!contains(xml, "virtual-feed"), xml);
  BOOST_TEST(!contains(xml, "<source>"), xml);

  RunningPlanet planet("card.xml", read_text(planet_file("testcard-theora.xml")), {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto [status, file] = listen(planet, "/card.ogg", 4);
  BOOST_TEST(status == "200");
  const auto streams = probe(file);
  BOOST_TEST(contains(streams, "codec_name=theora|width=176|height=144"), streams);
  BOOST_TEST(contains(streams, "codec_name=vorbis"), streams);
}

BOOST_AUTO_TEST_CASE(manager_section_with_htpasswdcrypt_bouncer_checks_and_converts) {
  const auto xml = check_and_convert(
      "manager-htpasswdcrypt.xml",
      {"6: Flumotion's type 'htpasswdcrypt-bouncer' is flu's 'htpasswd-bouncer'"});
  BOOST_TEST(contains(xml, R"(<manager name="studio">)"), xml);
  BOOST_TEST(contains(xml, "operator:vwSkx83ue7B92</property>"), xml);
}

BOOST_AUTO_TEST_CASE(unsupported_constructs_are_refused_at_their_line) {
  expect_refused("refused-compound-property.xml", 6,
                 "component 'card': <compound-property> 'overlay' is not supported");
}

// --check passes, nothing more: the shapes whose conversion says something
// new are converted too.
void check_only(const std::string &name) {
  TempDir dir("flumotion-planet");
  const auto checked = manager(planet_file(name), "--check", dir);
  BOOST_TEST(checked.exited_ok(), name << ": " << checked.err);
  BOOST_TEST(contains(checked.out, ": ok"), checked.out);
}

// One planet in the shape of each of Flumotion 0.10's example planets (its
// conf/examples and conf/managers/default), with the outcome docs/planet.md's
// table claims for it. Covered by the cases above: bouncer.xml
// (radio-htpasswdcrypt), ipbouncer.xml (radio-ipbouncer), planet.xml
// (manager-htpasswdcrypt), ogg-test-theora.xml (testcard-theora),
// failover.xml (failover-virtual-feed), the manager plugs (manager-plugs).
BOOST_AUTO_TEST_CASE(every_example_planet_shape_loads_or_is_refused_as_the_table_says) {
  // examples/default.xml: the overlay's logos and text are its own properties
  // (its own case below streams it).
  check_and_convert("wizard-overlay.xml",
                    {"14: version 0.4.2.1 is the flumotion release"});
  // examples/twores.xml: overlay, pipeline-converter, disk-consumer (its own
  // case below streams it).
  // managers/default/flows/looper.xml, switch-simple.xml, porter.xml;
  // examples/ondemand.xml.
  for (const char *name : {"looper-file.xml", "switch-simple.xml", "porter-slaves.xml",
                           "ondemand-server.xml"})
    check_only(name);
  // managers/default/flows/switch-av.xml: loopers, av-switch-combiner, <source>.
  const auto av = check_and_convert("switch-av-loopers.xml",
                                    {"24: <source> is a <feed> of eater 'default'"});
  BOOST_TEST(contains(av, "<feed>switch:audio</feed>"), av);
  // examples/discont.xml: both producers drop buffers.
  const auto discont = check_and_convert("discont-drop.xml", {});
  BOOST_TEST(contains(discont, R"(<property name="drop-probability">0.1</property>)"),
             discont);
  // examples/ondemand-cache.xml: its file-provider plug (and a request
  // logger's) are the http-server's own properties.
  const auto cached = check_and_convert(
      "ondemand-cache-plug.xml",
      {"13: component 'vod-cached': plug 'fileprovider-localcached': its property "
       "'cache-dir' is 'cache-dir'",
       "20: component 'vod-cached': plug 'requestlogger-file': its property 'logfile' "
       "is 'access-log'"});
  for (const char *property :
       {R"(<property name="path">/srv/vod</property>)",
        R"(<property name="cache-dir">/var/cache/vod</property>)",
        R"(<property name="cache-size">50</property>)",
        R"(<property name="cleanup-high-watermark">0.9</property>)",
        R"(<property name="access-log">/var/log/flu/vod.log</property>)"})
    BOOST_TEST(contains(cached, property), cached);
  BOOST_TEST(!contains(cached, "<plug"), cached);
}

// The mean colour of the first picture ffmpeg decodes from `file`: 'R' for
// red, 'B' for blue, '?' for anything else.
char first_colour(const std::filesystem::path &file) {
  const auto out = file.string() + ".rgb";
  const auto r =
      run({"/usr/bin/ffmpeg", "-v", "error", "-y", "-i", file.string(), "-frames:v", "1",
           "-vf", "scale=1:1", "-f", "rawvideo", "-pix_fmt", "rgb24", out},
          60s);
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
  const std::string pixel = read_text(out);
  BOOST_TEST_REQUIRE(pixel.size() == 3u);
  const auto red = uint8_t(pixel[0]), blue = uint8_t(pixel[2]);
  return red > 128 && blue < 64 ? 'R' : blue > 128 && red < 64 ? 'B' : '?';
}

// What `flu-command status COMPONENT` shows under ui for `key`, or "".
std::string ui_value(RunningPlanet &planet, const std::string &id,
                     const std::string &key) {
  const auto r = planet.command({"--timeout-ms", "2000", "status", id}, 10s);
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string name, value;
    if (words >> name >> value && name == key)
      return value;
  }
  return {};
}

// managers/default/failover.xml's shape: two muxers offer the virtual feed
// production:video, the streamer eats it. It is fed by a happy provider (a
// red or a blue card); when that one's job is killed the manager points the
// same streamer (its pid unchanged) at the other, says so in its messages,
// and a viewer who connects then gets the other card, decoding cleanly.
BOOST_AUTO_TEST_CASE(virtual_feed_fails_over_to_its_other_provider) {
  const auto xml =
      check_and_convert("failover-virtual-feed.xml",
                        {"9: version 0.5.0.1 is the flumotion release",
                         "22: component 'encoder-video1': Flumotion's property "
                         "'keyframe-maxdistance' of 'theora-encoder' is"});
  BOOST_TEST(contains(xml, R"(<virtual-feed name="production:video" real="default" />)"),
             xml);
  BOOST_TEST(contains(xml, "<feed>production:video</feed>"), xml);

  RunningPlanet planet("failover.xml",
                       read_text(planet_file("failover-virtual-feed.xml")), {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const std::string http = "/default/http-video", key = "virtual-feed:production:video";
  std::string first;
  BOOST_TEST_REQUIRE(
      poll_until([&] { return !(first = ui_value(planet, http, key)).empty(); }, 10s,
                 100ms),
      FLU_LATER(planet.command({"status", http}).out));
  const bool red_first = first == "/default/muxer-video1:default";
  BOOST_TEST_REQUIRE((red_first || first == "/default/muxer-video2:default"), first);
  const std::string dying = red_first ? "muxer-video1" : "muxer-video2";
  const std::string living = red_first ? "muxer-video2" : "muxer-video1";
  const auto [status, before] = listen(planet, "/", 3);
  BOOST_TEST(status == "200");
  BOOST_TEST(first_colour(before) == (red_first ? 'R' : 'B'));

  const auto streamer = planet.component(http);
  const auto provider = planet.component("/default/" + dying);
  BOOST_TEST_REQUIRE(provider.pid > 0);
  const auto killed = std::chrono::steady_clock::now();
  BOOST_TEST_REQUIRE(::kill(provider.pid, SIGKILL) == 0);
  const std::string next = "/default/" + living + ":default";
  BOOST_TEST_REQUIRE(
      poll_until([&] { return ui_value(planet, http, key) == next; }, 10s, 100ms),
      FLU_LATER(planet.command({"status", http}).out + planet.logs()));
  const auto moved = std::chrono::steady_clock::now();
  const auto after_kill = planet.component(http);
  BOOST_TEST(after_kill.pid == streamer.pid, "the streamer was restarted");
  BOOST_TEST(after_kill.mood == "happy");
  const std::string said =
      "virtual feed production:video failed over from " + dying + " (sad) to " + living;
  BOOST_TEST(std::any_of(after_kill.notes.begin(), after_kill.notes.end(),
                         [&](const std::string &note) { return contains(note, said); }),
             FLU_LATER(planet.command({"list"}).out));
  BOOST_TEST(contains(planet.manager().out(), said), planet.manager().out());
  // The streamer's eater streams from the new provider (its figure), so its
  // stream header has reached the streamer: a viewer from now on starts
  // with it. One who came between the kill and this got the old header and
  // the new one in band (a chained Ogg stream).
  BOOST_TEST_REQUIRE(
      poll_until([&] { return ui_value(planet, http, "eater:default:0:feed") == next; },
                 10s, 100ms),
      FLU_LATER(planet.command({"status", http}).out + planet.logs()));
  const auto streaming = std::chrono::steady_clock::now();
  BOOST_TEST_MESSAGE(
      "failed over "
      << std::chrono::duration_cast<std::chrono::milliseconds>(moved - killed).count()
      << " ms after the kill (as flu-command status saw it), streaming "
      << std::chrono::duration_cast<std::chrono::milliseconds>(streaming - killed).count()
      << " ms after it");

  const auto [status_after, after] = listen(planet, "/", 4);
  BOOST_TEST(status_after == "200");
  const auto streams = probe(after);
  BOOST_TEST(contains(streams, "codec_name=theora|width=160|height=120"), streams);
  BOOST_TEST(first_colour(after) == (red_first ? 'B' : 'R'));

  // The first provider started again takes nothing back; when the second
  // dies, the feed fails over to it again.
  const auto restarted = planet.command({"restart", "/default/" + dying});
  BOOST_TEST_REQUIRE(restarted.exited_ok(), restarted.err);
  BOOST_TEST_REQUIRE(
      poll_until([&] { return planet.component("/default/" + dying).mood == "happy"; },
                 30s, 200ms),
      FLU_LATER(planet.command({"list"}).out));
  BOOST_TEST(ui_value(planet, http, key) == next);
  BOOST_TEST_REQUIRE(::kill(planet.component("/default/" + living).pid, SIGKILL) == 0);
  BOOST_TEST_REQUIRE(
      poll_until([&] { return ui_value(planet, http, "eater:default:0:feed") == first; },
                 10s, 100ms),
      FLU_LATER(planet.command({"status", http}).out + planet.logs()));
  BOOST_TEST(ui_value(planet, http, key) == first);
  const auto [status_back, back] = listen(planet, "/", 3);
  BOOST_TEST(status_back == "200");
  BOOST_TEST(first_colour(back) == (red_first ? 'R' : 'B'));
  BOOST_TEST(planet.component(http).pid == streamer.pid);
}

// The four manager plug planets of managers/default in one: the admin-action
// logger and the lifecycle printer are kept, the identity provider and the
// manhole are left out saying why (the manhole with a warning).
BOOST_AUTO_TEST_CASE(manager_plugs_check_and_convert) {
  const auto xml = check_and_convert(
      "manager-plugs.xml",
      {"9: the manager: plug 'adminactionfilelogger' is 'adminaction-loggerfile' "
       "(Flumotion 0.10's name)",
       "13: the manager: plug 'exampleidentityprovider' is left out: flu's manager "
       "names every admin USER@HOST",
       "16: the manager: plug 'managerlifecycleprinter' is 'manager-example'",
       "19: warning: the manager: plug 'manager-manhole' is left out: it opened a Python "
       "shell inside the running manager"});
  BOOST_TEST(contains(xml, R"(type="adminaction-loggerfile")"), xml);
  BOOST_TEST(contains(xml, R"(<property name="logfile">/tmp/flu-admin-actions.log)"),
             xml);
  BOOST_TEST(contains(xml, R"(type="manager-example")"), xml);
  BOOST_TEST(!contains(xml, "identity"), xml);
  BOOST_TEST(!contains(xml, "manhole"), xml);

  // --check opens nothing; a start whose admin-action log cannot be opened
  // stops, naming the plug's line.
  TempDir dir("manager-plugs");
  auto text = read_text(planet_file("manager-plugs.xml"));
  text.replace(text.find("/tmp/flu-admin-actions.log"),
               std::string("/tmp/flu-admin-actions.log").size(),
               (dir.path() / "no-such-dir" / "actions.log").string());
  const auto planet = dir.file("plugs.xml");
  std::ofstream(planet) << text;
  const auto started =
      run({FLU_MANAGER, planet.string(), "--port", std::to_string(free_tcp_port())}, 30s,
          {{"FLU_MANAGER_DIR", (dir.path() / "manager").string()}});
  BOOST_TEST(started.exit_code() == 1, started.err);
  BOOST_TEST(
      contains(started.err, planet.string() +
                                ":9: plug 'adminaction-loggerfile': cannot open its "
                                "logfile"),
      started.err);
}

// The admin-action logger gets a line for each admin request, naming who
// asked (USER@HOST) and what; the lifecycle printer says on stdout that the
// manager started, loaded its planet and stopped.
BOOST_AUTO_TEST_CASE(manager_plugs_log_admin_actions_and_the_lifecycle) {
  TempDir dir("manager-plugs");
  const auto log = dir.file("actions.log");
  RunningPlanet planet(
      "plugs.xml", read_text(planet_file("manager-plugs.xml")), {},
      {.launcher = {}, .substitutions = {{"/tmp/flu-admin-actions.log", log.string()}}});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  BOOST_TEST(contains(planet.manager().out(), "started manager running on tcp://"),
             planet.manager().out());
  BOOST_TEST(contains(planet.manager().out(), "planet studio loaded from "),
             planet.manager().out());
  BOOST_TEST(contains(planet.manager().err(), "plug 'manager-manhole' is left out"),
             planet.manager().err());
  // A read (property) and a change (stop) each get their line.
  const auto read = planet.command({"property", "/default/card", "width"});
  BOOST_TEST_REQUIRE(read.exited_ok(), read.err);
  const auto stopped = planet.command({"stop", "/default/card"});
  BOOST_TEST_REQUIRE(stopped.exited_ok(), stopped.err);
  const std::regex line(
      R"(\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] \(local token\)@127\.0\.0\.1: stop /default/card\n)");
  BOOST_TEST_REQUIRE(
      poll_until([&] { return std::regex_search(read_text(log), line); }, 5s, 50ms),
      FLU_LATER(read_text(log)));
  BOOST_TEST(contains(read_text(log), "@127.0.0.1: property /default/card 'width'\n"),
             read_text(log));
  BOOST_TEST(Process::describe(planet.manager().stop(10s)) == "exited with code 0");
  BOOST_TEST(contains(planet.manager().out(), "stopped manager running on tcp://"),
             planet.manager().out());
}

// A streamer's request-logger plug is its access log: the planet streams
// and the log gets the viewer's request in combined format.
BOOST_AUTO_TEST_CASE(a_streamers_request_logger_plug_writes_its_access_log) {
  TempDir dir("logger-plug");
  const auto log = dir.file("requests.log");
  auto text = read_text(planet_file("streamer-logger-plug.xml"));
  text.replace(text.find("/tmp/requests.log"), std::string("/tmp/requests.log").size(),
               log.string());
  RunningPlanet planet("logger.xml", text, {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto file = dir.file("viewer.ogg");
  run({"/usr/bin/curl", "-s", "--max-time", "2", "-o", file.string(),
       "http://127.0.0.1:" + std::to_string(planet.http_port()) + "/live.ogg"},
      15s);
  BOOST_TEST(std::filesystem::file_size(file) > 0u);
  BOOST_TEST_REQUIRE(
      poll_until(
          [&] { return contains(read_text(log), "\"GET /live.ogg HTTP/1.1\" 200 "); },
          10s, 100ms),
      FLU_LATER(read_text(log) + planet.logs()));
}

// The Y plane of the first picture ffmpeg decodes from `file`, or of one
// frame of `pattern` made by videotestsrc: both W x H, limited range.
std::string first_luma(const std::filesystem::path &file, int width, int height) {
  const auto out = file.string() + ".yuv";
  const auto r = run({"/usr/bin/ffmpeg", "-v", "error", "-y", "-i", file.string(),
                      "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "yuv420p", out},
                     60s);
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
  const std::string yuv = read_text(out);
  BOOST_TEST_REQUIRE(yuv.size() >= size_t(width * height), yuv.size());
  return yuv.substr(0, size_t(width * height));
}

std::string test_card_luma(const TempDir &dir, int width, int height) {
  const auto out = dir.file("card.yuv");
  const auto r = run({"/usr/bin/gst-launch-1.0", "-q", "videotestsrc", "pattern=smpte",
                      "num-buffers=1", "!",
                      "video/x-raw,format=I420,width=" + std::to_string(width) +
                          ",height=" + std::to_string(height),
                      "!", "filesink", "location=" + out.string()},
                     60s);
  BOOST_TEST_REQUIRE(r.exited_ok(), r.err);
  return read_text(out).substr(0, size_t(width * height));
}

// Mean absolute difference of two W-wide lumas over rows [y0, y1), columns
// [x0, x1).
double mean_difference(const std::string &a, const std::string &b, int width, int x0,
                       int y0, int x1, int y1) {
  double sum = 0;
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x)
      sum += std::abs(int(uint8_t(a[y * width + x])) - int(uint8_t(b[y * width + x])));
  return sum / ((x1 - x0) * (y1 - y0));
}

// examples/default.xml's shape, its three built-in logos on, streams: flu
// draws badges of its own where Flumotion put its logos (a row of 36x36 at
// the bottom left, 4 pixels in), so the picture served differs from the
// bare test card there, and hardly at all across the bars above them.
BOOST_AUTO_TEST_CASE(wizard_overlay_planet_streams_theora_and_vorbis_with_its_logos) {
  RunningPlanet planet("wizard.xml", read_text(planet_file("wizard-overlay.xml")), {});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto [status, file] = listen(planet, "/studio.ogg", 4);
  BOOST_TEST(status == "200");
  const auto streams = probe(file);
  BOOST_TEST(contains(streams, "codec_name=theora|width=160|height=120"), streams);
  BOOST_TEST(contains(streams, "codec_name=vorbis"), streams);

  constexpr int W = 160, H = 120;
  const std::string served = first_luma(file, W, H);
  const std::string card = test_card_luma(planet.dir(), W, H);
  const double logos = mean_difference(served, card, W, 8, H - 36, 116, H - 8);
  const double bars = mean_difference(served, card, W, 0, 56, W, 74);
  BOOST_TEST(logos > 20, "logos' row differs from the card by " << logos);
  BOOST_TEST(bars < 8, "the bars differ from the card by " << bars);
  BOOST_TEST(logos > 4 * bars, logos << " against " << bars);
}

// examples/twores.xml's shape streams: its pipeline-converter's fragment,
// written with GStreamer 0.10's video/x-raw-yuv, is kept as written by
// --check and --convert (core knows no GStreamer names); the module reads it
// in 1.x's names, says so in a message, and the small copy it scales is what
// the streamer serves (1.x has no video/x-raw-yuv caps: read as written,
// nothing would link).
BOOST_AUTO_TEST_CASE(tworesolutions_planet_scales_with_its_0_10_fragment_and_streams) {
  const auto xml = check_and_convert("tworesolutions-pipeline-disk.xml", {});
  BOOST_TEST(
      contains(xml, "videoscale ! video/x-raw-yuv,width=160,height=120</property>"), xml);

  TempDir recordings("twores-recordings");
  RunningPlanet planet(
      "twores.xml", read_text(planet_file("tworesolutions-pipeline-disk.xml")), {},
      {.launcher = {}, .substitutions = {{"/var/tmp", recordings.path().string()}}});
  planet.start_worker("localhost");
  BOOST_TEST_REQUIRE(planet.all_in_mood("happy", start_timeout),
                     FLU_LATER(planet.logs()));
  const auto [status, file] = listen(planet, "/small.ogg", 4);
  BOOST_TEST(status == "200");
  const auto streams = probe(file);
  BOOST_TEST(contains(streams, "codec_name=theora|width=160|height=120"), streams);
  const auto notes = planet.component("/default/card-small").notes;
  BOOST_TEST(std::any_of(notes.begin(), notes.end(),
                         [](const std::string &note) {
                           return contains(note,
                                           "read GStreamer 0.10's 'video/x-raw-yuv' "
                                           "as 'video/x-raw'");
                         }),
             FLU_LATER(planet.command({"list"}).out));
}
