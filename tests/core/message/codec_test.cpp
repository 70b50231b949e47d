// Every message type survives encode → decode with all its fields, inside an
// envelope too; and the decoder's own refusals (bytes missing, bytes left
// over) hold for every type. Hostile payloads are in codec_hostile_test.cpp.
#include "contains.hpp"
#include "message_samples.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <variant>

using namespace flu::message;
using namespace flu::message::test;

namespace {

using flu::test::contains;

// Each type whose serialize() has no fields; all the others must have a
// sample that differs from a default-constructed message.
template <class M> constexpr bool empty_message() {
  return std::is_same_v<M, Heartbeat> || std::is_same_v<M, WorkerGoodbye> ||
         std::is_same_v<M, PlanetRequest> || std::is_same_v<M, Subscribe>;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_type_round_trips_with_all_fields) {
  int types = 0;
  for_each_message_type([&]<class M>(Tag<M>) {
    ++types;
    BOOST_TEST_CONTEXT(type_name(static_cast<uint16_t>(M::type))) {
      const M original = sample<M>();
      if constexpr (!empty_message<M>())
        BOOST_TEST(dump(original) != dump(M{}), "the sample must not be all defaults");
      const std::string payload = encode(original);
      const M decoded = decode<M>(payload);
      BOOST_TEST(dump(decoded) == dump(original));
      // Encoding is deterministic: the decoded message encodes to the same bytes.
      BOOST_TEST(encode(decoded) == payload);
    }
  });
  BOOST_TEST(types == 45);
}

BOOST_AUTO_TEST_CASE(every_type_round_trips_inside_an_envelope) {
  for_each_message_type([&]<class M>(Tag<M>) {
    BOOST_TEST_CONTEXT(type_name(static_cast<uint16_t>(M::type))) {
      const M original = sample<M>();
      const std::string f = pack(original, 4711);
      auto parsed = parse_envelope(f, default_max_frame_bytes);
      BOOST_REQUIRE(std::holds_alternative<Envelope>(parsed));
      const Envelope &e = std::get<Envelope>(parsed);
      BOOST_TEST(e.type == static_cast<uint16_t>(M::type));
      BOOST_TEST(e.request_id == 4711u);
      BOOST_TEST(dump(decode<M>(e.payload)) == dump(original));
    }
  });
}

BOOST_AUTO_TEST_CASE(nested_content_survives) {
  // Spot checks on the deepest parts, in case dump() and the codec agreed on
  // a mistake.
  const auto snapshot = decode<PlanetSnapshot>(encode(sample<PlanetSnapshot>()));
  BOOST_REQUIRE(snapshot.components.size() == 3u);
  BOOST_REQUIRE(snapshot.components[1].notes.size() == 2u);
  BOOST_TEST(snapshot.components[1].notes[0].format == "cannot bind port 8800");
  BOOST_TEST(snapshot.components[1].notes[1].format.empty());
  BOOST_TEST((snapshot.components[1].mood == flu::Mood::sad));
  BOOST_TEST(snapshot.components[1].version_range == "^1.1 || =1.0.3");
  BOOST_TEST(snapshot.workers[0].connected);
  BOOST_TEST(!snapshot.workers[1].connected);

  const auto start = decode<StartComponent>(encode(sample<StartComponent>()));
  BOOST_REQUIRE(start.config.eaters.size() == 1u);
  BOOST_TEST(start.config.eaters[0].second.at(1) == "/other/audio:default");
  BOOST_TEST(start.config.properties.at(2).second.empty());
  BOOST_TEST(start.config.base_time_ns == 1'700'000'000'123'456'789ull);
  BOOST_TEST(start.config.hungry_timeout_ms == -1);

  const auto note = decode<ComponentNote>(encode(sample<ComponentNote>()));
  BOOST_TEST(note.note.format == "port 8800 is in use\nretrying");
  BOOST_TEST(note.note.timestamp_ms == -5);

  // Binary content in strings, and long strings, pass unchanged.
  std::string binary(70000, '\0');
  for (std::size_t i = 0; i < binary.size(); ++i)
    binary[i] = static_cast<char>(i * 131);
  BOOST_TEST(decode<Refused>(encode(Refused{binary})).reason == binary);
}

BOOST_AUTO_TEST_CASE(type_names_are_distinct_and_unknown_is_named) {
  std::set<std::string> names;
  for_each_message_type([&]<class M>(Tag<M>) {
    const std::string name = type_name(static_cast<uint16_t>(M::type));
    BOOST_TEST(name != "unknown");
    names.insert(name);
  });
  BOOST_TEST(names.size() == 45u);
  BOOST_TEST(std::string(type_name(0)) == "unknown");
  BOOST_TEST(std::string(type_name(46)) == "unknown");
  BOOST_TEST(std::string(type_name(0xffff)) == "unknown");
}

BOOST_AUTO_TEST_CASE(every_truncation_of_every_type_is_refused) {
  for_each_message_type([&]<class M>(Tag<M>) {
    const std::string payload = encode(sample<M>());
    const std::string name = type_name(static_cast<uint16_t>(M::type));
    for (std::size_t n = 0; n < payload.size(); ++n) {
      BOOST_TEST_CONTEXT(name << ", first " << n << " of " << payload.size()
                              << " bytes") {
        try {
          (void)decode<M>(std::string_view(payload).substr(0, n));
          BOOST_ERROR("a truncated payload decoded");
        } catch (const DecodeError &e) {
          BOOST_TEST(contains(e.what(), name), e.what());
        }
      }
    }
  });
}

BOOST_AUTO_TEST_CASE(bytes_left_over_are_refused_for_every_type) {
  for_each_message_type([&]<class M>(Tag<M>) {
    const std::string payload = encode(sample<M>());
    const std::string name = type_name(static_cast<uint16_t>(M::type));
    for (std::size_t extra : {std::size_t(1), std::size_t(100)}) {
      BOOST_TEST_CONTEXT(name << " + " << extra << " bytes") {
        try {
          (void)decode<M>(payload + std::string(extra, 'x'));
          BOOST_ERROR("a payload with bytes left over decoded");
        } catch (const DecodeError &e) {
          BOOST_TEST(contains(e.what(),
                              name + ": " + std::to_string(extra) + " bytes left over"),
                     e.what());
        }
      }
    }
  });
}

BOOST_AUTO_TEST_CASE(a_payload_of_another_type_is_not_taken_silently) {
  // A Refused payload read as a WorkerHello: its bytes cannot make a hello.
  BOOST_CHECK_THROW(decode<WorkerHello>(encode(sample<Refused>())), DecodeError);
  // An empty message's payload read as one with fields.
  BOOST_CHECK_THROW(decode<PlanetSnapshot>(encode(PlanetRequest{})), DecodeError);
  // A message with fields read as an empty one leaves bytes over.
  BOOST_CHECK_THROW(decode<Heartbeat>(encode(sample<StopComponent>())), DecodeError);
}
