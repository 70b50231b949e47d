// Flumotion's manager plugs; see manager_plugs.hpp.
#include "planet/manager_plugs.hpp"

namespace flu::planet::flumotion {
namespace {

const ManagerPlugSpec specs[] = {
    {"adminaction-loggerfile",
     "adminactionfilelogger",
     "flumotion.component.plugs.adminaction.AdminActionPlug",
     {"logfile"},
     "logfile",
     nullptr,
     false},
    {"manager-example",
     "managerlifecycleprinter",
     "flumotion.component.plugs.base.ManagerPlug",
     {},
     nullptr,
     nullptr,
     false},
    {"identityprovider-example",
     "exampleidentityprovider",
     "flumotion.component.plugs.identity.IdentityProviderPlug",
     {},
     nullptr,
     "flu's manager names every admin USER@HOST (the user name of the keycard it "
     "logged in with, and its address), as Flumotion's manager did without an "
     "identity provider, in its log and in the admin-action log; the example's "
     "random names (larry, curly or moe, of chicago or detroit) are not carried over",
     false},
    {"manager-manhole",
     nullptr,
     "flumotion.component.plugs.base.ManagerPlug",
     {"ssh-authorized-keys-file", "initially-open", "port"},
     nullptr,
     "it opened a Python shell inside the running manager, over SSH or telnet; flu's "
     "manager is C++ and has no interpreter to open. Nothing listens on its port: "
     "read and change the running planet with flu-command and flu-admin, and raise "
     "the manager's log level with FLU_DEBUG",
     true},
};

} // namespace

const ManagerPlugSpec *manager_plug(const std::string &type) {
  for (const auto &spec : specs)
    if (type == spec.type || (spec.older && type == spec.older))
      return &spec;
  return nullptr;
}

const char *manager_plug_socket(const std::string &type) {
  const ManagerPlugSpec *spec = manager_plug(type);
  return spec ? spec->socket : "";
}

} // namespace flu::planet::flumotion
