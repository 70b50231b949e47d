#include "message/codec.hpp"

#include "message/bounded_iarchive.hpp"

#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/impl/archive_serializer_map.ipp>
#include <boost/archive/impl/basic_binary_iarchive.ipp>
#include <boost/archive/impl/basic_binary_iprimitive.ipp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>

#include <sstream>

// The archive's templates are compiled here, once (as Boost does for its own).
template class boost::archive::basic_binary_iprimitive<flu::message::bounded_iarchive,
                                                       char, std::char_traits<char>>;
template class boost::archive::basic_binary_iarchive<flu::message::bounded_iarchive>;
template class boost::archive::detail::archive_serializer_map<
    flu::message::bounded_iarchive>;

namespace flu::message {
namespace {

// A read-only streambuf over the payload, so that unread() is exact.
class view_buf : public std::streambuf {
public:
  explicit view_buf(std::string_view v) {
    char *p = const_cast<char *>(v.data());
    setg(p, p, p + v.size());
  }
};

} // namespace

template <class M> std::string encode(const M &message) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive ar(out, boost::archive::no_header);
    ar << message;
  }
  return std::move(out).str();
}

template <class M> M decode(std::string_view payload) {
  view_buf buf(payload);
  M message;
  try {
    bounded_iarchive ar(buf);
    ar >> message;
    if (ar.unread() != 0)
      throw DecodeError(std::string(type_name(static_cast<uint16_t>(M::type))) + ": " +
                        std::to_string(ar.unread()) + " bytes left over");
  } catch (const DecodeError &) {
    throw;
  } catch (const std::exception &e) {
    throw DecodeError(std::string(type_name(static_cast<uint16_t>(M::type))) +
                      ": undecodable payload (" + e.what() + ")");
  }
  return message;
}

#define FLU_INSTANTIATE(M)                                                               \
  template std::string encode<M>(const M &);                                             \
  template M decode<M>(std::string_view);
FLU_MESSAGE_TYPES(FLU_INSTANTIATE)
#undef FLU_INSTANTIATE

const char *type_name(uint16_t type) {
  switch (static_cast<Type>(type)) {
#define FLU_NAME(M)                                                                      \
  case M::type:                                                                          \
    return #M;
    FLU_MESSAGE_TYPES(FLU_NAME)
#undef FLU_NAME
  case Type::invalid:
  case Type::end:
    break;
  }
  return "unknown";
}

} // namespace flu::message
