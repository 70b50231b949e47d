// A Range header against files of a few sizes: never a crash, and a
// partial answer always lies inside the file.
#include "../fuzz_target.hpp"

#include "byte_range.hpp"

using flu::http_server::ByteRange;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const auto header = flu::fuzz::bytes(data, size);
  for (const uint64_t file :
       {uint64_t{0}, uint64_t{1}, uint64_t{1000}, ~uint64_t{0} >> 1}) {
    const ByteRange r = flu::http_server::parse_range(header, file);
    if (r.kind == ByteRange::Kind::partial)
      FUZZ_CHECK(r.first <= r.last && r.last < file);
  }
  return 0;
}
