// composite-combiner's input places ("position-left=10 alpha=0.5"), from a
// planet or an operator's invoke: refused with a message naming the input,
// or a place whose pad settings are all in range.
#include "../fuzz_target.hpp"

#include "layout.hpp"

#include <stdexcept>
#include <string>

using namespace flu::modules;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  InputPlace place;
  try {
    place = parse_place(std::string(flu::fuzz::bytes(data, size)), "input 0");
  } catch (const std::runtime_error &e) {
    FUZZ_CHECK(std::string(e.what()).rfind("input 0: ", 0) == 0);
    return 0;
  }
  if (place.alpha)
    FUZZ_CHECK(*place.alpha >= 0 && *place.alpha <= 1);
  if (place.width)
    FUZZ_CHECK(*place.width >= 1);
  for (const auto &[key, value] : pad_settings(place))
    FUZZ_CHECK(!key.empty() && !value.empty());
  return 0;
}
