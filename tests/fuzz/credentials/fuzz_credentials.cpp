// The password bouncers' credential files, given as their `data` property
// (the same lines a `filename` holds): htpasswd's user:crypt-hash and
// saltsha256's user:salt:hex. A bouncer is built or refused with a message
// naming the line; never a crash. Both read the same input.
#include "../fuzz_target.hpp"

#include "htpasswd_bouncer.hpp"
#include "saltsha256_bouncer.hpp"

#include <cstring>
#include <stdexcept>

using namespace flu;

namespace {

// A host whose only property is `data`, holding the input.
struct DataHost {
  std::string data;

  static DataHost &of(void *self) { return *static_cast<DataHost *>(self); }
  flu_host host() {
    return {.struct_size = sizeof(flu_host),
            .self = this,
            .component_id = [](void *) { return "/fuzz/credentials"; },
            .value_count = [](void *, const char *name) -> uint32_t {
              return std::strcmp(name, "data") == 0 ? 1 : 0;
            },
            .value = [](void *self, const char *name, uint32_t) -> const char * {
              return std::strcmp(name, "data") == 0 ? of(self).data.c_str() : nullptr;
            },
            .feed_count = [](void *, const char *) -> uint32_t { return 0; },
            .log = [](void *, flu_log_level, const char *) {},
            .message = [](void *, flu_message_level, const char *, const char *) {},
            .message_translatable = nullptr,
            .ui_state = nullptr,
            .authenticate = nullptr,
            .consult = nullptr,
            .handover_pending = nullptr,
            .handover_send = nullptr,
            .handover_done = nullptr,
            .hungry = nullptr,
            .component_state = nullptr};
  }
};

template <class Bouncer> void load(const flu_host &host) {
  try {
    Bouncer bouncer{sdk::Host(&host)};
  } catch (const std::runtime_error &) {
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  DataHost self{std::string(flu::fuzz::bytes(data, size))};
  if (self.data.find('\0') != std::string::npos)
    return 0; // a C string property cannot hold one
  const flu_host host = self.host();
  load<modules::HtpasswdBouncer>(host);
  load<modules::Saltsha256Bouncer>(host);
  return 0;
}
