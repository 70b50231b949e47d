// A multi-bouncer's rule: a boolean expression over bouncer names.
//
//   rule    := any
//   any     := all ("or" all)*
//   all     := unary ("and" unary)*
//   unary   := "not" unary | "(" any ")" | NAME
//   NAME    := letters, digits, '_', '-', '.'; not a keyword
//
// Keywords are case-insensitive. Flumotion parsed its `combination` with
// pyparsing; a grammar this small reads better as recursive descent.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace flu::modules {

struct Rule {
  enum class Kind { name, negation, all, any };
  Kind kind = Kind::name;
  std::string name; // Kind::name
  int column = 0;   // where it starts, 1-based
  std::vector<Rule> operands;
};

// Throws std::runtime_error "rule: expected ')' at column 12" and the like.
Rule parse_rule(const std::string &text);

// Every name in the rule, in order, with its column.
void collect_names(const Rule &rule, std::vector<const Rule *> &out);

} // namespace flu::modules
