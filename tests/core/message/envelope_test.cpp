// The envelope around every message: what frame() writes, that parse_envelope()
// and frame_size() give it back, and that every malformed frame is refused
// with a reason naming the problem, before a payload byte is looked at.
#define BOOST_TEST_MODULE test - core - message
#include "contains.hpp"
#include "message/envelope.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <variant>

using namespace flu::message;

namespace {

constexpr std::size_t limit = 4096;

void put_u32(std::string &bytes, std::size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

// The reason `bytes` was refused; fails the test when they were accepted.
std::string refusal(std::string_view bytes, std::size_t max = limit) {
  auto parsed = parse_envelope(bytes, max);
  if (auto *why = std::get_if<std::string>(&parsed))
    return *why;
  BOOST_ERROR("a malformed frame of " << bytes.size() << " bytes was accepted");
  return {};
}

using flu::test::contains;

} // namespace

BOOST_AUTO_TEST_CASE(frame_layout_is_little_endian_header_then_payload) {
  const std::string f = frame(0x0a0b, 0x01020304, "hello");
  BOOST_TEST(f.size() == envelope_header_size + 5);
  // "FLU!", version 1, type, request id, length — all little-endian.
  BOOST_TEST(f.substr(0, 4) == "FLU!");
  BOOST_TEST(f.substr(4, 2) == std::string("\x01\x00", 2));
  BOOST_TEST(f.substr(6, 2) == std::string("\x0b\x0a", 2));
  BOOST_TEST(f.substr(8, 4) == std::string("\x04\x03\x02\x01", 4));
  BOOST_TEST(f.substr(12, 4) == std::string("\x05\x00\x00\x00", 4));
  BOOST_TEST(f.substr(16) == "hello");
}

BOOST_AUTO_TEST_CASE(round_trip) {
  const std::string payload("\x00\xff payload with a NUL\x00", 22);
  for (uint16_t type : {uint16_t(0), uint16_t(1), uint16_t(16), uint16_t(0xffff)}) {
    for (uint32_t id : {0u, 7u, 0xffffffffu}) {
      const std::string f = frame(type, id, payload);
      auto parsed = parse_envelope(f, limit);
      BOOST_REQUIRE(std::holds_alternative<Envelope>(parsed));
      const Envelope &e = std::get<Envelope>(parsed);
      BOOST_TEST(e.type == type);
      BOOST_TEST(e.request_id == id);
      BOOST_TEST(e.payload == payload);
      // The payload is a view into the frame, not a copy.
      BOOST_TEST(static_cast<const void *>(e.payload.data()) ==
                 static_cast<const void *>(f.data() + envelope_header_size));

      auto size = frame_size(std::string_view(f).substr(0, envelope_header_size), limit);
      BOOST_REQUIRE(std::holds_alternative<std::size_t>(size));
      BOOST_TEST(std::get<std::size_t>(size) == f.size());
    }
  }
}

BOOST_AUTO_TEST_CASE(empty_payload_round_trips) {
  const std::string f = frame(3, 9, "");
  BOOST_TEST(f.size() == envelope_header_size);
  auto parsed = parse_envelope(f, limit);
  BOOST_REQUIRE(std::holds_alternative<Envelope>(parsed));
  BOOST_TEST(std::get<Envelope>(parsed).payload.empty());
}

BOOST_AUTO_TEST_CASE(refuses_wrong_magic) {
  std::string f = frame(1, 1, "abc");
  f[0] = 'X';
  BOOST_TEST(contains(refusal(f), "magic"), refusal(f));
  const std::string zeros(envelope_header_size + 3, '\0');
  BOOST_TEST(contains(refusal(zeros), "magic"));
  auto size = frame_size(f, limit);
  BOOST_REQUIRE(std::holds_alternative<std::string>(size));
  BOOST_TEST(contains(std::get<std::string>(size), "magic"));
}

BOOST_AUTO_TEST_CASE(refuses_wrong_version_naming_both) {
  for (uint16_t version : {uint16_t(0), uint16_t(2), uint16_t(0x0100)}) {
    std::string f = frame(1, 1, "abc");
    f[4] = static_cast<char>(version & 0xff);
    f[5] = static_cast<char>(version >> 8);
    const std::string why = refusal(f);
    BOOST_TEST(contains(why, "protocol version " + std::to_string(version)), why);
    BOOST_TEST(contains(why, "expected " + std::to_string(protocol_version)), why);
  }
}

BOOST_AUTO_TEST_CASE(refuses_truncated_header) {
  const std::string f = frame(1, 1, "");
  for (std::size_t n = 0; n < envelope_header_size; ++n) {
    const std::string why = refusal(std::string_view(f).substr(0, n));
    BOOST_TEST(contains(why, "truncated envelope (" + std::to_string(n) + " bytes)"),
               why);
    auto size = frame_size(std::string_view(f).substr(0, n), limit);
    BOOST_TEST(std::holds_alternative<std::string>(size));
  }
}

BOOST_AUTO_TEST_CASE(refuses_length_that_disagrees_with_the_bytes) {
  // The length field claims more than arrived.
  std::string longer = frame(1, 1, "abcdef");
  put_u32(longer, 12, 10);
  std::string why = refusal(longer);
  BOOST_TEST(contains(why, "length field says 26 bytes, frame has 22"), why);

  // The length field claims less than arrived: trailing bytes.
  std::string shorter = frame(1, 1, "abcdef");
  put_u32(shorter, 12, 2);
  why = refusal(shorter);
  BOOST_TEST(contains(why, "length field says 18 bytes, frame has 22"), why);

  // Bytes appended to a valid frame.
  why = refusal(frame(1, 1, "abc") + "x");
  BOOST_TEST(contains(why, "length field says 19 bytes, frame has 20"), why);
}

BOOST_AUTO_TEST_CASE(refuses_oversized_frame_before_looking_at_it) {
  // At the limit it passes; one byte more is refused.
  const std::string at_limit =
      frame(1, 1, std::string(limit - envelope_header_size, 'a'));
  BOOST_TEST(std::holds_alternative<Envelope>(parse_envelope(at_limit, limit)));
  const std::string over =
      frame(1, 1, std::string(limit - envelope_header_size + 1, 'a'));
  std::string why = refusal(over);
  BOOST_TEST(contains(why, "frame of " + std::to_string(limit + 1) +
                               " bytes exceeds the limit of " + std::to_string(limit)),
             why);

  // A header alone claiming 4 GiB: refused for its size, the claim is not
  // trusted (no overflow of 16 + 0xffffffff either).
  std::string header = frame(1, 1, "");
  put_u32(header, 12, 0xffffffffu);
  auto size = frame_size(header, limit);
  BOOST_REQUIRE(std::holds_alternative<std::string>(size));
  BOOST_TEST(contains(std::get<std::string>(size), "exceeds the limit"));
  BOOST_TEST(
      contains(std::get<std::string>(size), std::to_string(16ull + 0xffffffffull)));
  why = refusal(header, default_max_frame_bytes);
  BOOST_TEST(contains(why, "exceeds the limit"), why);
}

BOOST_AUTO_TEST_CASE(every_truncation_of_a_valid_frame_is_refused) {
  const std::string f = frame(12, 99, std::string("a payload\0with bytes", 20));
  BOOST_REQUIRE(std::holds_alternative<Envelope>(parse_envelope(f, limit)));
  for (std::size_t n = 0; n < f.size(); ++n) {
    BOOST_TEST_CONTEXT("first " << n << " bytes") {
      auto parsed = parse_envelope(std::string_view(f).substr(0, n), limit);
      BOOST_TEST(std::holds_alternative<std::string>(parsed));
    }
  }
}

BOOST_AUTO_TEST_CASE(frame_size_reads_only_the_header) {
  // For stream transports: the header alone tells how much to read next.
  const std::string f = frame(5, 6, std::string(100, 'z'));
  auto size = frame_size(std::string_view(f).substr(0, envelope_header_size), limit);
  BOOST_REQUIRE(std::holds_alternative<std::size_t>(size));
  BOOST_TEST(std::get<std::size_t>(size) == envelope_header_size + 100);
  // The same header with a smaller limit is refused.
  auto refused = frame_size(std::string_view(f).substr(0, envelope_header_size), 50);
  BOOST_TEST(std::holds_alternative<std::string>(refused));
}
