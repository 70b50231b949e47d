// Dependency resolution: from what a component needs to the exact set of
// bundles a worker must have, as a package manager does it.
//
// The answer holds one version of every bundle reachable from the roots
// (transitively), chosen as high as possible while every range on the
// path holds; it is found by backtracking over the candidates, highest
// first. The list is ordered dependencies first, so that loading in order
// never meets a bundle whose dependencies are not loaded yet.
//
// Every failure says what and why, naming bundles, versions and ranges:
//   missing:  no bundle "flu-base" (needed by http-streamer 1.1.0 as ^1.0)
//   no match: flu-base has 1.0.0, 1.1.0; none matches >=2.0 (needed by ...)
//   conflict: flu-base: http-streamer 1.1.0 needs ^2.0 and webm-muxer 1.0.0
//             needs ^1.0; no version satisfies both (available: 1.0.0, 2.0.0)
//   cycle:    dependency cycle: a 1.0.0 -> b 1.2.0 -> a 1.0.0
// When several branches fail, the error is the first met (the one about
// the highest versions).
#pragma once

#include "bundle/semver.hpp"

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace flu::bundle {

struct Requirement {
  std::string name;
  VersionRange range;
  std::string needed_by; // "http-streamer 1.1.0", or the root's description
};

// What the resolver knows of one available bundle version.
struct Candidate {
  std::string name;
  Version version;
  std::vector<Requirement> depends; // needed_by may be left empty here
  std::string id;                   // caller's handle (the content hash); passed through
};

class ResolveError : public std::runtime_error {
public:
  enum class Kind { missing, no_match, conflict, cycle };
  ResolveError(Kind kind, const std::string &what)
      : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

private:
  Kind kind_;
};

// Every available version of every bundle, by name. Candidates of one name
// may come in any order.
using Index = std::map<std::string, std::vector<Candidate>>;

// The chosen set, dependencies first; the roots' own bundles are included.
// Throws ResolveError. Bounded: gives up with a conflict after `max_steps`
// steps (a step is one candidate tried; a search without backtracking takes
// one per bundle) rather than running away on a hostile index.
std::vector<Candidate> resolve(const Index &index, const std::vector<Requirement> &roots,
                               std::size_t max_steps = 100000);

} // namespace flu::bundle
