// Chronological backtracking without recursion, so that neither a deep
// chain of bundles nor a long search can exhaust the stack.
//
// The requirements met on the way form one queue, handled in order
// (breadth first). A bundle's version is chosen when its name comes up
// first, among the candidates that every requirement already queued for it
// accepts, highest first; requirements that come later are checked against
// that choice. Each choice records the queue's length, so undoing it is
// truncating the queue.
//
// A failed branch is only explained while no earlier failure has been: the
// error reported is the first one met, which concerns the highest versions
// and is what a reader expects to hear about. A failure that another
// version of the same bundle would avoid is not worth reporting; it is kept
// only in case nothing better turns up.
#include "bundle/resolver.hpp"

#include <algorithm>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace flu::bundle {
namespace {

using Kind = ResolveError::Kind;

struct Need {
  const Requirement *requirement;
  const Candidate *from; // nullptr for a root
};

struct Failure {
  Kind kind;
  std::string message;
};

std::string describe(const Candidate &candidate) {
  return candidate.name + " " + candidate.version.str();
}

std::string needed_by(const Need &need) {
  if (!need.requirement->needed_by.empty())
    return need.requirement->needed_by;
  return need.from ? describe(*need.from) : "the request";
}

// "a, b and c"
std::string listed(const std::vector<std::string> &items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

class Search {
public:
  Search(const Index &index, const std::vector<Requirement> &roots, std::size_t max_steps)
      : index_(index), roots_(roots), max_steps_(max_steps) {}

  std::vector<Candidate> run() {
    for (const auto &root : roots_)
      push({&root, nullptr});
    for (;;) {
      if (head_ == queue_.size()) {
        if (auto order = ordered())
          return std::move(*order);
      } else if (step()) {
        continue;
      }
      if (!backtrack())
        break;
    }
    if (!first_ && !fallback_) // every failing branch records why; this is a guard
      fallback_ = Failure{Kind::conflict, "no set of versions fits the requirements"};
    const auto &failure = first_ ? *first_ : *fallback_;
    throw ResolveError(failure.kind, failure.message);
  }

private:
  struct Choice {
    std::string_view name;
    std::vector<const Candidate *> options; // highest first
    std::size_t next = 0;
    std::size_t queue_size; // as it was before this choice
    std::size_t head;
  };

  // Handles the requirement at the head of the queue; false if the branch
  // fails there.
  bool step() {
    const Need &need = queue_[head_];
    const std::string_view name = need.requirement->name;
    if (const auto it = chosen_.find(name); it != chosen_.end()) {
      if (need.requirement->range.matches(it->second->version)) {
        ++head_;
        return true;
      }
      if (!first_)
        explain_clash(name, *it->second);
      return false;
    }
    const auto &versions = sorted(name);
    if (versions.empty()) {
      fail(Kind::missing, "no bundle \"" + need.requirement->name + "\" (needed by " +
                              needed_by(need) + " as " + need.requirement->range.text() +
                              ")");
      return false;
    }
    const auto pending = needs_of(name, head_, queue_.size());
    std::vector<const Candidate *> options;
    for (const auto *candidate : versions)
      if (std::all_of(pending.begin(), pending.end(), [&](const Need *n) {
            return n->requirement->range.matches(candidate->version);
          }))
        options.push_back(candidate);
    if (options.empty()) {
      if (!first_)
        first_ = explain(name, pending);
      return false;
    }
    choices_.push_back({name, std::move(options), 0, queue_.size(), head_});
    return take_next();
  }

  // Undoes choices down to the latest one with an untried option, and
  // takes that option; false when none is left.
  bool backtrack() {
    while (!choices_.empty() && choices_.back().next == choices_.back().options.size()) {
      chosen_.erase(choices_.back().name);
      choices_.pop_back();
    }
    return !choices_.empty() && take_next();
  }

  bool take_next() {
    Choice &choice = choices_.back();
    chosen_.erase(choice.name);
    truncate(choice.queue_size);
    head_ = choice.head;
    if (++steps_ > max_steps_)
      give_up();
    const Candidate *candidate = choice.options[choice.next++];
    chosen_[choice.name] = candidate;
    for (const auto &dependency : candidate->depends)
      push({&dependency, candidate});
    ++head_; // the requirement that asked for this choice holds
    return true;
  }

  [[noreturn]] void give_up() const {
    std::string message = "gave up after " + std::to_string(max_steps_) +
                          " steps without finding a set of versions that fits";
    if (first_)
      message += "; the first problem met: " + first_->message;
    throw ResolveError(Kind::conflict, message);
  }

  void push(Need need) {
    needed_at_[need.requirement->name].push_back(queue_.size());
    queue_.push_back(need);
  }

  void truncate(std::size_t size) {
    while (queue_.size() > size) {
      needed_at_[queue_.back().requirement->name].pop_back();
      queue_.pop_back();
    }
  }

  // The queue's requirements of `name` at positions [from, to).
  std::vector<const Need *> needs_of(std::string_view name, std::size_t from,
                                     std::size_t to) const {
    std::vector<const Need *> out;
    const auto it = needed_at_.find(name);
    if (it == needed_at_.end())
      return out;
    const auto &at = it->second;
    for (auto i = std::lower_bound(at.begin(), at.end(), from); i != at.end() && *i < to;
         ++i)
      out.push_back(&queue_[*i]);
    return out;
  }

  // The candidates of `name`, highest first; ties (the same version with
  // other build metadata) in a fixed order so that the answer is too.
  const std::vector<const Candidate *> &sorted(std::string_view name) {
    auto [it, inserted] = sorted_.try_emplace(name);
    if (inserted)
      if (const auto found = index_.find(std::string(name)); found != index_.end()) {
        for (const auto &candidate : found->second)
          it->second.push_back(&candidate);
        std::sort(it->second.begin(), it->second.end(), [](auto *a, auto *b) {
          if (auto c = a->version <=> b->version; c != 0)
            return c > 0;
          return std::tie(a->version.build, a->id) > std::tie(b->version.build, b->id);
        });
      }
    return it->second;
  }

  std::string available(std::string_view name) {
    std::vector<std::string> versions;
    const auto &candidates = sorted(name);
    for (auto it = candidates.rbegin(); it != candidates.rend(); ++it)
      if (auto text = (*it)->version.str(); versions.empty() || versions.back() != text)
        versions.push_back(std::move(text));
    std::string out;
    for (const auto &version : versions)
      out += (out.empty() ? "" : ", ") + version;
    return out;
  }

  void fail(Kind kind, std::string message) {
    if (!first_)
      first_ = Failure{kind, std::move(message)};
  }

  // Why no version of `name` meets all of `needs`, from the simplest
  // explanation up; nothing if some version does.
  std::optional<Failure> explain(std::string_view name,
                                 const std::vector<const Need *> &needs) {
    const auto &versions = sorted(name);
    const auto none_fits = [&](std::initializer_list<const Need *> some) {
      return std::none_of(versions.begin(), versions.end(), [&](const Candidate *c) {
        return std::all_of(some.begin(), some.end(), [&](const Need *n) {
          return n->requirement->range.matches(c->version);
        });
      });
    };
    const auto says = [](const Need *n) {
      return needed_by(*n) + " needs " + n->requirement->range.text();
    };
    const std::string of_name(name);
    for (const Need *need : needs)
      if (none_fits({need}))
        return Failure{Kind::no_match, of_name + " has " + available(name) +
                                           "; none matches " +
                                           need->requirement->range.text() +
                                           " (needed by " + needed_by(*need) + ")"};
    for (std::size_t i = 0; i < needs.size(); ++i)
      for (std::size_t j = i + 1; j < needs.size(); ++j)
        if (needs[i]->requirement->range.text() != needs[j]->requirement->range.text() &&
            none_fits({needs[i], needs[j]}))
          return Failure{
              Kind::conflict,
              of_name + ": " + says(needs[i]) + " and " + says(needs[j]) +
                  "; no version satisfies both (available: " + available(name) + ")"};
    const bool fits = std::any_of(versions.begin(), versions.end(), [&](auto *c) {
      return std::all_of(needs.begin(), needs.end(), [&](const Need *n) {
        return n->requirement->range.matches(c->version);
      });
    });
    if (fits)
      return std::nullopt;
    std::vector<std::string> all;
    for (const Need *need : needs)
      all.push_back(says(need));
    return Failure{Kind::conflict, of_name + ": " + listed(all) +
                                       "; no version satisfies all of them (available: " +
                                       available(name) + ")"};
  }

  // The requirement at the head does not accept what was chosen for `name`.
  void explain_clash(std::string_view name, const Candidate &chosen) {
    const auto needs = needs_of(name, 0, head_ + 1);
    if (auto failure = explain(name, needs)) {
      first_ = std::move(failure);
      return;
    }
    if (fallback_)
      return;
    const Need &need = queue_[head_];
    fallback_ =
        Failure{Kind::conflict, describe(chosen) + " was chosen, but " + needed_by(need) +
                                    " needs " + need.requirement->range.text() +
                                    ", and no other choice fits the rest"};
  }

  // The chosen candidates, dependencies first; nothing, with the failure
  // recorded, if they depend on each other in a cycle.
  std::optional<std::vector<Candidate>> ordered() {
    enum class Mark { unseen, open, done };
    std::unordered_map<std::string_view, Mark> marks;
    struct Visit {
      std::string_view name;
      const Candidate *candidate;
      std::size_t next = 0;
    };
    std::vector<Visit> path;
    std::vector<Candidate> order;
    const auto enter = [&](std::string_view name) -> bool {
      auto &mark = marks[name];
      if (mark == Mark::done)
        return true;
      if (mark == Mark::open) {
        std::string cycle;
        auto from = std::find_if(path.begin(), path.end(),
                                 [&](const Visit &v) { return v.name == name; });
        for (auto it = from; it != path.end(); ++it)
          cycle += describe(*it->candidate) + " -> ";
        fail(Kind::cycle, "dependency cycle: " + cycle + describe(*from->candidate));
        return false;
      }
      mark = Mark::open;
      path.push_back({name, chosen_.at(name)});
      return true;
    };
    for (const auto &root : roots_) {
      if (!enter(root.name))
        return std::nullopt;
      while (!path.empty()) {
        Visit &top = path.back();
        if (top.next < top.candidate->depends.size()) {
          if (!enter(top.candidate->depends[top.next++].name))
            return std::nullopt;
          continue;
        }
        marks[top.name] = Mark::done;
        order.push_back(*top.candidate);
        path.pop_back();
      }
    }
    return order;
  }

  const Index &index_;
  const std::vector<Requirement> &roots_;
  const std::size_t max_steps_;
  std::size_t steps_ = 0;

  std::vector<Need> queue_;
  std::size_t head_ = 0; // before it, every requirement holds
  // Positions in queue_ of each name's requirements, ascending.
  std::unordered_map<std::string_view, std::vector<std::size_t>> needed_at_;
  std::unordered_map<std::string_view, const Candidate *> chosen_;
  std::vector<Choice> choices_;
  std::unordered_map<std::string_view, std::vector<const Candidate *>> sorted_;

  std::optional<Failure> first_;
  std::optional<Failure> fallback_; // when nothing better is met
};

} // namespace

std::vector<Candidate> resolve(const Index &index, const std::vector<Requirement> &roots,
                               std::size_t max_steps) {
  return Search(index, roots, max_steps).run();
}

} // namespace flu::bundle
