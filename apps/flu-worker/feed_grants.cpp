#include "feed_grants.hpp"

#include "keycard/keycard.hpp"

namespace flu::worker {

void FeedGrants::apply(const message::FeedGrant &grant) {
  if (grant.revoked)
    tokens_[grant.feed_id].erase(grant.eater);
  else
    tokens_[grant.feed_id][grant.eater] = grant.token;
}

bool FeedGrants::granted(const std::string &feed_id, const std::string &eater,
                         const std::string &token) const {
  const auto feed = tokens_.find(feed_id);
  if (feed == tokens_.end())
    return false;
  const auto it = feed->second.find(eater);
  return it != feed->second.end() && keycard::equal(it->second, token);
}

} // namespace flu::worker
