// The planet's state as Prometheus text: names, labels, units and escaping,
// and Prometheus's own checker (promtool) accepting what comes out.
#define BOOST_TEST_MODULE metrics
#include "metrics/exposition.hpp"
#include "metrics/planet_metrics.hpp"
#include "metrics/ui_metrics.hpp"
#include "process.hpp"

#include <boost/test/unit_test.hpp>

using namespace flu;
using namespace flu::metrics;
using namespace flu::test;

namespace {

bool has_line(const std::string &text, const std::string &line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

message::StateSnapshot planet() {
  message::StateSnapshot s;
  s.planet = "default";
  message::ComponentStatus http;
  http.component_id = "/default/http";
  http.type = "http-streamer";
  http.worker = "localhost";
  http.mood = Mood::happy;
  http.version = "http-streamer 1.0.0";
  http.ui = {{"viewers", {"3"}},
             {"bytes-sent", {"123456"}},
             {"cpu-percent", {"12.5"}},
             {"memory-bytes", {"1048576"}},
             {"feeder:default:bitrate", {"400000"}},
             {"eater:default:0:connected", {"true"}},
             {"level:in:peak", {"-3.5,-200"}},
             {"porter", {"registered"}}, // text: no metric
             {"a-new-figure", {"7"}},
             {"caf\xc3\xa9-\xff", {"1"}}}; // UTF-8, then a byte that is not
  message::Note error;
  error.level = message::NoteLevel::error;
  http.notes.push_back(error);
  s.components.push_back(http);
  message::ComponentStatus odd;
  odd.component_id = "/a\"b/c\\d\ne";
  odd.type = "videotest-producer";
  odd.worker = "w";
  odd.mood = Mood::lost;
  s.components.push_back(odd);
  message::WorkerStatus worker;
  worker.name = "localhost";
  worker.host = "127.0.0.1";
  worker.connected = true;
  worker.bundles_fetched = 4;
  s.workers.push_back(worker);
  return s;
}

} // namespace

BOOST_AUTO_TEST_CASE(components_and_workers_have_stable_names_and_labels) {
  Exposition out;
  add_planet(out, planet());
  const std::string text = out.text();
  const std::string l =
      R"(flow="default",component="http",type="http-streamer",worker="localhost")";
  BOOST_TEST(has_line(text, "flu_component_mood{" + l + R"(,mood="happy"} 1)"), text);
  BOOST_TEST(has_line(text, "flu_component_mood{" + l + R"(,mood="sad"} 0)"), text);
  BOOST_TEST(has_line(text, "flu_component_viewers{" + l + "} 3"), text);
  BOOST_TEST(has_line(text, "flu_component_sent_bytes_total{" + l + "} 123456"), text);
  BOOST_TEST(has_line(text, "flu_component_cpu_ratio{" + l + "} 0.125"), text);
  BOOST_TEST(has_line(text, "flu_component_resident_memory_bytes{" + l + "} 1048576"),
             text);
  BOOST_TEST(has_line(text, "flu_feeder_rate_bytes_per_second{" + l +
                                R"(,feeder="default"} 50000)"),
             text);
  BOOST_TEST(
      has_line(text, "flu_eater_connected{" + l + R"(,eater="default",index="0"} 1)"),
      text);
  BOOST_TEST(
      has_line(text, "flu_audio_peak_dbfs{" + l + R"(,level="in",channel="1"} -200)"),
      text);
  BOOST_TEST(has_line(text, "flu_component_ui_figure{" + l + R"(,key="a-new-figure"} 7)"),
             text);
  BOOST_TEST(has_line(text, "flu_component_messages{" + l + R"(,level="error"} 1)"),
             text);
  BOOST_TEST(text.find("registered") == std::string::npos, text);
  BOOST_TEST(has_line(text, R"(flu_worker_connected{worker="localhost"} 1)"), text);
  BOOST_TEST(has_line(text, R"(flu_worker_components{worker="localhost"} 1)"), text);
  BOOST_TEST(has_line(text, R"(flu_worker_bundles_fetched_total{worker="localhost"} 4)"),
             text);
  BOOST_TEST(has_line(text, "# TYPE flu_component_sent_bytes_total counter"), text);
  BOOST_TEST(has_line(text, "# TYPE flu_component_viewers gauge"), text);
  // Label values escaped as the format says.
  BOOST_TEST(text.find(R"(flow="a\"b",component="c\\d\ne")") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(a_family_keeps_its_samples_together) {
  Exposition out;
  out.family("b_total", "B.", MetricType::counter).add({{"x", "1"}}, 1);
  out.family("a", "A.", MetricType::gauge).add({}, 2);
  out.family("b_total", "B.", MetricType::counter).add({{"x", "2"}}, 3);
  BOOST_TEST(out.text() == "# HELP a A.\n# TYPE a gauge\na 2\n"
                           "# HELP b_total B.\n# TYPE b_total counter\n"
                           "b_total{x=\"1\"} 1\nb_total{x=\"2\"} 3\n");
  BOOST_CHECK_THROW(out.family("1bad", "x", MetricType::gauge), std::invalid_argument);
  BOOST_CHECK_THROW(out.family("ok", "x", MetricType::gauge).add({{"a-b", "v"}}, 1),
                    std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(ui_numbers) {
  BOOST_TEST(*ui_number("12") == 12);
  BOOST_TEST(*ui_number("-3.25") == -3.25);
  BOOST_TEST(*ui_number("true") == 1);
  BOOST_TEST(!ui_number(""));
  BOOST_TEST(!ui_number("12 viewers"));
  BOOST_TEST(!ui_number("nan"));
  BOOST_TEST(escape_label_value("caf\xc3\xa9\xff\xed\xa0\x80\"") ==
             "caf\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\\\"");
  BOOST_TEST(format_value(1e20) == "1e+20");
  BOOST_TEST(format_value(400000) == "400000");
  BOOST_TEST(format_value(-200) == "-200");
  BOOST_TEST(format_value(0.125) == "0.125");
}

BOOST_AUTO_TEST_CASE(promtool_accepts_the_output) {
  Exposition out;
  add_planet(out, planet());
  TempDir dir;
  const auto file = dir.file("metrics.txt");
  std::ofstream(file) << out.text();
  const auto r = run({"/bin/sh", "-c", "promtool check metrics < " + file.string()}, 30s);
  BOOST_TEST(r.exited_ok(), r.out << r.err << "\n" << out.text());
}
