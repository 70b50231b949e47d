// Feed failover: an eater of a virtual feed that several components offer
// (Flumotion's <virtual-feed>, docs/planet.md) is fed by the first provider,
// in planet order, that is happy on a connected worker. When that provider
// turns sad, hungry, sleeping or lost, the manager points the eater at the
// first other one that is happy (publish_feeds sends the new FeedAddress,
// the old grant is withdrawn), says so in a message of the eater and shows
// the provider in its UI state (`virtual-feed:NAME`). A provider that comes
// back does not take the feed back: a move costs viewers a new stream
// header, so only a failure moves it.
#include "i18n/translate.hpp"
#include "log/log.hpp"
#include "runtime.hpp"

#include <boost/asio/post.hpp>

namespace flu::manager {

const planet::Component *Manager::virtual_feed_provider(ComponentState &c,
                                                        const planet::Feed &feed,
                                                        const std::string &feed_id,
                                                        std::string &source) {
  const planet::Flow *flow = planet_.flow(c.config->flow);
  if (!flow)
    return nullptr;
  const auto providers = flow->providers(feed.component, feed.feeder);
  if (providers.empty())
    return nullptr;
  auto real_feed = [&](const planet::Provider &p) {
    planet::Feed real;
    real.component = p.component->name;
    real.feeder = p.feeder;
    return planet::feed_id(c.config->flow, real);
  };
  auto state_of = [&](const planet::Provider &p) {
    return component(p.component->component_id());
  };
  auto usable = [&](const planet::Provider &p) {
    const ComponentState *s = state_of(p);
    const WorkerState *w = s ? worker_of(*s) : nullptr;
    return s && s->mood == Mood::happy && w && w->connected;
  };
  const planet::Provider *current = nullptr;
  if (const auto it = c.virtual_sources.find(feed_id); it != c.virtual_sources.end())
    for (const auto &p : providers)
      if (real_feed(p) == it->second)
        current = &p;
  const planet::Provider *next = nullptr;
  if (current && usable(*current))
    next = current;
  for (const auto &p : providers)
    if (!next && usable(p))
      next = &p;
  if (!next) // none is happy: it stays where it is, or waits for the first
    next = current;
  if (!next)
    return nullptr;
  source = real_feed(*next);
  if (next == current)
    return next->component;

  const std::string id = c.config->component_id();
  const std::string name = feed.component + ":" + feed.feeder;
  if (current) {
    const ComponentState *old = state_of(*current);
    const std::string was = old ? to_string(old->mood) : "gone";
    revoke_feed(c, real_feed(*current));
    // Told again should it come back to that provider later.
    std::erase_if(c.feeds_sent,
                  [&](const std::string &key) { return key.starts_with(feed_id + ">"); });
    add_note(c, i18n::note(message::NoteLevel::info, "feed-failover",
                           N_("virtual feed %1% failed over from %2% (%3%) to %4%"),
                           {name, current->component->name, was, next->component->name}));
  } else {
    log::info(who, id + ": virtual feed " + name + " is fed by " + next->component->name);
  }
  c.virtual_sources[feed_id] = source;
  const std::string key = "virtual-feed:" + name;
  std::erase_if(c.ui, [&](const auto &entry) { return entry.first == key; });
  c.ui.emplace_back(key, std::vector<std::string>{source});
  changed(id);
  return next->component;
}

void Manager::providers_changed(const ComponentState &c) {
  if (c.config->virtual_feeds.empty() || publish_posted_ || !runtime_)
    return;
  publish_posted_ = true;
  boost::asio::post(runtime_->io, [this] {
    publish_posted_ = false;
    publish_feeds();
  });
}

} // namespace flu::manager
