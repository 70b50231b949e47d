// Payloads written to hurt: counts and string lengths patched to 2^30 and
// beyond, invalid bools, bytes left over, and thousands of random mutations
// of valid payloads. Each must decode or throw DecodeError — nothing else —
// quickly and without a large allocation.
//
// A plain Boost binary archive allocates 4 GiB for a 200-byte payload whose
// vector count says 2^30 (shared/reference/stack.md §7), so every case runs in
// a forked child whose address space is capped (RLIMIT_AS); the child reports
// each outcome and its peak RSS growth through a pipe. A regression therefore
// shows up as a failed assertion (bad_alloc, growth, time), not as a machine
// swapping.
#include "message_samples.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdio>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace flu::message;
using namespace flu::message::test;

namespace {

constexpr long max_growth_kb = 64 * 1024;    // no case may grow RSS by 64 MiB
constexpr long slack_kb = 256 * 1024;        // RLIMIT_AS headroom over the start
constexpr long max_case_micros = 200 * 1000; // an unbounded resize takes seconds

struct Case {
  std::string name;
  uint16_t type;
  std::string payload;
};

struct Outcome {
  std::string name;
  std::string kind; // "decoded", "DecodeError" or "other"
  std::string what;
  long micros = 0;
};

struct GuardedRun {
  int status = 0; // from waitpid
  long growth_kb = -1;
  std::vector<Outcome> outcomes;
};

long statm_field(int index) { // in pages
  long fields[2] = {0, 0};
  if (FILE *f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &fields[0], &fields[1]) != 2)
      fields[0] = fields[1] = 0;
    std::fclose(f);
  }
  return fields[index];
}

std::string one_line(std::string s) {
  for (char &c : s)
    if (c == '\n' || c == '\t')
      c = ' ';
  return s;
}

// Runs in the child: decodes every case, writes one line per outcome.
void decode_all(const std::vector<Case> &cases, FILE *out) {
  for (const Case &c : cases) {
    std::string kind = "decoded", what;
    const auto start = std::chrono::steady_clock::now();
    try {
      decode_as(c.type, c.payload);
    } catch (const DecodeError &e) {
      kind = "DecodeError";
      what = e.what();
    } catch (const std::exception &e) {
      kind = "other";
      what = std::string(typeid(e).name()) + ": " + e.what();
    } catch (...) {
      kind = "other";
      what = "a non-standard exception";
    }
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - start)
                            .count();
    std::fprintf(out, "%s\t%s\t%ld\t%s\n", one_line(c.name).c_str(), kind.c_str(),
                 static_cast<long>(micros), one_line(what).c_str());
  }
}

// Forks; the child caps its address space, decodes every case and reports.
GuardedRun run_guarded(const std::vector<Case> &cases) {
  int fds[2];
  BOOST_REQUIRE(::pipe(fds) == 0);
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    ::alarm(120); // a hang ends as SIGALRM, which the parent reports
    const long page_kb = ::sysconf(_SC_PAGESIZE) / 1024;
    const rlim_t cap = static_cast<rlim_t>(statm_field(0) * page_kb + slack_kb) * 1024;
    const rlimit limit{cap, cap};
    if (::setrlimit(RLIMIT_AS, &limit) != 0)
      ::_exit(3);
    const long start_kb = statm_field(1) * page_kb;
    FILE *out = ::fdopen(fds[1], "w");
    decode_all(cases, out);
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    std::fprintf(out, "growth_kb\t%ld\n", usage.ru_maxrss - start_kb);
    std::fclose(out);
    ::_exit(0);
  }
  ::close(fds[1]);
  GuardedRun run;
  std::string text;
  char buffer[65536];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) != 0;)
    if (n > 0)
      text.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  ::waitpid(pid, &run.status, 0);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream fields(line);
    Outcome o;
    std::getline(fields, o.name, '\t');
    if (o.name == "growth_kb") {
      fields >> run.growth_kb;
      continue;
    }
    std::string micros;
    std::getline(fields, o.kind, '\t');
    std::getline(fields, micros, '\t');
    std::getline(fields, o.what);
    o.micros = std::stol(micros);
    run.outcomes.push_back(o);
  }
  return run;
}

// The guarded run ended normally, reported every case, and stayed small.
void check_guarded(const GuardedRun &run, std::size_t cases) {
  BOOST_TEST(WIFEXITED(run.status),
             "the child was killed by signal " << WTERMSIG(run.status));
  if (WIFEXITED(run.status))
    BOOST_TEST(WEXITSTATUS(run.status) == 0);
  BOOST_TEST(run.outcomes.size() == cases);
  BOOST_TEST(run.growth_kb >= 0);
  BOOST_TEST(run.growth_kb < max_growth_kb,
             "peak RSS grew by " << run.growth_kb << " KiB");
  for (const Outcome &o : run.outcomes) {
    BOOST_TEST_CONTEXT(o.name) {
      BOOST_TEST(o.kind != "other", o.what);
      // Under the cap a huge allocation fails with bad_alloc, which decode()
      // would wrap in a DecodeError: that is the bug this file looks for.
      BOOST_TEST(o.what.find("bad_alloc") == std::string::npos, o.what);
      BOOST_TEST(o.micros < max_case_micros);
    }
  }
}

template <class M> Case make_case(std::string name, std::string payload) {
  return {std::move(name), static_cast<uint16_t>(M::type), std::move(payload)};
}

// The payload of `message` with the one 8-byte `value` in it set to each of
// `patches`; requires `value` to occur exactly once.
template <class M>
std::vector<Case> patched(const std::string &what, const M &message, uint64_t value,
                          std::initializer_list<uint64_t> patches) {
  const std::string payload = encode(message);
  const auto at = find_u64(payload, value);
  BOOST_REQUIRE_MESSAGE(at.size() == 1u, what << ": " << value << " found " << at.size()
                                              << " times in the payload");
  std::vector<Case> cases;
  for (uint64_t v : patches)
    cases.push_back(make_case<M>(what + " = " + std::to_string(v),
                                 patch_u64(payload, at.front(), v)));
  return cases;
}

const std::initializer_list<uint64_t> huge = {1ull << 30, 1ull << 62, 1ull << 63, ~0ull};

const Outcome &find(const GuardedRun &run, const std::string &name) {
  for (const Outcome &o : run.outcomes)
    if (o.name == name)
      return o;
  BOOST_FAIL("no outcome for " << name);
  throw; // unreachable
}

} // namespace

BOOST_AUTO_TEST_CASE(huge_counts_and_lengths_are_refused_without_allocating) {
  std::vector<Case> cases;
  auto add = [&](std::vector<Case> more) {
    cases.insert(cases.end(), more.begin(), more.end());
  };
  // A snapshot of 29 components: its count is the one little-endian 29.
  PlanetSnapshot many = sample<PlanetSnapshot>();
  many.components.resize(29);
  add(patched("snapshot component count", many, 29, huge));
  add(patched("hello running count", sample<WorkerHello>(), 2, huge));
  add(patched("start properties count", sample<StartComponent>(), 3, huge));
  const Refused refused = sample<Refused>();
  add(patched("refused reason length", refused, refused.reason.size(), huge));
  const std::size_t planet = sample<PlanetSnapshot>().planet.size();
  add(patched("snapshot planet length", sample<PlanetSnapshot>(), planet, huge));

  const GuardedRun run = run_guarded(cases);
  check_guarded(run, cases.size());
  for (const Case &c : cases)
    BOOST_TEST_CONTEXT(c.name) { BOOST_TEST(find(run, c.name).kind == "DecodeError"); }
  // The bounds are what refused them (not some later failure).
  for (const char *name :
       {"snapshot component count = 1073741824",
        "snapshot component count = 4611686018427387904",
        "hello running count = 1073741824", "start properties count = 1073741824"})
    BOOST_TEST(find(run, name).what.find("element count too large") != std::string::npos,
               find(run, name).what);
  for (const char *name : {"refused reason length = 1073741824",
                           "refused reason length = 4611686018427387904",
                           "refused reason length = 18446744073709551615",
                           "snapshot planet length = 1073741824"})
    BOOST_TEST(find(run, name).what.find("string too long") != std::string::npos,
               find(run, name).what);
}

BOOST_AUTO_TEST_CASE(the_largest_count_a_hello_frame_can_hold_stays_small) {
  // The bound is "count ≤ bytes unread", so a full frame (1 MiB by default)
  // whose count claims every remaining byte still passes it, and Boost
  // reserves count × sizeof(element) before failing on the first element.
  // A WorkerHello is what the manager decodes from peers not yet logged in.
  const std::size_t frame_bytes = default_max_frame_bytes - envelope_header_size;
  std::string payload = encode(sample<WorkerHello>());
  const auto at = find_u64(payload, 2);
  BOOST_REQUIRE(at.size() == 1u);
  payload.resize(frame_bytes, 'x');
  const uint64_t claim = frame_bytes - at.front() - 8;
  const std::vector<Case> cases = {
      make_case<WorkerHello>("claims every byte", patch_u64(payload, at.front(), claim)),
      make_case<WorkerHello>("claims one byte too many",
                             patch_u64(payload, at.front(), claim + 1))};
  const GuardedRun run = run_guarded(cases);
  check_guarded(run, cases.size());
  BOOST_TEST(find(run, "claims every byte").kind == "DecodeError");
  BOOST_TEST(find(run, "claims one byte too many").what.find("element count too large") !=
             std::string::npos);
  BOOST_TEST_MESSAGE("peak RSS growth for a 1 MiB hello: " << run.growth_kb << " KiB");
}

BOOST_AUTO_TEST_CASE(invalid_bools_are_refused) {
  // Locate the bool byte by encoding the message both ways.
  FeedReply yes = sample<FeedReply>(), no = yes;
  yes.ok = true;
  no.ok = false;
  const std::string a = encode(yes), b = encode(no);
  BOOST_REQUIRE(a.size() == b.size());
  std::vector<std::size_t> differ;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i])
      differ.push_back(i);
  BOOST_REQUIRE(differ.size() == 1u);
  std::vector<Case> cases;
  for (unsigned char v : {2, 0x7f, 0xff}) {
    std::string bad = a;
    bad[differ[0]] = static_cast<char>(v);
    cases.push_back(make_case<FeedReply>("ok byte " + std::to_string(v), bad));
  }
  const GuardedRun run = run_guarded(cases);
  check_guarded(run, cases.size());
  for (const Outcome &o : run.outcomes)
    BOOST_TEST(o.what.find("invalid bool") != std::string::npos,
               o.name << ": " << o.what);
}

BOOST_AUTO_TEST_CASE(random_mutations_decode_or_throw_decode_error) {
  std::mt19937 rng(20240611); // fixed: a failure reproduces
  std::vector<Case> cases;
  std::vector<std::string> payloads;
  for_each_message_type([&]<class M>(Tag<M>) {
    const std::string payload = encode(sample<M>());
    for (int i = 0; i < 250; ++i) {
      std::string bad = payload;
      const int edits = 1 + static_cast<int>(rng() % 3);
      std::ostringstream name;
      name << type_name(static_cast<uint16_t>(M::type)) << " mutation " << i << ":";
      for (int e = 0; e < edits && !bad.empty(); ++e) {
        const std::size_t at = rng() % bad.size();
        const char byte = static_cast<char>(rng() & 0xff);
        bad[at] = byte;
        name << " [" << at << "]=" << (static_cast<unsigned>(byte) & 0xff);
      }
      cases.push_back(make_case<M>(name.str(), bad));
    }
  });
  BOOST_REQUIRE(cases.size() == 45u * 250u);

  const GuardedRun run = run_guarded(cases);
  check_guarded(run, cases.size());
  std::size_t decoded = 0, refused = 0;
  for (const Outcome &o : run.outcomes) {
    decoded += o.kind == "decoded";
    refused += o.kind == "DecodeError";
  }
  BOOST_TEST_MESSAGE(decoded << " mutations decoded, " << refused << " refused");
  // Most mutations must be caught; many still decode (the codec has no
  // checksum), so this only guards against a decoder that refuses nothing.
  BOOST_TEST(refused > cases.size() / 4);
}

BOOST_AUTO_TEST_CASE(the_guard_itself_catches_a_big_allocation) {
  // Proof that run_guarded() would see the bug it looks for: a case that
  // allocates past the cap is reported as a failure, not a success.
  const pid_t pid = ::fork();
  BOOST_REQUIRE(pid >= 0);
  if (pid == 0) {
    const long page_kb = ::sysconf(_SC_PAGESIZE) / 1024;
    const rlim_t cap = static_cast<rlim_t>(statm_field(0) * page_kb + slack_kb) * 1024;
    const rlimit limit{cap, cap};
    ::setrlimit(RLIMIT_AS, &limit);
    try {
      std::string big(1ull << 30, 'x'); // what an unbounded string length would do
      ::_exit(big.size() == 0 ? 1 : 2);
    } catch (const std::bad_alloc &) {
      ::_exit(0);
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer's operator new never throws: past the cap it reports
  // the allocation and aborts the child, which the guard counts as a
  // failure too. Only a child that got its gigabyte (2) or an empty string
  // (1) would mean the guard is blind.
  const bool caught = !WIFEXITED(status) || WEXITSTATUS(status) == 0 ||
                      (WEXITSTATUS(status) != 1 && WEXITSTATUS(status) != 2);
  BOOST_TEST(caught, "a 1 GiB allocation was not refused under the cap");
#else
  BOOST_TEST(WIFEXITED(status));
  BOOST_TEST(WEXITSTATUS(status) == 0,
             "a 1 GiB allocation was not refused under the cap");
#endif
}
