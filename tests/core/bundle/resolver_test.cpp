// The resolver on small hand-made indexes: which versions it picks, in
// which order it returns them, and the exact words of each failure, since
// those reach operators unchanged.
#define BOOST_TEST_MODULE test - core - resolver
#include "bundle/resolver.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace flu::bundle;

namespace {

using Deps = std::vector<std::pair<std::string, std::string>>; // name, range

Candidate candidate(const std::string &name, const std::string &version,
                    const Deps &depends = {}) {
  Candidate c{name, Version::parse_or_throw(version), {}, "sha-" + name + "-" + version};
  for (const auto &[dep, range] : depends)
    c.depends.push_back({dep, VersionRange::parse(range), ""});
  return c;
}

Index index_of(const std::vector<Candidate> &candidates) {
  Index index;
  for (const auto &c : candidates)
    index[c.name].push_back(c);
  return index;
}

std::vector<Requirement> root(const std::string &name, const std::string &range = "*") {
  return {{name, VersionRange::parse(range), "the planet"}};
}

// "c 1.0.0, b 2.1.0, a 1.3.0"
std::string names(const std::vector<Candidate> &chosen) {
  std::string out;
  for (const auto &c : chosen)
    out += (out.empty() ? "" : ", ") + c.name + " " + c.version.str();
  return out;
}

// Runs the resolver expecting it to fail; returns its error.
std::pair<ResolveError::Kind, std::string> failure(const Index &index,
                                                   const std::vector<Requirement> &roots,
                                                   std::size_t max_steps = 100000) {
  try {
    const auto chosen = resolve(index, roots, max_steps);
    BOOST_ERROR("resolved unexpectedly: " << names(chosen));
  } catch (const ResolveError &e) {
    return {e.kind(), e.what()};
  }
  return {};
}

// True when every candidate comes after the bundles it depends on, and
// every name once.
bool dependencies_first(const std::vector<Candidate> &chosen) {
  std::set<std::string> loaded;
  for (const auto &c : chosen) {
    for (const auto &dep : c.depends)
      if (!loaded.count(dep.name))
        return false;
    if (!loaded.insert(c.name).second)
      return false;
  }
  return true;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_chain_takes_the_highest_versions_dependencies_first) {
  const auto index = index_of({
      candidate("a", "1.0.0", {{"b", "^2"}}),
      candidate("a", "1.3.0", {{"b", "^2"}}),
      candidate("a", "2.0.0", {{"b", "^2"}}),
      candidate("b", "2.1.0", {{"c", "~1.0"}}),
      candidate("b", "2.0.0", {{"c", "~1.0"}}),
      candidate("b", "3.0.0", {{"c", "~1.0"}}),
      candidate("c", "1.0.0"),
      candidate("c", "1.0.7"),
      candidate("c", "1.1.0"),
      candidate("c", "1.0.8-rc.1"),
  });
  const auto chosen = resolve(index, root("a", "^1.0"));
  BOOST_TEST(names(chosen) == "c 1.0.7, b 2.1.0, a 1.3.0");
  BOOST_TEST(chosen.front().id == "sha-c-1.0.7");
  BOOST_TEST(dependencies_first(chosen));
}

BOOST_AUTO_TEST_CASE(nothing_asked_nothing_chosen) {
  BOOST_TEST(resolve(index_of({candidate("a", "1.0.0")}), {}).empty());
}

BOOST_AUTO_TEST_CASE(a_diamond_takes_the_highest_version_both_sides_accept) {
  const auto index = index_of({
      candidate("app", "1.0.0", {{"left", "^1"}, {"right", "^1"}}),
      candidate("left", "1.0.0", {{"base", ">=1.2 <2"}}),
      candidate("right", "1.0.0", {{"base", "<1.4"}}),
      candidate("base", "1.1.0"),
      candidate("base", "1.2.0"),
      candidate("base", "1.3.5"),
      candidate("base", "1.3.0"),
      candidate("base", "1.5.0"),
      candidate("base", "2.0.0"),
  });
  // Both requirements of base are weighed at once: one step per bundle,
  // no backtracking.
  const auto chosen = resolve(index, root("app"), 4);
  BOOST_TEST(names(chosen) == "base 1.3.5, left 1.0.0, right 1.0.0, app 1.0.0");
  BOOST_TEST(dependencies_first(chosen));
}

BOOST_AUTO_TEST_CASE(a_later_requirement_sends_an_earlier_choice_back) {
  // base is chosen (1.9.0) before the requirement of c, two levels down,
  // is met; the resolver must come back to base and take 1.4.0.
  const auto index = index_of({
      candidate("app", "1.0.0", {{"b", "*"}, {"base", "^1"}}),
      candidate("b", "1.0.0", {{"c", "*"}}),
      candidate("c", "1.0.0", {{"base", "<1.5"}}),
      candidate("base", "1.0.0"),
      candidate("base", "1.4.0"),
      candidate("base", "1.9.0"),
  });
  const auto chosen = resolve(index, root("app"));
  BOOST_TEST(names(chosen) == "base 1.4.0, c 1.0.0, b 1.0.0, app 1.0.0");
}

BOOST_AUTO_TEST_CASE(backtracks_past_a_version_whose_dependency_is_unavailable) {
  const auto index = index_of({
      candidate("a", "2.0.0", {{"missing", "^1"}}),
      candidate("a", "1.9.0", {{"b", "^5"}}), // b has no 5.x
      candidate("a", "1.5.0", {{"b", "^1"}}),
      candidate("a", "1.0.0", {{"b", "^1"}}),
      candidate("b", "1.0.0"),
  });
  BOOST_TEST(names(resolve(index, root("a"))) == "b 1.0.0, a 1.5.0");
}

BOOST_AUTO_TEST_CASE(backtracks_across_levels) {
  // The highest b needs a c none of whose versions exist; the highest a
  // needs that b, so a must step down.
  const auto index = index_of({
      candidate("a", "2.0.0", {{"b", "^2"}}),
      candidate("a", "1.0.0", {{"b", "^1"}}),
      candidate("b", "2.0.0", {{"c", "^9"}}),
      candidate("b", "1.0.0", {{"c", "^1"}}),
      candidate("c", "1.0.0"),
  });
  BOOST_TEST(names(resolve(index, root("a"))) == "c 1.0.0, b 1.0.0, a 1.0.0");
}

BOOST_AUTO_TEST_CASE(a_release_candidate_is_not_picked_by_surprise) {
  const auto index =
      index_of({candidate("base", "1.0.0"), candidate("base", "1.1.0-rc.1")});
  BOOST_TEST(names(resolve(index, root("base", "^1.0"))) == "base 1.0.0");
  BOOST_TEST(names(resolve(index, root("base", "^1.1.0-rc.1"))) == "base 1.1.0-rc.1");
}

BOOST_AUTO_TEST_CASE(a_conflict_names_both_requirers_and_what_exists) {
  const auto index = index_of({
      candidate("http-streamer", "1.1.0", {{"flu-base", "^2.0"}}),
      candidate("webm-muxer", "1.0.0", {{"flu-base", "^1.0"}}),
      candidate("flu-base", "2.0.0"),
      candidate("flu-base", "1.0.0"),
  });
  const std::vector<Requirement> roots = {
      {"http-streamer", VersionRange::parse("^1"), "the planet"},
      {"webm-muxer", VersionRange::parse("^1"), "the planet"}};
  const auto [kind, message] = failure(index, roots);
  BOOST_TEST((kind == ResolveError::Kind::conflict));
  BOOST_TEST(message ==
             "flu-base: http-streamer 1.1.0 needs ^2.0 and webm-muxer 1.0.0 "
             "needs ^1.0; no version satisfies both (available: 1.0.0, 2.0.0)");
}

BOOST_AUTO_TEST_CASE(messages_do_not_depend_on_the_order_of_the_index) {
  std::vector<Candidate> candidates = {
      candidate("a", "1.0.0", {{"base", "^3"}}), candidate("base", "1.0.0"),
      candidate("base", "2.0.0+build.7"),        candidate("base", "1.5.0"),
      candidate("base", "2.0.0+build.3"),        candidate("base", "0.1.0")};
  const auto first = failure(index_of(candidates), root("a"));
  std::reverse(candidates.begin(), candidates.end());
  BOOST_TEST(failure(index_of(candidates), root("a")).second == first.second);
  BOOST_TEST(first.second ==
             "base has 0.1.0, 1.0.0, 1.5.0, 2.0.0+build.3, 2.0.0+build.7; "
             "none matches ^3 (needed by a 1.0.0)");
}

BOOST_AUTO_TEST_CASE(three_ranges_that_meet_in_pairs_but_not_all_together) {
  const auto index = index_of({
      candidate("app", "1.0.0", {{"x", "*"}, {"y", "*"}, {"z", "*"}}),
      candidate("x", "1.0.0", {{"base", "1.x || 2.x"}}),
      candidate("y", "1.0.0", {{"base", "2.x || 3.x"}}),
      candidate("z", "1.0.0", {{"base", "1.x || 3.x"}}),
      candidate("base", "1.0.0"),
      candidate("base", "2.0.0"),
      candidate("base", "3.0.0"),
  });
  const auto [kind, message] = failure(index, root("app"));
  BOOST_TEST((kind == ResolveError::Kind::conflict));
  BOOST_TEST(message == "base: x 1.0.0 needs 1.x || 2.x, y 1.0.0 needs 2.x || 3.x and "
                        "z 1.0.0 needs 1.x || 3.x; no version satisfies all of them "
                        "(available: 1.0.0, 2.0.0, 3.0.0)");
}

BOOST_AUTO_TEST_CASE(a_missing_bundle_names_who_needed_it_and_how) {
  const auto index =
      index_of({candidate("http-streamer", "1.1.0", {{"flu-base", "^1.0"}})});
  const auto [kind, message] = failure(index, root("http-streamer"));
  BOOST_TEST((kind == ResolveError::Kind::missing));
  BOOST_TEST(message == "no bundle \"flu-base\" (needed by http-streamer 1.1.0 as ^1.0)");
  // A root's requirement speaks with the root's own words.
  BOOST_TEST(failure(index, root("nowhere", "^2")).second ==
             "no bundle \"nowhere\" (needed by the planet as ^2)");
}

BOOST_AUTO_TEST_CASE(no_matching_version_lists_the_versions_there_are) {
  const auto index = index_of({
      candidate("http-streamer", "1.1.0", {{"flu-base", ">=2.0"}}),
      candidate("flu-base", "1.1.0"),
      candidate("flu-base", "1.0.0"),
  });
  const auto [kind, message] = failure(index, root("http-streamer"));
  BOOST_TEST((kind == ResolveError::Kind::no_match));
  BOOST_TEST(
      message ==
      "flu-base has 1.0.0, 1.1.0; none matches >=2.0 (needed by http-streamer 1.1.0)");
}

BOOST_AUTO_TEST_CASE(the_first_failure_met_is_the_one_reported) {
  // Every version of a fails; the error is about the highest.
  const auto index = index_of({
      candidate("a", "2.0.0", {{"gone", "^1"}}),
      candidate("a", "1.5.0", {{"also-gone", "^1"}}),
      candidate("a", "1.2.0", {{"a", "*"}}),
      candidate("a", "1.0.0", {{"b", "^5"}}),
      candidate("b", "1.0.0"),
  });
  const auto [kind, message] = failure(index, root("a"));
  BOOST_TEST((kind == ResolveError::Kind::missing));
  BOOST_TEST(message == "no bundle \"gone\" (needed by a 2.0.0 as ^1)");
}

BOOST_AUTO_TEST_CASE(a_cycle_is_printed_along_its_path) {
  const auto index = index_of({
      candidate("a", "1.0.0", {{"b", "^1"}}),
      candidate("b", "1.2.0", {{"a", "^1"}}),
  });
  const auto [kind, message] = failure(index, root("a"));
  BOOST_TEST((kind == ResolveError::Kind::cycle));
  BOOST_TEST(message == "dependency cycle: a 1.0.0 -> b 1.2.0 -> a 1.0.0");
}

BOOST_AUTO_TEST_CASE(a_bundle_depending_on_itself_is_a_cycle) {
  const auto index = index_of({candidate("a", "1.0.0", {{"a", "*"}})});
  const auto [kind, message] = failure(index, root("a"));
  BOOST_TEST((kind == ResolveError::Kind::cycle));
  BOOST_TEST(message == "dependency cycle: a 1.0.0 -> a 1.0.0");
}

BOOST_AUTO_TEST_CASE(a_cycle_is_avoided_when_another_version_allows) {
  const auto index = index_of({
      candidate("a", "1.0.0", {{"b", "^1"}}),
      candidate("b", "1.3.0", {{"c", "*"}}),
      candidate("c", "1.0.0", {{"a", "*"}}),
      candidate("b", "1.2.0"),
  });
  BOOST_TEST(names(resolve(index, root("a"))) == "b 1.2.0, a 1.0.0");
}

BOOST_AUTO_TEST_CASE(a_larger_graph_comes_out_dependencies_first) {
  const auto index = index_of({
      candidate("top", "1.0.0", {{"ui", "*"}, {"net", "*"}, {"log", "*"}}),
      candidate("ui", "1.0.0", {{"gfx", "*"}, {"log", "*"}}),
      candidate("gfx", "1.0.0", {{"math", "*"}, {"log", "*"}}),
      candidate("net", "1.0.0", {{"tls", "*"}, {"log", "*"}}),
      candidate("tls", "1.0.0", {{"math", "*"}}),
      candidate("math", "1.0.0"),
      candidate("log", "1.0.0"),
  });
  const auto chosen = resolve(index, root("top"));
  BOOST_TEST(chosen.size() == 7u);
  BOOST_TEST(dependencies_first(chosen));
  BOOST_TEST(chosen.back().name == "top");
}

BOOST_AUTO_TEST_CASE(steps_count_candidates_tried) {
  // A chain of 50 bundles takes 50 steps when nothing backtracks.
  std::vector<Candidate> chain;
  for (int i = 0; i < 50; ++i)
    chain.push_back(i + 1 < 50 ? candidate("b" + std::to_string(i), "1.0.0",
                                           {{"b" + std::to_string(i + 1), "*"}})
                               : candidate("b" + std::to_string(i), "1.0.0"));
  const auto index = index_of(chain);
  BOOST_TEST(resolve(index, root("b0"), 50).size() == 50u);
  const auto [kind, message] = failure(index, root("b0"), 49);
  BOOST_TEST((kind == ResolveError::Kind::conflict));
  BOOST_TEST(message.starts_with("gave up after 49 steps"));
}

BOOST_AUTO_TEST_CASE(a_pathological_index_ends_in_a_conflict_within_the_bound) {
  // Every a needs base ^1 and every b base ^2: all a x b pairs fail, which
  // is a million combinations for the default bound of 100000 steps.
  std::vector<Candidate> candidates = {candidate("base", "1.0.0"),
                                       candidate("base", "2.0.0")};
  for (int i = 1; i <= 1000; ++i) {
    candidates.push_back(candidate("a", std::to_string(i) + ".0.0", {{"base", "^1"}}));
    candidates.push_back(candidate("b", std::to_string(i) + ".0.0", {{"base", "^2"}}));
  }
  const std::vector<Requirement> roots = {{"a", VersionRange(), "the planet"},
                                          {"b", VersionRange(), "the planet"}};
  const auto [kind, message] = failure(index_of(candidates), roots);
  BOOST_TEST((kind == ResolveError::Kind::conflict));
  BOOST_TEST(message ==
             "gave up after 100000 steps without finding a set of versions that fits; "
             "the first problem met: base: a 1000.0.0 needs ^1 and b 1000.0.0 needs ^2; "
             "no version satisfies both (available: 1.0.0, 2.0.0)");
}

BOOST_AUTO_TEST_CASE(a_small_pathological_index_is_searched_to_the_end) {
  // Under the bound, the whole search runs and the real conflict is told.
  std::vector<Candidate> candidates = {candidate("base", "1.0.0"),
                                       candidate("base", "2.0.0")};
  for (int i = 1; i <= 20; ++i) {
    candidates.push_back(candidate("a", std::to_string(i) + ".0.0", {{"base", "^1"}}));
    candidates.push_back(candidate("b", std::to_string(i) + ".0.0", {{"base", "^2"}}));
  }
  const std::vector<Requirement> roots = {{"a", VersionRange(), "the planet"},
                                          {"b", VersionRange(), "the planet"}};
  const auto [kind, message] = failure(index_of(candidates), roots, 1000);
  BOOST_TEST((kind == ResolveError::Kind::conflict));
  BOOST_TEST(message == "base: a 20.0.0 needs ^1 and b 20.0.0 needs ^2; no version "
                        "satisfies both (available: 1.0.0, 2.0.0)");
}

BOOST_AUTO_TEST_CASE(a_long_chain_does_not_exhaust_the_stack) {
  constexpr int length = 20000;
  Index index;
  for (int i = 0; i < length; ++i)
    index["b" + std::to_string(i)].push_back(
        i + 1 < length ? candidate("b" + std::to_string(i), "1.0.0",
                                   {{"b" + std::to_string(i + 1), "*"}})
                       : candidate("b" + std::to_string(i), "1.0.0"));
  const auto chosen = resolve(index, root("b0"));
  BOOST_TEST(chosen.size() == static_cast<std::size_t>(length));
  BOOST_TEST(chosen.front().name == "b" + std::to_string(length - 1));
  BOOST_TEST(chosen.back().name == "b0");
}
