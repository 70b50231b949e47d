// What flu-command prints from snapshots, deltas and replies: tables that
// scripts split on whitespace, and JSON that parses whatever the text holds.
#include "cli/json.hpp"
#include "edges_output.hpp"
#include "reply_output.hpp"
#include "state_output.hpp"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>

using namespace flu;
using namespace flu::command;
namespace pt = boost::property_tree;

namespace {

// 2025-05-01T12:00:01Z
constexpr int64_t may_day_ms = 1746100801000;

message::Note note(message::NoteLevel level, std::string format,
                   std::vector<std::string> args = {}) {
  message::Note n;
  n.level = level;
  n.id = "n";
  n.domain = "flu";
  n.format = std::move(format);
  n.args = std::move(args);
  n.timestamp_ms = may_day_ms;
  return n;
}

message::StateSnapshot snapshot() {
  message::StateSnapshot s;
  s.seq = 41;
  s.planet = "default";
  message::ComponentStatus http;
  http.component_id = "/default/http";
  http.type = "http-streamer";
  http.worker = "localhost";
  http.mood = Mood::sad;
  http.pid = 4242;
  http.notes = {note(message::NoteLevel::error, "the job was %1%",
                     {"killed by signal 9 (Killed)"})};
  http.ui = {{"viewers", {"3"}}, {"mount", {"/live.webm"}}};
  http.version = "http-streamer 1.1.0";
  http.version_range = "^1.0";
  message::ComponentStatus video;
  video.component_id = "/default/video";
  video.type = "videotest-producer";
  video.mood = Mood::sleeping;
  video.pending = Mood::happy;
  s.components = {http, video};
  message::WorkerStatus worker;
  worker.name = "localhost";
  worker.host = "127.0.0.1";
  worker.feed_port = 8600;
  worker.connected = true;
  worker.pid = 99;
  worker.types = {"http-streamer", "vp8-encoder"};
  worker.bundles_fetched = 15;
  worker.bundle_bytes_fetched = 1500000;
  worker.bundle_cache_hits = 2;
  s.workers = {worker};
  return s;
}

pt::ptree parse_json(const std::string &text) {
  std::istringstream in(text);
  pt::ptree tree;
  pt::read_json(in, tree);
  return tree;
}

std::vector<std::string> lines(const std::string &text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

std::vector<std::string> words(const std::string &line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string word; in >> word;)
    out.push_back(word);
  return out;
}

} // namespace

using flu::cli::Json;
using flu::cli::json_string;

BOOST_AUTO_TEST_CASE(json_strings_escape_control_characters_and_bad_utf8) {
  BOOST_TEST(json_string("plain") == "\"plain\"");
  BOOST_TEST(json_string("a\"b\\c") == R"("a\"b\\c")");
  BOOST_TEST(json_string("l1\nl2\tx\r") == R"("l1\nl2\tx\r")");
  BOOST_TEST(json_string(std::string("\x01\x1f\x7f", 3)) == R"("\u0001\u001f\u007f")");
  BOOST_TEST(json_string(std::string("nul\0x", 5)) == R"("nul\u0000x")");
  BOOST_TEST(json_string("été ✓ 𝄞") == "\"été ✓ 𝄞\"");
  // Not UTF-8: a lone continuation byte, a truncated sequence, an overlong
  // encoding, a surrogate.
  BOOST_TEST(json_string("a\x80z") == R"("a\ufffdz")");
  BOOST_TEST(json_string("\xc3") == R"("\ufffd")");
  BOOST_TEST(json_string("\xc0\xaf") == R"("\ufffd\ufffd")");
  BOOST_TEST(json_string("\xed\xa0\x80") == R"("\ufffd\ufffd\ufffd")");
  for (const char *text : {"a\x80z", "\"\\\n", "\xff\xfe"})
    BOOST_CHECK_NO_THROW(parse_json("{\"k\":" + json_string(text) + "}"));
}

BOOST_AUTO_TEST_CASE(json_writer_places_commas) {
  std::ostringstream out;
  Json json(out);
  json.begin_object();
  json.key("a").number(-1);
  json.key("b").begin_array().boolean(true).null().value("x").end_array();
  json.key("c").begin_object().end_object();
  json.key("d").strings({"p", "q"});
  json.end_object();
  BOOST_TEST(out.str() == R"({"a":-1,"b":[true,null,"x"],"c":{},"d":["p","q"]})");
}

BOOST_AUTO_TEST_CASE(list_prints_one_row_per_component_and_its_messages) {
  std::ostringstream out;
  print_components(out, snapshot(), false);
  const auto rows = lines(out.str());
  BOOST_REQUIRE(rows.size() == 4u);
  BOOST_TEST(
      (words(rows[0]) == std::vector<std::string>{"COMPONENT", "MOOD", "WORKER", "PID",
                                                  "TYPE", "PENDING", "VERSION"}));
  BOOST_TEST((words(rows[1]) ==
              std::vector<std::string>{"/default/http", "sad", "localhost", "4242",
                                       "http-streamer", "-", "http-streamer", "1.1.0"}));
  BOOST_TEST(rows[2] ==
             "    error 2025-05-01T12:00:01Z: the job was killed by signal 9 (Killed)");
  BOOST_TEST(
      (words(rows[3]) == std::vector<std::string>{"/default/video", "sleeping", "-", "-",
                                                  "videotest-producer", "happy", "-"}));
}

BOOST_AUTO_TEST_CASE(list_json_has_every_field) {
  std::ostringstream out;
  print_components(out, snapshot(), true);
  const std::string text = out.str();
  BOOST_TEST(text.find("\"id\":\"/default/http\"") != std::string::npos, text);
  BOOST_TEST(text.back() == '\n');
  BOOST_TEST(std::count(text.begin(), text.end(), '\n') == 1);
  const auto tree = parse_json(text);
  BOOST_TEST(tree.get<std::string>("planet") == "default");
  BOOST_TEST(tree.get<int>("seq") == 41);
  const auto &components = tree.get_child("components");
  BOOST_REQUIRE(components.size() == 2u);
  const auto &http = components.begin()->second;
  BOOST_TEST(http.get<std::string>("id") == "/default/http");
  BOOST_TEST(http.get<std::string>("type") == "http-streamer");
  BOOST_TEST(http.get<std::string>("worker") == "localhost");
  BOOST_TEST(http.get<std::string>("mood") == "sad");
  BOOST_TEST(http.get<std::string>("pending") == "null");
  BOOST_TEST(http.get<int>("pid") == 4242);
  BOOST_TEST(http.get<std::string>("version") == "http-streamer 1.1.0");
  BOOST_TEST(http.get<std::string>("version_range") == "^1.0");
  const auto &message = http.get_child("messages").begin()->second;
  BOOST_TEST(message.get<std::string>("level") == "error");
  BOOST_TEST(message.get<std::string>("time") == "2025-05-01T12:00:01Z");
  BOOST_TEST(message.get<int64_t>("timestamp_ms") == may_day_ms);
  BOOST_TEST(message.get<std::string>("text") ==
             "the job was killed by signal 9 (Killed)");
  BOOST_TEST(http.get_child("ui.viewers").begin()->second.data() == "3");
  const auto &video = std::next(components.begin())->second;
  BOOST_TEST(video.get<std::string>("pending") == "happy");
  BOOST_TEST(video.get<int>("pid") == 0);
  BOOST_TEST(video.get<std::string>("version_range") == "null"); // any version
}

BOOST_AUTO_TEST_CASE(status_shows_one_component_in_detail) {
  std::ostringstream out;
  BOOST_TEST(print_status(out, snapshot(), "/default/http", false));
  const std::string text = out.str();
  for (const char *part :
       {"/default/http\n", "  type      http-streamer\n", "  worker    localhost\n",
        "  mood      sad\n", "  pending   -\n", "  pid       4242\n",
        "  version   http-streamer 1.1.0\n", "  range     ^1.0\n", "  ui\n",
        "    viewers  3\n", "    mount    /live.webm\n", "  messages\n",
        "    error 2025-05-01T12:00:01Z: the job was killed by signal 9 (Killed)\n"})
    BOOST_TEST(text.find(part) != std::string::npos, part << " not in\n" << text);
  BOOST_TEST(text.find("/default/video") == std::string::npos);

  std::ostringstream all;
  BOOST_TEST(print_status(all, snapshot(), "", false));
  BOOST_TEST(all.str().find("\n\n/default/video\n") != std::string::npos, all.str());

  std::ostringstream json;
  BOOST_TEST(print_status(json, snapshot(), "/default/video", true));
  const auto tree = parse_json(json.str());
  BOOST_TEST(tree.get_child("components").size() == 1u);
  BOOST_TEST(tree.get_child("components").begin()->second.get<std::string>("id") ==
             "/default/video");

  std::ostringstream none;
  BOOST_TEST(!print_status(none, snapshot(), "/default/nope", false));
  BOOST_TEST(none.str().empty());
}

BOOST_AUTO_TEST_CASE(workers_table_and_json) {
  std::ostringstream out;
  print_workers(out, snapshot(), false);
  const auto rows = lines(out.str());
  BOOST_REQUIRE(rows.size() == 2u);
  BOOST_TEST((words(rows[1]) == std::vector<std::string>{"localhost", "127.0.0.1:8600",
                                                         "connected", "99", "15",
                                                         "(1500000),", "2"}));
  std::ostringstream json;
  print_workers(json, snapshot(), true);
  const auto worker = parse_json(json.str()).get_child("workers").begin()->second;
  BOOST_TEST(worker.get<std::string>("name") == "localhost");
  BOOST_TEST(worker.get<std::string>("host") == "127.0.0.1");
  BOOST_TEST(worker.get<int>("feed_port") == 8600);
  BOOST_TEST(worker.get<bool>("connected"));
  BOOST_TEST(worker.get<int>("pid") == 99);
  BOOST_TEST(worker.get<int>("bundles_fetched") == 15);
  BOOST_TEST(worker.get<int>("bundle_bytes_fetched") == 1500000);
  BOOST_TEST(worker.get<int>("bundle_cache_hits") == 2);
  BOOST_TEST(worker.get_child("types").size() == 2u);
}

BOOST_AUTO_TEST_CASE(watch_prints_a_line_per_changed_record) {
  message::StateDelta delta;
  delta.seq = 42;
  delta.components = snapshot().components;
  delta.removed_components = {"/default/old"};
  auto worker = snapshot().workers[0];
  worker.connected = false;
  delta.workers = {worker};

  std::ostringstream out;
  print_delta(out, delta, false, 5);
  const auto rows = lines(out.str());
  BOOST_REQUIRE(rows.size() == 4u);
  BOOST_TEST(rows[0] ==
             "42 /default/http sad pid=4242 messages=1 viewers=3 mount=/live.webm");
  BOOST_TEST(rows[1] == "42 /default/video sleeping>happy pid=0");
  BOOST_TEST(rows[2] == "42 /default/old removed");
  BOOST_TEST(rows[3] == "42 worker localhost gone 127.0.0.1:8600");

  std::ostringstream json;
  print_delta(json, delta, true, 1234);
  const auto objects = lines(json.str());
  BOOST_REQUIRE(objects.size() == 4u);
  for (const auto &line : objects) {
    const auto tree = parse_json(line);
    BOOST_TEST(tree.get<int>("seq") == 42);
    BOOST_TEST(tree.get<int>("received_ms") == 1234);
  }
  BOOST_TEST(parse_json(objects[0]).get<std::string>("mood") == "sad");
  BOOST_TEST(parse_json(objects[1]).get<std::string>("pending") == "happy");
  BOOST_TEST(parse_json(objects[2]).get<std::string>("id") == "/default/old");
  BOOST_TEST(parse_json(objects[2]).get<bool>("removed"));
  BOOST_TEST(!parse_json(objects[3]).get<bool>("worker.connected"));

  // One component only: the others, removals and workers are left out.
  std::ostringstream one;
  BOOST_TEST(print_delta(one, delta, false, 5, "/default/video"));
  BOOST_TEST(one.str() == "42 /default/video sleeping>happy pid=0\n");
  std::ostringstream other;
  BOOST_TEST(!print_delta(other, delta, true, 5, "/default/nope"));
  BOOST_TEST(other.str().empty());
  std::ostringstream removed;
  BOOST_TEST(print_delta(removed, delta, false, 5, "/default/old"));
  BOOST_TEST(removed.str() == "42 /default/old removed\n");
}

BOOST_AUTO_TEST_CASE(replies_print_their_text_and_values) {
  auto print = [](const message::AdminRequest &request, const message::AdminReply &reply,
                  bool json, int expected_code) {
    std::ostringstream out, err;
    BOOST_TEST(print_reply(out, err, request, reply, json) == expected_code);
    return std::make_pair(out.str(), err.str());
  };
  auto [stopped, quiet] =
      print({"stop", "/default/http", {}},
            {message::ReplyCode::done, "stopping /default/http", {}}, false, 0);
  BOOST_TEST(stopped == "stopping /default/http\n");
  BOOST_TEST(quiet.empty());

  auto [values, none] = print({"property", "/default/http", {"ip-filter"}},
                              {message::ReplyCode::done,
                               "1.2.3.4\n5.6.7.8",
                               {{"ip-filter", {"1.2.3.4", "5.6.7.8"}}}},
                              false, 0);
  BOOST_TEST(values == "1.2.3.4\n5.6.7.8\n");

  auto [xml, nothing] = print(
      {"export", "", {}},
      {message::ReplyCode::done, "<?xml version=\"1.0\"?>\n<planet/>\n", {}}, false, 0);
  BOOST_TEST(xml == "<?xml version=\"1.0\"?>\n<planet/>\n");

  auto [loaded, ok] = print(
      {"load", "", {"<planet/>", "f.xml"}},
      {message::ReplyCode::done, "loaded 2 components", {{"added", {"/f/a", "/f/b"}}}},
      false, 0);
  BOOST_TEST(loaded == "loaded 2 components\nadded: /f/a, /f/b\n");
}

BOOST_AUTO_TEST_CASE(failed_requests_go_to_stderr_with_their_code) {
  std::ostringstream out, err;
  BOOST_TEST(print_reply(out, err, {"start", "/default/http", {}},
                         {message::ReplyCode::not_now,
                          "/default/http is happy: only a sleeping component starts",
                          {}},
                         false) == 4);
  BOOST_TEST(out.str().empty());
  BOOST_TEST(err.str() ==
             "flu-command: start /default/http: /default/http is happy: only "
             "a sleeping component starts\n");

  std::ostringstream jout, jerr;
  BOOST_TEST(print_reply(jout, jerr, {"stop", "/x/y", {}},
                         {message::ReplyCode::no_target, "no component /x/y", {}},
                         true) == 3);
  const auto tree = parse_json(jout.str());
  BOOST_TEST(tree.get<int>("code") == 3);
  BOOST_TEST(tree.get<std::string>("text") == "no component /x/y");
  BOOST_TEST(jerr.str() == "flu-command: stop /x/y: no component /x/y\n");

  std::ostringstream nout, nerr;
  BOOST_TEST(print_reply(nout, nerr, {"export", "", {}},
                         {static_cast<message::ReplyCode>(9), "", {}}, false) == 5);
  BOOST_TEST(nerr.str() == "flu-command: export: failed (code 9)\n");
}

BOOST_AUTO_TEST_CASE(keycards_print_a_table_and_structured_json) {
  const message::AdminReply reply{
      message::ReplyCode::done,
      "2 keycards",
      {{"kc-1", {"admin flu-command", "", "127.0.0.1", "0"}},
       {"kc-2", {"/default/http", "alice", "10.0.0.7", std::to_string(may_day_ms)}},
       {"kc-3", {"worker localhost", "", "127.0.0.1"}}}};
  std::ostringstream out, err;
  BOOST_TEST(print_reply(out, err, {"keycards", "viewers", {}}, reply, false) == 0);
  const auto rows = lines(out.str());
  BOOST_REQUIRE(rows.size() == 5u);
  BOOST_TEST(rows[0] == "2 keycards");
  BOOST_TEST(
      (words(rows[1]) == std::vector<std::string>{"KEYCARD", "REQUESTER", "USERNAME",
                                                  "ADDRESS", "EXPIRES"}));
  BOOST_TEST(rows[2].find("kc-1") == 0u);
  BOOST_TEST(rows[2].find("admin flu-command") != std::string::npos);
  BOOST_TEST(rows[2].find("never") != std::string::npos, rows[2]);
  BOOST_TEST(
      (words(rows[3]) == std::vector<std::string>{"kc-2", "/default/http", "alice",
                                                  "10.0.0.7", "2025-05-01T12:00:01Z"}));
  BOOST_TEST(rows[4].find("never") != std::string::npos, rows[4]);

  std::ostringstream json, jerr;
  print_reply(json, jerr, {"keycards", "viewers", {}}, reply, true);
  const auto tree = parse_json(json.str());
  BOOST_TEST(tree.get<std::string>("verb") == "keycards");
  BOOST_TEST(tree.get_child("values.kc-2").size() == 4u);
  const auto &cards = tree.get_child("keycards");
  BOOST_REQUIRE(cards.size() == 3u);
  const auto &second = std::next(cards.begin())->second;
  BOOST_TEST(second.get<std::string>("username") == "alice");
  BOOST_TEST(second.get<int64_t>("expires_ms") == may_day_ms);
  BOOST_TEST(cards.begin()->second.get<std::string>("expires_ms") == "null");
}

// Streamers grouped by the path of their url; the load is viewers of
// client-limit; a component without a url is no streamer of a stream.
BOOST_AUTO_TEST_CASE(edges_groups_streamers_by_stream_with_their_load) {
  message::StateSnapshot s;
  s.planet = "edges";
  auto streamer = [](std::string id, std::string worker, Mood mood, std::string url,
                     std::string viewers, std::string limit) {
    message::ComponentStatus c;
    c.component_id = std::move(id);
    c.type = "http-streamer";
    c.worker = std::move(worker);
    c.mood = mood;
    c.ui = {{"url", {std::move(url)}},
            {"viewers", {std::move(viewers)}},
            {"client-limit", {std::move(limit)}},
            {"cpu-percent", {"2.5"}}};
    return c;
  };
  s.components = {
      streamer("/default/origin", "origin", Mood::happy, "http://10.0.0.1:8800/live.webm",
               "1", "1"),
      streamer("/default/edge-1", "edge1", Mood::happy, "http://10.0.0.2:8800/live.webm",
               "40", "100"),
      streamer("/default/edge-2", "edge2", Mood::lost, "http://10.0.0.3:8800/live.webm",
               "0", "100"),
      streamer("/default/radio", "origin", Mood::happy, "http://10.0.0.1:8801/radio.ogg",
               "3", "12"),
  };
  message::ComponentStatus video;
  video.component_id = "/default/video";
  s.components.push_back(video);

  std::ostringstream text;
  print_edges(text, s, false);
  const std::string out = text.str();
  BOOST_TEST(out.find("STREAM /live.webm") != std::string::npos, out);
  BOOST_TEST(out.find("STREAM /radio.ogg") != std::string::npos, out);
  BOOST_TEST(out.find("/default/edge-1         happy    edge1       40/100      40%    "
                      "2.5    http://10.0.0.2:8800/live.webm") != std::string::npos,
             out);
  BOOST_TEST(out.find("/default/radio          happy    origin      3/12        25%") !=
                 std::string::npos,
             out);
  BOOST_TEST(out.find("/default/video") == std::string::npos, out);
  // /live.webm's three come before /radio.ogg, in the snapshot's order.
  BOOST_TEST(out.find("/default/edge-2") < out.find("STREAM /radio.ogg"));

  std::ostringstream json;
  print_edges(json, s, true);
  const auto tree = parse_json(json.str());
  const auto &live =
      tree.get_child("streams").get_child(pt::ptree::path_type("/live.webm", '|'));
  BOOST_TEST(live.size() == 3u);
  BOOST_TEST(live.back().second.get<std::string>("mood") == "lost");
  BOOST_TEST(live.back().second.get<std::string>("load") == "0%");
}

BOOST_AUTO_TEST_CASE(utc_times) {
  BOOST_TEST(utc_time(may_day_ms) == "2025-05-01T12:00:01Z");
  BOOST_TEST(utc_time(0) == "-");
}
