// multi-bouncer's rules ("ip and (users or not banned)"): refused with a
// message, or a tree whose names are all there to collect.
#include "../fuzz_target.hpp"

#include "rule.hpp"

#include <stdexcept>

using namespace flu::modules;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Rule rule;
  try {
    rule = parse_rule(std::string(flu::fuzz::bytes(data, size)));
  } catch (const std::runtime_error &) {
    return 0;
  }
  std::vector<const Rule *> names;
  collect_names(rule, names);
  FUZZ_CHECK(!names.empty());
  for (const Rule *name : names)
    FUZZ_CHECK(name->kind == Rule::Kind::name && !name->name.empty());
  return 0;
}
