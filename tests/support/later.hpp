// Failure messages read from a log that grows while the assertion runs.
//
// Boost.Test streams a message lazily, but a message that is a function call
// is called before the assertion is evaluated: BOOST_TEST(job.wait_until(...),
// job.output()) reported the output as it was before the wait, usually empty.
// FLU_LATER(expr) defers the call to when the failure is reported.
#pragma once

#include <ostream>
#include <utility>

namespace flu::test {

template <class Read> struct Later { Read read; };

template <class Read> std::ostream &operator<<(std::ostream &out, const Later<Read> &l) {
  return out << l.read();
}

template <class Read> Later<Read> later(Read read) { return {std::move(read)}; }

} // namespace flu::test

#define FLU_LATER(expr) ::flu::test::later([&] { return (expr); })
