// The manager's repository of bundles and what peers ask of it
// (bundle_service.hpp does the work; this wires it to sessions).
#include "bundle_service.hpp"
#include "manager.hpp"
#include "runtime.hpp"

#include "log/log.hpp"
#include "message/codec.hpp"
#include "registry/module_path.hpp"

namespace flu::manager {

using message::Type;

void Manager::open_bundles() {
  const auto share = registry::executable_dir().parent_path() / "share" / "flu";
  BundleOptions o;
  o.repository =
      options_.repository.empty() ? options_.key_dir / "repository" : options_.repository;
  o.trusted_keys = options_.trusted_keys;
  if (o.trusted_keys.empty())
    o.trusted_keys = {options_.key_dir / "trusted-keys", share / "trusted-keys"};
  o.import = options_.bundle_dirs;
  if (o.import.empty())
    o.import = {share / "bundles"};
  bundles_ = std::make_unique<BundleService>(std::move(o));
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
    if (s.role != "admin") {
      log::warning(who, "refused a bundle from " + s.role + " " + s.name +
                            ": only admins publish");
      send(s.identity, message::pack(message::AdminReply{5, "only admins publish", {}},
                                     e.request_id));
      return true;
    }
    send(s.identity, bundles_->publish(s.identity, "admin " + s.name + " at " + s.address,
                                       piece, e.request_id));
    return true;
  }
  default:
    return false;
  }
}

} // namespace flu::manager
