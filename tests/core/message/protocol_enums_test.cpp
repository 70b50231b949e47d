// The protocol's enums on the wire (protocol.hpp): every value a sender can
// hold survives the codec, and a number that names no value is refused by
// the decoder, so no receiver ever holds a level, role or reply code the
// enum does not have.
#include "message_samples.hpp"

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <string>

using namespace flu::message;
using namespace flu::message::test;

namespace {

// Where two encodings of a message that differ only in one enum field first
// differ: the enum's 4 bytes (Boost writes it as an int) start there.
std::size_t enum_offset(const std::string &a, const std::string &b) {
  BOOST_REQUIRE(a.size() == b.size());
  std::size_t at = 0;
  while (at < a.size() && a[at] == b[at])
    ++at;
  BOOST_REQUIRE(at + 4 <= a.size());
  return at;
}

std::string with_int_at(std::string payload, std::size_t at, int32_t value) {
  std::memcpy(payload.data() + at, &value, sizeof value);
  return payload;
}

// Decodes `payload` with the enum's int replaced by each of `wrong`, and
// expects a DecodeError that names the field.
template <class M>
void refuses(const std::string &payload, std::size_t at,
             std::initializer_list<int32_t> wrong, const std::string &field) {
  for (int32_t value : wrong) {
    BOOST_TEST_CONTEXT(field << " " << value) {
      try {
        (void)decode<M>(with_int_at(payload, at, value));
        BOOST_ERROR("a message with an invalid " << field << " decoded");
      } catch (const DecodeError &e) {
        BOOST_TEST(std::string(e.what()).find("invalid " + field) != std::string::npos,
                   e.what());
      }
    }
  }
}

ComponentNote note_with(NoteLevel level) {
  return {"/default/http", note(level, "port-busy", "port 8800 is in use", 5)};
}

} // namespace

BOOST_AUTO_TEST_CASE(every_named_value_round_trips) {
  for (NoteLevel level : {NoteLevel::error, NoteLevel::warning, NoteLevel::info})
    BOOST_TEST((decode<ComponentNote>(encode(note_with(level))).note.level == level));
  for (PeerRole role : {PeerRole::worker, PeerRole::admin})
    BOOST_TEST((decode<Login>(encode(Login{role, "edge", {}})).role == role));
  for (ReplyCode code : {ReplyCode::done, ReplyCode::malformed, ReplyCode::no_target,
                         ReplyCode::not_now, ReplyCode::failed})
    BOOST_TEST((decode<AdminReply>(encode(AdminReply{code, "x", {}})).code == code));
}

BOOST_AUTO_TEST_CASE(a_note_level_no_level_has_is_refused) {
  const std::string info = encode(note_with(NoteLevel::info));
  const std::size_t at = enum_offset(info, encode(note_with(NoteLevel::error)));
  // 0 is NoteLevel::invalid: a sender never means it.
  refuses<ComponentNote>(info, at, {0, 4, 255, 256, -1, 0x7fffffff}, "note level");
  // The same level inside a replicated record is refused the same way.
  StateDelta delta;
  ComponentStatus status;
  status.component_id = "/default/http";
  status.notes = {note(NoteLevel::info, "i", "x", 1)};
  delta.components = {status};
  const std::string good = encode(delta);
  delta.components[0].notes[0].level = NoteLevel::error;
  refuses<StateDelta>(good, enum_offset(good, encode(delta)), {0, 9}, "note level");
}

BOOST_AUTO_TEST_CASE(a_peer_role_no_role_has_is_refused) {
  const std::string admin = encode(Login{PeerRole::admin, "edge", {}});
  const std::size_t at = enum_offset(admin, encode(Login{PeerRole::worker, "edge", {}}));
  refuses<Login>(admin, at, {0, 3, 255, 256, -1}, "peer role");
}

BOOST_AUTO_TEST_CASE(a_reply_code_no_code_has_is_refused) {
  const std::string failed = encode(AdminReply{ReplyCode::failed, "x", {}});
  const std::size_t at =
      enum_offset(failed, encode(AdminReply{ReplyCode::done, "x", {}}));
  // 1 is flu-command's own exit code for "unreachable", never a reply.
  refuses<AdminReply>(failed, at, {1, 6, -1, 255, 0x7fffffff}, "reply code");
}

BOOST_AUTO_TEST_CASE(parsing_a_wire_number_answers_only_for_named_values) {
  BOOST_TEST(!note_level(0).has_value());
  BOOST_TEST((note_level(2) == NoteLevel::warning));
  BOOST_TEST(!note_level(4).has_value());
  BOOST_TEST(!peer_role(0).has_value());
  BOOST_TEST((peer_role(2) == PeerRole::admin));
  BOOST_TEST(!peer_role(3).has_value());
  BOOST_TEST((reply_code(4) == ReplyCode::not_now));
  BOOST_TEST(!reply_code(1).has_value());
  BOOST_TEST(!reply_code(-1).has_value());
}
