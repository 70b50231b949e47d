// flu-bundle: the release engineer's tool. See help_text() in options.cpp
// and docs/bundles.md.
#include "commands.hpp"
#include "options.hpp"

#include <iostream>
#include <map>

int main(int argc, char **argv) {
  using namespace flu::bundle_tool;
  try {
    const Options o = parse_options(argc, argv);
    if (o.help || o.verb.empty()) {
      std::cout << help_text(o.verb);
      return o.help ? ok : usage;
    }
    static const std::map<std::string, int (*)(const Options &)> verbs = {
        {"keygen", keygen},   {"create", create},   {"sign", sign},
        {"verify", verify},   {"inspect", inspect}, {"resolve", resolve},
        {"publish", publish}, {"list", list}};
    return verbs.at(o.verb)(o);
  } catch (const UsageError &e) {
    std::cerr << "flu-bundle: " << e.what()
              << "\n(flu-bundle --help lists verbs and options)\n";
    return usage;
  } catch (const Failure &e) {
    std::cerr << "flu-bundle: " << e.what() << "\n";
    return e.code();
  } catch (const std::exception &e) {
    std::cerr << "flu-bundle: " << e.what() << "\n";
    return invalid;
  }
}
