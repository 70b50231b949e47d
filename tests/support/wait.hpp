// Readiness in tests: poll a condition until a deadline, never a bare sleep.
#pragma once

#include "later.hpp"

#include <chrono>
#include <thread>

namespace flu::test {

using namespace std::chrono_literals;

// Calls done() every `interval` until it returns true or `timeout` passes;
// returns whether it did. done() is always called at least once, and once
// more at the deadline.
template <class F>
bool poll_until(F &&done, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = 20ms) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline)
      return done();
    std::this_thread::sleep_for(interval);
  }
  return true;
}

} // namespace flu::test
