// The feeds the manager lets eaters take from this worker. The manager
// grants each eater a token per feed (FeedGrant) before it tells the eater
// where the feed is; an eater that asks the feed server for a feed must
// bring that token, and a revoked grant lets nobody in. Beside FeedServer,
// which asks this before it hands a socket to a job.
#pragma once

#include "message/messages.hpp"

#include <map>
#include <string>

namespace flu::worker {

class FeedGrants {
public:
  // A grant, or its revocation when grant.revoked.
  void apply(const message::FeedGrant &grant);
  // Whether the manager granted feed_id to eater with this token (compared
  // in constant time: the token is a secret).
  bool granted(const std::string &feed_id, const std::string &eater,
               const std::string &token) const;

private:
  // feed id → eater component id → token.
  std::map<std::string, std::map<std::string, std::string>> tokens_;
};

} // namespace flu::worker
