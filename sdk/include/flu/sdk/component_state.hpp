// Another component's state as the manager last replicated it (ABI 1.5,
// flu_host::component_state): a UI-state key ("viewers"), a job figure
// ("cpu-percent"), or "mood", "worker", "type", "pid", "version".
//
//   if (auto viewers = flu::sdk::component_state(host, "/edges/streamer-1", "viewers"))
//     ...
//
// Any thread; never waits on the network. nullopt when unknown, and always
// on a host older than 1.5 or in a standalone job (no manager). The first
// question about a component makes the host follow it: its answer comes
// with a later question.
#pragma once

#include <flu/module.h>
#include <flu/sdk/host.hpp>

#include <glib.h>

#include <optional>
#include <string>

namespace flu::sdk {

inline std::optional<std::string> component_state(const Host &host,
                                                  const std::string &component_id,
                                                  const std::string &key) {
  const flu_host *h = host.host();
  if (!FLU_HAS_CALLBACK(h, flu_host, component_state))
    return std::nullopt;
  char *value = h->component_state(h->self, component_id.c_str(), key.c_str());
  if (!value)
    return std::nullopt;
  std::string out = value;
  g_free(value);
  return out;
}

} // namespace flu::sdk
