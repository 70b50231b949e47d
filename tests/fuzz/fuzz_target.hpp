// What every fuzz target defines: libFuzzer's entry point. Under libFuzzer
// (FLU_FUZZ=ON, clang) the fuzzer calls it; in the normal build replay.cpp
// calls it once per corpus file, so each committed input stays a test.
//
// A target reports a broken property with FUZZ_CHECK, which aborts: under
// libFuzzer that is a finding, in a replay a failed test.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(condition)                                                            \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK(%s) failed\n", __FILE__, __LINE__,         \
                   #condition);                                                          \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

namespace flu::fuzz {

inline std::string_view bytes(const uint8_t *data, size_t size) {
  return {reinterpret_cast<const char *>(data), size};
}

} // namespace flu::fuzz
