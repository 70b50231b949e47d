// The in-tree pages shared by several component types, loaded for real:
// the video and audio encoders' bitrate, the audio sources' level meters,
// the composite's layout as a box map and its keys, the switch's feed.
#include "page_library.hpp"

#include <boost/test/unit_test.hpp>

using namespace flu::admin;

// Named, and holding the cases too: in a unity batch its helpers must not
// meet another file's of the same name.
namespace pages_test {

flu::message::ComponentStatus status(std::string type, flu::message::Values ui) {
  flu::message::ComponentStatus c;
  c.component_id = "/f/x";
  c.type = std::move(type);
  c.mood = flu::Mood::happy;
  c.ui = std::move(ui);
  return c;
}

Panel drawn(const char *file, const std::string &type, flu::message::Values ui,
            flu::message::Values properties = {}) {
  PageLibrary page(file, type);
  Panel panel;
  std::string error;
  BOOST_TEST_REQUIRE(page.draw(status(type, std::move(ui)), properties, panel, error),
                     type << ": " << error);
  return panel;
}

const PanelItem *find(const Panel &panel, PanelItem::Kind kind,
                      const std::string &label) {
  for (const auto &i : panel.items)
    if (i.kind == kind && i.label == label)
      return &i;
  return nullptr;
}

int count(const Panel &panel, PanelItem::Kind kind) {
  int n = 0;
  for (const auto &i : panel.items)
    n += i.kind == kind;
  return n;
}

BOOST_AUTO_TEST_CASE(every_live_bitrate_video_encoder_shows_and_sets_its_bitrate) {
  for (const char *type :
       {"vp8-encoder", "vp9-encoder", "h264-encoder", "av1-encoder", "theora-encoder"}) {
    const auto panel = drawn(PAGE_VIDEO_ENCODER, type, {{"bitrate", {"800000"}}});
    const auto *gauge = find(panel, PanelItem::Kind::gauge, "target");
    BOOST_TEST_REQUIRE(gauge, type);
    BOOST_TEST(gauge->value == 800000);
    BOOST_TEST(gauge->max == 4'000'000);
    const KeyBinding *down = panel.binding('-');
    BOOST_TEST_REQUIRE(down, type);
    BOOST_TEST(down->method == "set-bitrate");
    BOOST_TEST(down->args == std::vector<std::string>{"640000"},
               boost::test_tools::per_element());
  }
  // A target past the scale widens it.
  const auto hd = drawn(PAGE_VIDEO_ENCODER, "h264-encoder", {{"bitrate", {"6000000"}}});
  BOOST_TEST(find(hd, PanelItem::Kind::gauge, "target")->max == 16'000'000);
  // Not a page for an encoder whose bitrate is not live.
  BOOST_CHECK_THROW(PageLibrary(PAGE_VIDEO_ENCODER, "jpeg-encoder"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(audio_encoders_show_levels_and_their_bitrate) {
  const flu::message::Values levels = {{"level:default:peak", {"-3.5,-4.5"}},
                                       {"level:default:rms", {"-20,-21"}}};
  // Opus takes its bitrate live: keys to set it.
  auto ui = levels;
  ui.push_back({"bitrate", {"64000"}});
  const auto opus = drawn(PAGE_AUDIO_ENCODER, "opus-encoder", ui);
  BOOST_TEST(count(opus, PanelItem::Kind::meter) == 2);
  const auto *left = find(opus, PanelItem::Kind::meter, "default L");
  BOOST_TEST_REQUIRE(left);
  BOOST_TEST(left->peak == -3.5);
  BOOST_TEST(left->rms == -20);
  BOOST_TEST_REQUIRE(opus.binding('+'));
  BOOST_TEST(opus.binding('+')->args == std::vector<std::string>{"80000"},
             boost::test_tools::per_element());
  // The others take it when they start: shown as configured, no keys.
  for (const char *type : {"vorbis-encoder", "aac-encoder", "mp3-encoder",
                           "speex-encoder", "mulaw-encoder"}) {
    const auto panel = drawn(PAGE_AUDIO_ENCODER, type, levels, {{"bitrate", {"96000"}}});
    BOOST_TEST(count(panel, PanelItem::Kind::meter) == 2, type);
    BOOST_TEST(panel.keys.empty(), type);
    const auto *configured = find(panel, PanelItem::Kind::value, "configured");
    BOOST_TEST_REQUIRE(configured, type);
    BOOST_TEST(configured->text == "96000");
    BOOST_TEST(configured->unit == "bit/s");
  }
  const auto quality = drawn(PAGE_AUDIO_ENCODER, "vorbis-encoder", levels,
                             {{"bitrate", {"-1"}}, {"quality", {"0.6"}}});
  BOOST_TEST(find(quality, PanelItem::Kind::value, "quality")->text == "0.6");
}

BOOST_AUTO_TEST_CASE(audio_sources_show_a_meter_per_channel_and_their_state) {
  for (const char *type :
       {"soundcard-producer", "firewire-producer", "icecast-producer", "srt-producer",
        "rtsp-producer", "loop-producer", "playlist-producer", "single-generic-decoder",
        "av-generic-decoder"}) {
    const auto panel = drawn(PAGE_AUDIO_SOURCE, type,
                             {{"level:audio:peak", {"-1,-2,-3"}},
                              {"level:audio:rms", {"-10,-11,-12"}},
                              {"cpu-percent", {"3"}},
                              {"connection", {"connected"}}},
                             {{"device", {"hw:1"}}, {"passphrase", {"secret"}}});
    BOOST_TEST(count(panel, PanelItem::Kind::meter) == 3, type);
    const auto *third = find(panel, PanelItem::Kind::meter, "audio 3");
    BOOST_TEST_REQUIRE(third, type);
    BOOST_TEST(third->rms == -12);
    BOOST_TEST(find(panel, PanelItem::Kind::value, "connection")->text == "connected");
    BOOST_TEST(!find(panel, PanelItem::Kind::value, "cpu-percent"), type);
    BOOST_TEST(find(panel, PanelItem::Kind::value, "device")->text == "hw:1");
    BOOST_TEST(!find(panel, PanelItem::Kind::value, "passphrase"), type);
  }
  const auto silent = drawn(PAGE_AUDIO_SOURCE, "rtsp-producer", {});
  BOOST_TEST(count(silent, PanelItem::Kind::meter) == 0);
  BOOST_TEST(
      find(silent, PanelItem::Kind::label, "no audio level published (no audio?)"));
}

BOOST_AUTO_TEST_CASE(the_composite_page_draws_its_layout_and_raises_an_input) {
  const auto panel =
      drawn(PAGE_COMPOSITE, "composite-combiner",
            {{"input:0",
              {"position-left=0 position-top=0 width=640 height=360 z-order=0 "
               "alpha=1.000000"}},
             {"input:1",
              {"position-left=320 position-top=180 width=320 height=180 z-order=1 "
               "alpha=0.500000"}}},
            {{"width", {"640"}}, {"height", {"360"}}});
  const auto *map = find(panel, PanelItem::Kind::box_map, "picture");
  BOOST_TEST_REQUIRE(map);
  BOOST_TEST(map->area_width == 640);
  BOOST_TEST(map->area_height == 360);
  BOOST_TEST_REQUIRE(map->boxes.size() == 2u);
  const auto &b = map->boxes[1];
  BOOST_TEST(b.label == "1");
  BOOST_TEST(b.left == 320);
  BOOST_TEST(b.top == 180);
  BOOST_TEST(b.width == 320);
  BOOST_TEST(b.height == 180);
  BOOST_TEST(b.z_order == 1);
  BOOST_TEST(b.alpha == 0.5);
  BOOST_TEST(find(panel, PanelItem::Kind::value, "input 1")->text ==
             "at 320,180 320x180 z 1 alpha 0.50");
  // '>' raises the lowest input above the highest.
  const KeyBinding *raise = panel.binding('>');
  BOOST_TEST_REQUIRE(raise);
  BOOST_TEST(raise->method == "set-input");
  BOOST_TEST(raise->args == (std::vector<std::string>{"0", "z-order=2"}),
             boost::test_tools::per_element());
  const KeyBinding *move = panel.binding('m');
  BOOST_TEST_REQUIRE(move);
  BOOST_TEST(move->args.empty());
  BOOST_TEST(!move->prompt.empty());
  // No input placed yet: nothing to draw, nothing to raise.
  const auto empty = drawn(PAGE_COMPOSITE, "composite-combiner", {});
  BOOST_TEST(count(empty, PanelItem::Kind::box_map) == 0);
  BOOST_TEST(empty.keys.empty());
}

BOOST_AUTO_TEST_CASE(the_switch_page_shows_the_feed_on_air_for_every_switch_type) {
  for (const char *type :
       {"single-switch-combiner", "av-switch-combiner", "single-basic-watchdog-combiner",
        "av-basic-watchdog-combiner"}) {
    const auto panel = drawn(PAGE_SWITCH, type, {{"active-eater", {"backup"}}});
    BOOST_TEST(find(panel, PanelItem::Kind::value, "active feed")->text == "backup",
               type);
    BOOST_TEST_REQUIRE(panel.binding('m'));
    BOOST_TEST(panel.binding('m')->method == "switch-to-master");
  }
}

BOOST_AUTO_TEST_CASE(a_box_needs_a_map_and_a_map_is_bounded) {
  PageLibrary page(PAGE_GREEDY, "videotest-producer");
  Panel stray;
  std::string error;
  BOOST_TEST(!page.draw(status("videotest-producer", {{"mode", {"stray-box"}}}), {},
                        stray, error));
  BOOST_TEST(error.find("no box map before it") != std::string::npos, error);
  Panel crowd;
  BOOST_TEST(!page.draw(status("videotest-producer", {{"mode", {"many-boxes"}}}), {},
                        crowd, error));
  BOOST_TEST(error.find("64 boxes") != std::string::npos, error);
  BOOST_TEST_REQUIRE(crowd.items.size() == 1u);
  BOOST_TEST(crowd.items[0].boxes.size() == Panel::max_boxes);
}

} // namespace pages_test
