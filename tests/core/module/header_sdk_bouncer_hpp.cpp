// <flu/sdk/bouncer.hpp> compiles on its own: this translation unit includes
// nothing else. The function lets sdk_headers_test.cpp check it was compiled
// and that a bouncer_type is a bouncer without a pipeline.
#include <flu/sdk/bouncer.hpp>

namespace {

struct NobodyBouncer {
  explicit NobodyBouncer(const flu::sdk::Config &) {}
  flu_keycard_state authenticate(const flu::sdk::Keycard &keycard,
                                 flu::sdk::Reply &reply) {
    if (keycard.get("username") == "throw")
      throw std::runtime_error("thrown for " + keycard.get("username"));
    return reply.refuse("nobody gets in");
  }
};

const flu_property_spec properties[] = {flu::sdk::ttl_property(),
                                        flu::sdk::duration_property()};

} // namespace

flu_component_type flu_test_bouncer_type() {
  return flu::sdk::bouncer_type<NobodyBouncer>("nobody-bouncer", "refuses everyone",
                                               properties);
}
