// Changing a running planet: adding what an admin loads (a flow file, or
// atmosphere components) and deleting components (flu-command's `load` and
// `delete`).
//
// A loaded file is first parsed with the running planet as context
// (parse_planet_string(..., &running)), so that it may name the
// atmosphere's bouncers and eat from components already in its flow, with
// file:line errors. merge() then checks what only the whole planet can say
// and either applies everything or nothing.
//
// Both merge() and remove() invalidate every pointer and reference into the
// planet (Component*, Flow*, ...): whoever keeps them (the manager) looks
// them up again afterwards.
#pragma once

#include "planet/planet.hpp"

#include <stdexcept>
#include <string>

namespace flu::planet {

// A change that would break the planet; what() names the flow or the
// component and says why. The planet is left as it was.
class ChangeError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// Adds the atmosphere components and flows of `more` to `into`. A flow that
// already exists gets the new components; a new flow is appended. Throws
// ChangeError, changing nothing, when `more`:
//   - has a <manager> section (the manager's own settings are not loaded),
//   - holds a component whose component id `into` already has,
//   - gives a flow a second clock master,
//   - feeds from a component that is in neither planet's flow,
//   - names as `bouncer` a component that is in neither atmosphere.
// `more`'s planet name is ignored.
void merge(Planet &into, Planet more);

// Deletes the component "/flow/name" or "/atmosphere/name"; a flow left
// without components goes too. Returns false when there is no such
// component. Throws ChangeError, changing nothing, for what must stay: the
// manager's bouncer, a component others eat from, a bouncer a flow
// component names.
bool remove(Planet &planet, const std::string &component_id);

} // namespace flu::planet
