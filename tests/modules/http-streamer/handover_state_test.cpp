// What one http-streamer hands the next in a hot upgrade: viewer states and
// counters round-trip as text, foreign text is refused, and the headers
// hash tells two streams' headers apart.
#define BOOST_TEST_MODULE http_streamer_handover_state
#include "handover_state.hpp"

#include <boost/test/unit_test.hpp>

using namespace flu::http_streamer;

BOOST_AUTO_TEST_CASE(a_viewer_state_round_trips) {
  ViewerState v;
  v.address = "2001:db8::7";
  v.connected_ns = 123456789012345;
  v.bytes_sent = 987654321;
  v.keycard_id = "kc-42";
  v.http_version = 10;
  v.resume_pts = 3000000000;
  v.headers_hash = 0xfeedfacecafebeefull;
  const ViewerState back = decode_viewer(encode(v));
  BOOST_TEST(back.address == v.address);
  BOOST_TEST(back.connected_ns == v.connected_ns);
  BOOST_TEST(back.bytes_sent == v.bytes_sent);
  BOOST_TEST(back.keycard_id == v.keycard_id);
  BOOST_TEST(back.http_version == 10u);
  BOOST_TEST(!back.fresh);
  BOOST_TEST(back.resume_pts == v.resume_pts);
  BOOST_TEST(back.headers_hash == v.headers_hash);

  v.fresh = true;
  v.keycard_id = "id\nbytes-sent=1"; // cannot forge another field
  const ViewerState fresh = decode_viewer(encode(v));
  BOOST_TEST(fresh.fresh);
  BOOST_TEST(fresh.keycard_id == "id");
  BOOST_TEST(fresh.bytes_sent == v.bytes_sent);
}

BOOST_AUTO_TEST_CASE(counters_round_trip) {
  HandoverCounters c{1, 2, 3, 4, 5, 6, 7};
  const HandoverCounters back = decode_counters(encode(c));
  BOOST_TEST(back.bytes_sent == 1u);
  BOOST_TEST(back.peak_clients == 2u);
  BOOST_TEST(back.total_clients == 3u);
  BOOST_TEST(back.dropped_clients == 4u);
  BOOST_TEST(back.rejected_requests == 5u);
  BOOST_TEST(back.refused_viewers == 6u);
  BOOST_TEST(back.handover_lost == 7u);
}

BOOST_AUTO_TEST_CASE(foreign_text_is_refused) {
  BOOST_CHECK_THROW(decode_viewer("no equals sign"), std::runtime_error);
  BOOST_CHECK_THROW(decode_viewer("bytes-sent=lots\n"), std::runtime_error);
  BOOST_CHECK_THROW(decode_counters("=1\n"), std::runtime_error);
  BOOST_CHECK_NO_THROW(decode_counters("")); // all zero
}

BOOST_AUTO_TEST_CASE(the_headers_hash_sees_every_byte_and_the_type) {
  const auto a = Chunk::from_text("\x1a\x45\xdf\xa3 header");
  const auto b = Chunk::from_text("\x1a\x45\xdf\xa3 headeR");
  const auto h = headers_hash("video/webm", {a});
  BOOST_TEST(h ==
             headers_hash("video/webm", {Chunk::from_text("\x1a\x45\xdf\xa3 header")}));
  BOOST_TEST(h != headers_hash("video/webm", {b}));
  BOOST_TEST(h != headers_hash("audio/webm", {a}));
  // Where one header ends and the next begins matters too.
  BOOST_TEST(headers_hash("t", {Chunk::from_text("ab"), Chunk::from_text("c")}) !=
             headers_hash("t", {Chunk::from_text("a"), Chunk::from_text("bc")}));
}
