// The rule parser: see rule.hpp.
#include "rule.hpp"

#include <algorithm>
#include <cctype>

namespace flu::modules {
namespace {

constexpr int max_depth = 64; // a rule is a line in a planet file, not a program

bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

struct Token {
  enum class Kind { word, open, close, end } kind = Kind::end;
  std::string text;
  int column = 0;
};

class Parser {
public:
  explicit Parser(const std::string &text) : text_(text) { advance(); }

  Rule parse() {
    if (token_.kind == Token::Kind::end)
      fail("rule: empty");
    Rule rule = any(0);
    if (token_.kind != Token::Kind::end)
      fail("rule: unexpected " + describe(token_) + " at column " +
           std::to_string(token_.column));
    return rule;
  }

private:
  [[noreturn]] static void fail(const std::string &message) {
    throw std::runtime_error(message);
  }

  static std::string describe(const Token &t) {
    switch (t.kind) {
    case Token::Kind::open:
      return "'('";
    case Token::Kind::close:
      return "')'";
    case Token::Kind::end:
      return "end of rule";
    default:
      return "'" + t.text + "'";
    }
  }

  bool keyword(const char *word) const {
    return token_.kind == Token::Kind::word && lower(token_.text) == word;
  }

  void advance() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
      ++pos_;
    token_ = {};
    token_.column = static_cast<int>(pos_) + 1;
    if (pos_ >= text_.size())
      return;
    const char c = text_[pos_];
    if (c == '(' || c == ')') {
      token_.kind = c == '(' ? Token::Kind::open : Token::Kind::close;
      ++pos_;
      return;
    }
    if (!name_char(c))
      fail(std::string("rule: unexpected character '") + c + "' at column " +
           std::to_string(token_.column));
    const std::size_t start = pos_;
    while (pos_ < text_.size() && name_char(text_[pos_]))
      ++pos_;
    token_.kind = Token::Kind::word;
    token_.text = text_.substr(start, pos_ - start);
  }

  Rule combine(Rule::Kind kind, const char *word, int depth, Rule (Parser::*next)(int)) {
    Rule first = (this->*next)(depth);
    if (!keyword(word))
      return first;
    Rule out;
    out.kind = kind;
    out.column = first.column;
    out.operands.push_back(std::move(first));
    while (keyword(word)) {
      advance();
      out.operands.push_back((this->*next)(depth));
    }
    return out;
  }

  Rule any(int depth) { return combine(Rule::Kind::any, "or", depth, &Parser::all); }
  Rule all(int depth) { return combine(Rule::Kind::all, "and", depth, &Parser::unary); }

  Rule unary(int depth) {
    if (depth > max_depth)
      fail("rule: nested too deeply at column " + std::to_string(token_.column));
    const int column = token_.column;
    if (keyword("not")) {
      advance();
      Rule out;
      out.kind = Rule::Kind::negation;
      out.column = column;
      out.operands.push_back(unary(depth + 1));
      return out;
    }
    if (token_.kind == Token::Kind::open) {
      advance();
      Rule inner = any(depth + 1);
      if (token_.kind != Token::Kind::close)
        fail("rule: expected ')' at column " + std::to_string(token_.column) + ", got " +
             describe(token_));
      advance();
      return inner;
    }
    if (token_.kind != Token::Kind::word || keyword("and") || keyword("or"))
      fail("rule: expected a bouncer name at column " + std::to_string(column) +
           ", got " + describe(token_));
    Rule out;
    out.kind = Rule::Kind::name;
    out.name = token_.text;
    out.column = column;
    advance();
    return out;
  }

  const std::string &text_;
  std::size_t pos_ = 0;
  Token token_;
};

} // namespace

Rule parse_rule(const std::string &text) { return Parser(text).parse(); }

void collect_names(const Rule &rule, std::vector<const Rule *> &out) {
  if (rule.kind == Rule::Kind::name)
    out.push_back(&rule);
  for (const auto &operand : rule.operands)
    collect_names(operand, out);
}

} // namespace flu::modules
