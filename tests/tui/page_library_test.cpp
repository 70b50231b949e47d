// Page libraries loaded for real: the in-tree pages describe what their
// component publishes; a page that throws, asks for a reserved key or
// describes too much ends as a message; a page for another type is refused.
#include "contains.hpp"
#include "page_library.hpp"

#include <boost/test/unit_test.hpp>

using namespace flu::admin;

namespace {

using flu::test::contains;

flu::message::ComponentStatus status(std::string type, flu::message::Values ui) {
  flu::message::ComponentStatus c;
  c.component_id = "/default/x";
  c.type = std::move(type);
  c.mood = flu::Mood::happy;
  c.ui = std::move(ui);
  return c;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_http_streamer_page_plots_viewers_and_bitrate) {
  PageLibrary page(PAGE_HTTP_STREAMER, "http-streamer");
  BOOST_TEST(page.id() == "http-streamer");
  Panel panel;
  std::string error;
  BOOST_TEST_REQUIRE(page.draw(status("http-streamer", {{"viewers", {"3"}}}),
                               {{"port", {"8800"}}}, panel, error),
                     error);
  std::vector<std::string> plotted;
  for (const auto &i : panel.items)
    if (i.kind == PanelItem::Kind::sparkline)
      plotted.push_back(i.text);
  BOOST_TEST(plotted == (std::vector<std::string>{"viewers", "bitrate"}),
             boost::test_tools::per_element());
  bool port = false;
  for (const auto &i : panel.items)
    port = port || (i.label == "port" && i.text == "8800");
  BOOST_TEST(port);
}

BOOST_AUTO_TEST_CASE(the_encoder_page_binds_keys_to_set_bitrate) {
  PageLibrary page(PAGE_VIDEO_ENCODER, "vp8-encoder");
  Panel panel;
  std::string error;
  BOOST_TEST_REQUIRE(
      page.draw(status("vp8-encoder", {{"bitrate", {"400000"}}}), {}, panel, error),
      error);
  const KeyBinding *up = panel.binding('+');
  BOOST_TEST_REQUIRE(up);
  BOOST_TEST(up->method == "set-bitrate");
  BOOST_TEST(up->args == std::vector<std::string>{"500000"},
             boost::test_tools::per_element());
  const KeyBinding *ask = panel.binding('b');
  BOOST_TEST_REQUIRE(ask);
  BOOST_TEST(ask->args.empty());
  BOOST_TEST(!ask->prompt.empty());
  // Without the figure there is nothing to set from.
  Panel bare;
  BOOST_TEST(page.draw(status("vp8-encoder", {}), {}, bare, error));
  BOOST_TEST(bare.keys.empty());
}

BOOST_AUTO_TEST_CASE(a_page_for_another_type_is_refused) {
  try {
    PageLibrary page(PAGE_HTTP_STREAMER, "vp8-encoder");
    BOOST_FAIL("loaded a page for the wrong type");
  } catch (const std::runtime_error &e) {
    BOOST_TEST(contains(e.what(), "not a page for vp8-encoder"), e.what());
  }
  BOOST_CHECK_THROW(PageLibrary("/nonexistent/libflu-admin-x.so", "x"),
                    std::runtime_error);
}

BOOST_AUTO_TEST_CASE(a_page_that_throws_ends_as_its_message) {
  PageLibrary page(PAGE_THROWING, "videotest-producer");
  Panel panel;
  std::string error;
  BOOST_TEST(!page.draw(status("videotest-producer", {}), {}, panel, error));
  BOOST_TEST(error == "the figures are not there");
}

BOOST_AUTO_TEST_CASE(a_page_that_asks_too_much_is_bounded) {
  PageLibrary page(PAGE_GREEDY, "videotest-producer");
  Panel panel;
  std::string error;
  BOOST_TEST(!page.draw(status("videotest-producer", {}), {}, panel, error));
  BOOST_TEST(contains(error, "more than 200 items"), error);
  BOOST_TEST(panel.items.size() == Panel::max_items);

  Panel quit;
  BOOST_TEST(!page.draw(status("videotest-producer", {{"mode", {"quit-key"}}}), {}, quit,
                        error));
  BOOST_TEST(contains(error, "cannot have"), error);
  BOOST_TEST(quit.keys.empty());

  Panel long_text;
  BOOST_TEST(page.draw(status("videotest-producer", {{"mode", {"long"}}}), {}, long_text,
                       error));
  BOOST_TEST_REQUIRE(long_text.items.size() == 1u);
  BOOST_TEST(long_text.items[0].label.size() == Panel::max_text);
}
