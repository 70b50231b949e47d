// Buffers as mp4mux might push them, in any order and with any bytes: boxes
// (ftyp, moov, moof, mdat or none of those) and samples with times and
// keyframe marks. The cutter never crashes, gives the init segment once and
// before any media segment, and every media segment has bytes and a
// duration that is not negative.
#include "../fuzz_target.hpp"

#include "fmp4_cutter.hpp"

#include <cmath>

namespace {

constexpr const char *types[] = {"ftyp", "moov", "moof", "mdat", "free"};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int inits = 0, segments = 0;
  flu::hls::Fmp4Cutter cutter(
      1'000'000'000,
      [&](std::string init) {
        FUZZ_CHECK(segments == 0);
        (void)init;
        ++inits;
      },
      [&](double seconds, std::string segment) {
        FUZZ_CHECK(inits == 1);
        FUZZ_CHECK(!segment.empty());
        FUZZ_CHECK(std::isfinite(seconds) && seconds >= 0);
        ++segments;
      });
  // Records of 4 bytes: what (box type or sample), a length, a time step.
  uint64_t pts = 0;
  for (size_t at = 0; at + 4 <= size; at += 4) {
    const uint8_t what = data[at], length = data[at + 1];
    const uint16_t step = static_cast<uint16_t>(data[at + 2] << 8 | data[at + 3]);
    if (what < 5 * 2) {
      std::string box(8 + length % 32, '\0');
      box.replace(4, 4, types[what % 5]);
      cutter.box(what < 5 ? box : box.substr(0, length % 8)); // short ones too
    } else {
      // Times mostly grow (by up to 65 ms); a step's top bit sends them back.
      pts = step & 0x8000 ? pts / 2 : pts + step * 1'000'000ULL;
      cutter.sample(std::string(1 + length % 16, 'x'), pts, what & 1);
    }
  }
  FUZZ_CHECK(inits <= 1);
  return 0;
}
