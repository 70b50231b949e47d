// The manager's repository of bundles and what peers ask of it
// (bundle_service.hpp does the work; this wires it to sessions). The
// repository is also the manager's only source of component types: a
// planet may use what a trusted bundle provides, and nothing else.
#include "bundle_service.hpp"
#include "manager.hpp"
#include "runtime.hpp"

#include "files/install_dirs.hpp"
#include "log/log.hpp"
#include "message/codec.hpp"
#include "planet/planet_parser.hpp"

namespace flu::manager {

using message::Type;

void Manager::open_bundles() {
  const auto share = files::data_dir();
  BundleOptions o;
  o.repository =
      options_.repository.empty() ? options_.key_dir / "repository" : options_.repository;
  o.trusted_keys = options_.trusted_keys;
  if (o.trusted_keys.empty())
    o.trusted_keys = {options_.key_dir / "trusted-keys", share / "trusted-keys"};
  o.import = options_.bundle_dirs;
  if (o.import.empty())
    o.import = {share / "bundles"};
  o.cache = options_.key_dir / "cache";
  bundles_ = std::make_unique<BundleService>(std::move(o));
  refresh_registry();
}

void Manager::refresh_registry() {
  registry_ = bundles_->repository().registry();
  for (const auto &error : registry_.errors())
    log::warning(who, "component types skipped: " + error);
  log::info(who, std::to_string(registry_.type_names().size()) +
                     " component types from the repository");
}

// A range that no bundle satisfies is refused with the planet, as an
// unknown type is, rather than left for a worker to fail on at start.
void Manager::check_versions(const planet::Planet &p, const std::string &file) const {
  auto check = [&](const planet::Component &c) {
    try {
      bundles_->repository().resolve_type(c.type, c.version);
    } catch (const bundle::ResolveError &e) {
      throw planet::PlanetError(
          file, c.line,
          "component '" + c.name + "': " +
              (c.version.empty() ? "" : "version " + c.version + ": ") + e.what());
    }
  };
  if (p.manager.bouncer)
    check(*p.manager.bouncer);
  for (const auto &c : p.atmosphere)
    check(c);
  for (const auto &flow : p.flows)
    for (const auto &c : flow.components)
      check(c);
}

bool Manager::on_bundle_frame(Session &s, const message::Envelope &e) {
  switch (static_cast<Type>(e.type)) {
  case Type::bundle_resolve:
    send(s.identity, bundles_->resolve(message::decode<message::BundleResolve>(e.payload),
                                       e.request_id));
    return true;
  case Type::bundle_fetch:
    send(s.identity,
         bundles_->fetch(message::decode<message::BundleFetch>(e.payload), e.request_id));
    return true;
  case Type::bundle_publish: {
    const auto piece = message::decode<message::BundlePublish>(e.payload);
    if (s.role != message::PeerRole::admin) {
      log::warning(who, "refused a bundle from " + std::string(to_string(s.role)) + " " +
                            s.name + ": only admins publish");
      send(s.identity,
           message::pack(
               message::AdminReply{message::ReplyCode::failed, "only admins publish", {}},
               e.request_id));
      return true;
    }
    const std::size_t held = bundles_->repository().bundles().size();
    send(s.identity, bundles_->publish(s.identity, "admin " + s.name + " at " + s.address,
                                       piece, e.request_id));
    // Planets loaded from now on may use what the new bundle provides.
    if (bundles_->repository().bundles().size() != held)
      refresh_registry();
    return true;
  }
  default:
    return false;
  }
}

} // namespace flu::manager
