// ip-bouncer: admits or refuses a keycard by its "address" (Flumotion's
// ip-bouncer), whatever its kind. Of the `allow` and `deny` networks that
// contain the address, the most specific (longest prefix) decides, and deny
// wins a tie; when none does, `default` (deny unless told) decides.
#pragma once

#include "network.hpp"

#include <flu/sdk/bouncer.hpp>

#include <vector>

namespace flu::modules {

class IpBouncer {
public:
  // Throws naming the property and the network that does not parse.
  explicit IpBouncer(const sdk::Host &config);
  flu_keycard_state authenticate(const sdk::Keycard &keycard, sdk::Reply &reply);

private:
  struct Rule {
    Network network;
    bool deny = false;
  };
  std::vector<Rule> rules_;
  bool allow_by_default_ = false;
};

} // namespace flu::modules
