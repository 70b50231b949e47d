// The wizard without a terminal or a manager: in-tree wizard steps loaded
// for real (their fields, refusals and contributions), and the wizard's
// steps walked with keys, with the checks it asks answered by the test,
// down to the planet XML it would load.
#define BOOST_TEST_MODULE tui_wizard
#include "contains.hpp"
#include "wizard.hpp"

#include <boost/test/unit_test.hpp>

#include <curses.h>
#include <pugixml.hpp>

#include <deque>

using namespace flu::admin;
using flu::message::AdminReply;
using flu::message::AdminRequest;

namespace {

std::filesystem::path step_file(const std::string &name) {
  return std::filesystem::path(STEP_DIR) / name / ("libflu-wizard-" + name + ".so");
}

using flu::test::contains;

std::string all(const std::vector<std::string> &lines) {
  std::string out;
  for (const auto &l : lines)
    out += l + "\n";
  return out;
}

// The steps the test's manager ships (tests/tui/CMakeLists.txt builds them).
const std::vector<std::string> shipped = {
    "aac-encoder",    "audiotest-producer", "disk-consumer",   "h264-encoder",
    "hls-streamer",   "htpasswd-bouncer",   "http-streamer",   "loop-producer",
    "mpegts-muxer",   "opus-encoder",       "video-converter", "videotest-producer",
    "vorbis-encoder", "vp8-encoder",        "webm-muxer",      "wizard-test-source"};

// The manager's `types` table for these steps, as it reads them from the
// manifests flu-bundle wrote from each step's own description.
std::vector<std::vector<std::string>> types_table(const std::vector<std::string> &steps) {
  std::vector<std::vector<std::string>> rows{{"type", "bundle", "version", "wizard-step",
                                              "title", "accepts", "provides", "checks"}};
  for (const auto &type : steps) {
    WizardStepLibrary step(step_file(type), type);
    rows.push_back({type, type, "1.0.0", step.role(), step.title(), step.accepts(),
                    step.provides(), ""});
  }
  return rows;
}

// A console for the wizard: bundles are the in-tree steps, requests are
// kept for the test to answer (the manager's list of types answered at
// once from `types`), the input line answers what the test says.
struct Harness {
  std::vector<std::vector<std::string>> types = types_table(shipped);
  std::map<std::string, PageState> bundles;
  std::deque<std::pair<AdminRequest, std::function<void(const AdminReply &)>>> asked;
  std::string typed; // what the next prompt gets
  std::string done;  // the status line when the wizard closed
  std::vector<std::string> flows{"default"};
  Wizard wizard;

  Harness() : wizard(env()) {}

  WizardEnv env() {
    WizardEnv e;
    e.bundle = [this](const std::string &type) -> const PageState & {
      auto &s = bundles[type];
      s.kind = PageState::Kind::none;
      s.bundle = type + " 1.0.0";
      if (std::filesystem::exists(step_file(type)))
        s.wizard_step = step_file(type);
      return s;
    };
    e.request = [this](const AdminRequest &r, std::function<void(const AdminReply &)> a) {
      asked.emplace_back(r, std::move(a));
      return true;
    };
    e.workers = [] { return std::vector<std::string>{"localhost"}; };
    e.flows = [this] { return flows; };
    e.prompt = [this](const std::string &, std::function<void(const std::string &)> a) {
      a(typed);
    };
    e.ask = [](const std::string &, std::function<void()> yes) { yes(); };
    e.changed = [] {};
    e.done = [this](const std::string &status) { done = status; };
    return e;
  }

  // The manager's answer to the wizard's `types`, whenever it asks.
  void answer_types() {
    for (auto it = asked.begin(); it != asked.end();) {
      if (it->first.verb != "types") {
        ++it;
        continue;
      }
      auto reply_to = std::move(it->second);
      it = asked.erase(it);
      AdminReply reply;
      for (std::size_t i = 0; i < types.size(); ++i)
        reply.values.push_back({i == 0 ? "columns" : std::to_string(i), types[i]});
      reply_to(reply);
    }
  }
  std::string screen() {
    answer_types();
    wizard.poll();
    return wizard.title() + "\n" + all(wizard.lines());
  }
  void key(int k) {
    answer_types();
    wizard.key(k);
    wizard.poll();
  }
  // Moves to the field whose label starts so.
  void select(const std::string &label) {
    for (int i = 0; i < 40 && !contains(screen(), "> " + label); ++i)
      key(i < 20 ? KEY_UP : KEY_DOWN);
    BOOST_TEST_REQUIRE(contains(screen(), "> " + label), screen());
  }
  // The same, then Right until `value` is chosen.
  void choose(const std::string &label, const std::string &value) {
    select(label);
    for (int i = 0; i < 20 && !contains(screen(), "< " + value + " >"); ++i)
      key(KEY_RIGHT);
    BOOST_TEST_REQUIRE(contains(screen(), "< " + value + " >"), screen());
  }
  void type_into(const std::string &text) {
    typed = text;
    key('\n');
  }
  // Answers the oldest request: a check's table, or a failure.
  AdminRequest answer(std::vector<std::vector<std::string>> rows = {},
                      std::string failure = "") {
    BOOST_TEST_REQUIRE(!asked.empty());
    auto [request, reply_to] = std::move(asked.front());
    asked.pop_front();
    AdminReply reply;
    if (!failure.empty()) {
      reply.code = flu::message::ReplyCode::failed;
      reply.text = failure;
    } else {
      for (std::size_t i = 0; i < rows.size(); ++i)
        reply.values.push_back({i == 0 ? "columns" : std::to_string(i), rows[i]});
    }
    reply_to(reply);
    return request;
  }
};

} // namespace

BOOST_AUTO_TEST_CASE(the_loop_producer_step_describes_refuses_and_contributes) {
  WizardStepLibrary step(step_file("loop-producer"), "loop-producer");
  BOOST_TEST(step.role() == "source");
  std::vector<StepField> fields;
  std::string error;
  BOOST_TEST_REQUIRE(step.describe({}, fields, error), error);
  BOOST_TEST_REQUIRE(fields.size() == 4u);
  BOOST_TEST(fields[1].name == "file");
  BOOST_TEST_REQUIRE(fields[1].choices_check.has_value());
  BOOST_TEST(fields[1].choices_check->check == "files");
  BOOST_TEST(substitute(fields[1].choices_check->args, {{"directory", "/srv/m"}}).at(0) ==
             "/srv/m");
  Refusals refusals;
  BOOST_TEST(step.validate({{"width", "321"}, {"height", "240"}}, refusals, error));
  BOOST_TEST_REQUIRE(refusals.size() == 1u);
  BOOST_TEST(refusals[0].first == "width");
  StepContribution out;
  BOOST_TEST_REQUIRE(step.contribute({{"directory", "/srv/m/"},
                                      {"file", "clip.webm"},
                                      {"width", "320"},
                                      {"height", "240"}},
                                     out, error),
                     error);
  BOOST_TEST(out.properties.at(0).second == "/srv/m/clip.webm");
  BOOST_TEST(out.feeders.size() == 2u);

  BOOST_CHECK_THROW(WizardStepLibrary(step_file("loop-producer"), "http-streamer"),
                    std::runtime_error);
}

BOOST_AUTO_TEST_CASE(the_wizard_walks_to_a_planet_with_checks_on_the_worker) {
  Harness h;
  h.wizard.open();
  BOOST_TEST(contains(h.screen(), "< localhost >"));
  h.flows.push_back("wizard");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "the planet has a flow wizard already"));
  h.flows.pop_back();
  h.key('n');
  BOOST_TEST(contains(h.screen(), "the source"));
  h.choose("source", "loop-producer");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "from bundle loop-producer 1.0.0"));
  // The choices of "file" come from the worker's files check.
  auto check = h.answer({}, "'/srv/media' is not a directory");
  BOOST_TEST(check.verb == "check");
  BOOST_TEST(check.target == "localhost");
  BOOST_TEST(check.args.at(1) == "loop-producer");
  BOOST_TEST(check.args.at(3) == "/srv/media");
  BOOST_TEST(contains(h.screen(), "! '/srv/media' is not a directory"));
  h.key('n'); // refused: no file to choose
  BOOST_TEST(contains(h.screen(), "(loop-producer)"));
  h.type_into("/media");
  BOOST_TEST(
      h.answer({{"file", "media-type"}, {"a.txt", ""}, {"clip.webm", "video/webm"}})
          .args.at(3) == "/media");
  BOOST_TEST(contains(h.screen(), "< clip.webm >  video/webm  (1/1)"));
  h.key('n');
  BOOST_TEST(contains(h.screen(), "the encodings"));
  h.choose("container", "webm-muxer");
  h.choose("video encoder", "vp8-encoder"); // the only one WebM takes
  h.key(KEY_RIGHT);
  BOOST_TEST(contains(h.screen(), "< vp8-encoder >"));
  BOOST_TEST(!contains(h.screen(), "h264"));
  h.choose("audio encoder", "vorbis-encoder");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "(vp8-encoder)"));
  h.key(KEY_DOWN); // a bitrate out of range is refused
  h.type_into("12");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "! 12 is not between 8000 and 50000000"));
  h.type_into("300000");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "(vorbis-encoder)"));
  h.key('n');
  BOOST_TEST(contains(h.screen(), "(webm-muxer)"));
  h.key('n');
  BOOST_TEST(contains(h.screen(), "the consumers"));
  BOOST_TEST(!contains(h.screen(), "HLS")); // not without MPEG-TS
  h.key('n');
  BOOST_TEST(contains(h.screen(), "choose at least one"));
  h.choose("an HTTP stream", "yes");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "(http-streamer)"));
  h.key('n');
  BOOST_TEST(contains(h.screen(), "checking on localhost"));
  h.key(KEY_DOWN); // waits for the worker
  auto port = h.answer({}, "port 8800 is in use on this worker");
  BOOST_TEST(port.args.at(2) == "port");
  BOOST_TEST(port.args.at(3) == "8800");
  BOOST_TEST(contains(h.screen(), "! port 8800 is in use on this worker"));
  BOOST_TEST(contains(h.screen(), "(http-streamer)"));
  h.type_into("8801");
  h.key('n');
  BOOST_TEST(h.answer({{"port", "state"}, {"8801", "free"}}).args.at(3) == "8801");
  BOOST_TEST(contains(h.screen(), "who may watch"));
  h.choose("bouncer", "htpasswd-bouncer");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "(htpasswd-bouncer)"));
  h.key(KEY_DOWN);
  h.type_into("secret-word");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "review the planet XML"));
  BOOST_TEST(h.asked.empty()); // nothing loaded yet

  pugi::xml_document doc;
  BOOST_TEST_REQUIRE(doc.load_string(h.wizard.planet_xml().c_str()));
  const auto flow = doc.select_node("/planet/flow[@name='wizard']").node();
  BOOST_TEST(flow.select_nodes("component").size() == 5u);
  const auto producer = flow.select_node("component[@name='producer']").node();
  BOOST_TEST(std::string(producer.attribute("type").value()) == "loop-producer");
  BOOST_TEST(std::string(producer.attribute("worker").value()) == "localhost");
  BOOST_TEST(
      std::string(
          producer.select_node("property[@name='location']").node().text().get()) ==
      "/media/clip.webm");
  BOOST_TEST(std::string(flow.select_node("component[@name='video-encoder']/eater/feed")
                             .node()
                             .text()
                             .get()) == "producer:video");
  BOOST_TEST(flow.select_nodes("component[@name='muxer']/eater/feed").size() == 2u);
  const auto http = flow.select_node("component[@name='http']").node();
  BOOST_TEST(std::string(http.select_node("eater/feed").node().text().get()) == "muxer");
  BOOST_TEST(
      std::string(http.select_node("property[@name='port']").node().text().get()) ==
      "8801");
  BOOST_TEST(
      std::string(http.select_node("property[@name='bouncer']").node().text().get()) ==
      "wizard-viewers");
  const auto bouncer = doc.select_node("/planet/atmosphere/component").node();
  BOOST_TEST(std::string(bouncer.attribute("name").value()) == "wizard-viewers");
  const std::string data =
      bouncer.select_node("property[@name='data']").node().text().get();
  BOOST_TEST(data.rfind("viewer:$2b$", 0) == 0u, data);
  BOOST_TEST(!contains(data, "secret-word"));

  h.key('\n'); // asks (yes here), then loads
  auto load = h.answer({}, "flow wizard: component 'http' eats 'nothing'");
  BOOST_TEST(load.verb == "load");
  BOOST_TEST(load.args.at(0) == h.wizard.planet_xml());
  BOOST_TEST(contains(h.screen(), "the manager did not load it: flow wizard"));
  BOOST_TEST(h.wizard.active());
  h.key('n');
  AdminReply done;
  done.text = "loaded 5 components";
  h.asked.front().second(done);
  BOOST_TEST(!h.wizard.active());
  BOOST_TEST(h.done == "wizard: flow wizard loaded 5 components");
}

BOOST_AUTO_TEST_CASE(esc_goes_back_a_step_keeping_values_and_closes_from_the_first) {
  Harness h;
  h.wizard.open();
  h.type_into("news");
  h.key('n');
  h.choose("source", "videotest-producer");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "(videotest-producer)"));
  h.key(27);
  BOOST_TEST(contains(h.screen(), "< videotest-producer >"));
  h.key(27);
  BOOST_TEST(contains(h.screen(), "flow                  news"));
  h.key(27);
  BOOST_TEST(!h.wizard.active());
  BOOST_TEST(contains(h.done, "nothing was loaded"));
  BOOST_TEST(h.asked.empty());
}

BOOST_AUTO_TEST_CASE(the_offered_types_follow_what_the_manager_lists) {
  Harness h;
  h.wizard.open();
  h.key('n');
  // A step only a test bundle ships is offered with its title...
  h.choose("source", "wizard-test-source");
  BOOST_TEST(contains(h.screen(), "a source only a test ships"));
  // ...and its step comes from its library like any other.
  h.key('n');
  BOOST_TEST(contains(h.screen(), "(wizard-test-source)"));
  BOOST_TEST(contains(h.screen(), "note"));
  h.key('n');
  BOOST_TEST(contains(h.screen(), "the encodings"));
  // Audio only: no video encoder, no picture size.
  BOOST_TEST(!contains(h.screen(), "video encoder"));
  BOOST_TEST(!contains(h.screen(), "picture size"));
  // MPEG-TS takes AAC only, and makes HLS possible.
  h.choose("container", "mpegts-muxer");
  BOOST_TEST(contains(h.screen(), "< aac-encoder >"));
  h.key(KEY_DOWN);
  h.key(KEY_RIGHT);
  BOOST_TEST(contains(h.screen(), "< aac-encoder >"));
  BOOST_TEST(!contains(h.screen(), "vorbis"));

  // A manager whose bundles lack a type does not offer it.
  Harness fewer;
  fewer.types.erase(std::remove_if(fewer.types.begin(), fewer.types.end(),
                                   [](const auto &row) {
                                     return row[0] == "videotest-producer" ||
                                            row[0] == "wizard-test-source";
                                   }),
                    fewer.types.end());
  fewer.wizard.open();
  fewer.key('n');
  for (int i = 0; i < 6; ++i) {
    BOOST_TEST(!contains(fewer.screen(), "videotest-producer"));
    BOOST_TEST(!contains(fewer.screen(), "wizard-test-source"));
    fewer.key(KEY_RIGHT);
  }
  BOOST_TEST(contains(fewer.screen(), "(1/2)"), fewer.screen());

  // One that cannot say refuses to go on, with why.
  Harness old;
  old.types = {{"type", "bundle", "version"},
               {"loop-producer", "loop-producer", "1.0.0"}};
  old.wizard.open();
  old.key('n');
  BOOST_TEST(contains(old.screen(), "lists no wizard steps"), old.screen());
  old.key('n');
  BOOST_TEST(contains(old.screen(), "the source"));
  BOOST_TEST(!contains(old.screen(), "from bundle"));
}

BOOST_AUTO_TEST_CASE(a_video_converter_sits_between_the_source_and_the_encoder) {
  Harness h;
  h.wizard.open();
  h.key('n');
  h.choose("source", "videotest-producer");
  h.key('n');
  h.key('n');
  h.choose("container", "webm-muxer");
  h.choose("picture size", "video-converter");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "(video-converter)"));
  h.select("width");
  h.type_into("630");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "! a multiple of 8"), h.screen());
  h.type_into("1280");
  h.select("height");
  h.type_into("720");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "(vp8-encoder)"));
  h.key('n');
  BOOST_TEST(contains(h.screen(), "(webm-muxer)"));
  h.key('n');
  h.choose("an HTTP stream", "yes");
  h.key('n');
  h.key('n');
  BOOST_TEST(h.answer({{"port", "state"}, {"8800", "free"}}).args.at(2) == "port");
  h.key('n');
  BOOST_TEST(contains(h.screen(), "review the planet XML"), h.screen());
  BOOST_TEST(contains(h.screen(), "type=\"video-converter\""));

  pugi::xml_document doc;
  BOOST_TEST_REQUIRE(doc.load_string(h.wizard.planet_xml().c_str()));
  const auto flow = doc.select_node("/planet/flow").node();
  const auto converter = flow.select_node("component[@name='video-converter']").node();
  auto text = [](const pugi::xml_node &node, const char *path) {
    return std::string(node.select_node(path).node().text().get());
  };
  BOOST_TEST(text(converter, "eater/feed") == "producer");
  BOOST_TEST(text(converter, "property[@name='width']") == "1280");
  BOOST_TEST(text(converter, "property[@name='framerate']") == "25/1");
  BOOST_TEST(text(flow, "component[@name='video-encoder']/eater/feed") ==
             "video-converter");
}
