// A Boost binary input archive that refuses to believe sizes it cannot hold.
//
// Boost.Serialization resizes a container to the element count it reads
// before reading any element, so a 200-byte payload claiming 2^30 elements
// makes the process allocate gigabytes (shared/reference/stack.md §7). Here
// every count and string length is checked against the bytes still unread.
// Included by codec.cpp only.
#pragma once

#include "message/protocol.hpp"

#include <limits>
#include <optional>
#include <type_traits>
#include <utility>

#include <boost/archive/binary_iarchive_impl.hpp>
#include <boost/archive/detail/register_archive.hpp>
#include <boost/serialization/collection_size_type.hpp>
#include <boost/serialization/item_version_type.hpp>

#include <streambuf>
#include <string>

namespace flu::message {

class bounded_iarchive
    : public boost::archive::binary_iarchive_impl<bounded_iarchive, char,
                                                  std::char_traits<char>> {
  using impl = boost::archive::binary_iarchive_impl<bounded_iarchive, char,
                                                    std::char_traits<char>>;
  using primitive = boost::archive::basic_binary_iprimitive<bounded_iarchive, char,
                                                            std::char_traits<char>>;
  friend class boost::archive::detail::interface_iarchive<bounded_iarchive>;
  friend class boost::archive::basic_binary_iarchive<bounded_iarchive>;
  friend primitive;
  friend class boost::archive::load_access;

public:
  explicit bounded_iarchive(std::streambuf &sb)
      : impl(sb, boost::archive::no_header), sb_(sb) {}

  std::streamsize unread() const { return sb_.in_avail(); }

  // Boost default-constructs `count` elements before reading one, so a
  // count is only believed when the unread bytes could hold that many
  // elements. Every collection element in a flu message encodes at least
  // min_element_bytes (a string's 8-byte length, or a 64-bit field), which
  // bounds what a frame can make us allocate to a small multiple of its size.
  static constexpr std::size_t min_element_bytes = 8;
  void load_override(boost::serialization::collection_size_type &t) {
    impl::load_override(t);
    if (std::size_t(t) > static_cast<std::size_t>(unread()) / min_element_bytes)
      throw boost::archive::archive_exception(
          boost::archive::archive_exception::input_stream_error,
          "element count too large");
  }
  // The protocol's enums (protocol.hpp) arrive as numbers; one that names
  // no value is refused here, so no receiver ever holds it.
  void load_override(NoteLevel &level) {
    level = checked<NoteLevel>(note_level, "note level");
  }
  void load_override(PeerRole &role) { role = checked<PeerRole>(peer_role, "peer role"); }
  void load_override(ReplyCode &code) {
    code = checked<ReplyCode>(reply_code, "reply code");
  }
  template <class T> void load_override(T &t) { impl::load_override(t); }

  using primitive::load;
  void load(std::string &s) {
    std::size_t length = 0;
    primitive::load(length);
    if (length > static_cast<std::size_t>(unread()))
      throw boost::archive::archive_exception(
          boost::archive::archive_exception::input_stream_error, "string too long");
    s.resize(length);
    if (length)
      load_binary(s.data(), length);
  }
  // Boost asserts on a byte that is neither 0 nor 1; refuse it instead.
  void load(bool &b) {
    unsigned char c = 0;
    load_binary(&c, 1);
    if (c > 1)
      throw boost::archive::archive_exception(
          boost::archive::archive_exception::input_stream_error, "invalid bool");
    b = c == 1;
  }

private:
  [[noreturn]] static void refuse(const std::string &what) {
    throw boost::archive::archive_exception(
        boost::archive::archive_exception::input_stream_error, what.c_str());
  }
  // Boost writes an enum as an int; reads it and lets protocol.hpp's
  // parse (note_level, ...) say whether a value has that number.
  template <class E, class Parse> E checked(Parse parse, const char *what) {
    int wire = 0;
    impl::load_override(wire);
    using Wire = std::underlying_type_t<E>;
    const bool fits = wire >= std::numeric_limits<Wire>::min() &&
                      wire <= std::numeric_limits<Wire>::max();
    const std::optional<E> value = fits ? parse(static_cast<Wire>(wire)) : std::nullopt;
    if (!value)
      refuse(std::string("invalid ") + what + " " + std::to_string(wire));
    return *value;
  }

  std::streambuf &sb_;
};

} // namespace flu::message

BOOST_SERIALIZATION_REGISTER_ARCHIVE(flu::message::bounded_iarchive)
