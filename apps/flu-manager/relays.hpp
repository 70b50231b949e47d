// The requests the manager passes on and whose answers it routes back:
// method calls from admins to components (Invoke), keycards on their way
// from a component to an atmosphere bouncer (Authenticate), and the keycards
// such bouncers issued, so that an expiry reaches the component that holds
// it. Each relay has a deadline; admin.cpp sends, answers and expires them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace flu::manager {

class Relays {
public:
  struct Invoke {
    std::string admin; // routing id
    uint32_t request_id = 0;
    std::string target;
    int64_t deadline_ms = 0;
  };
  struct Auth {
    std::string requester; // component id
    uint64_t request = 0;  // the requester's own id
    std::string bouncer;   // component id
    int64_t deadline_ms = 0;
  };
  // A keycard an atmosphere bouncer issued to a component.
  struct Keycard {
    std::string bouncer;
    std::string requester;
  };

  // Each returns the request number the relayed message carries.
  uint64_t add(Invoke invoke);
  uint64_t add(Auth auth);
  // The invoke awaiting this answer from that component; taken out.
  std::optional<Invoke> take_invoke(uint64_t request, const std::string &component_id);
  // The authentication awaiting this answer, still in place (the answer
  // must be checked before it is taken).
  const Auth *auth(uint64_t request) const;
  void drop_auth(uint64_t request) { auths_.erase(request); }

  void issued(const std::string &keycard_id, Keycard keycard);
  // To whom, and by which bouncer, a keycard was issued.
  std::optional<Keycard> keycard(const std::string &keycard_id) const;
  void forget_keycard(const std::string &keycard_id) { keycards_.erase(keycard_id); }

  // The invokes past their deadline, taken out (their admins hear of it);
  // authentications past theirs are dropped (the job has its own timeout).
  std::vector<Invoke> expire(int64_t now_ms);

private:
  uint64_t next_ = 1;
  std::map<uint64_t, Invoke> invokes_;
  std::map<uint64_t, Auth> auths_;
  std::map<std::string, Keycard> keycards_; // by keycard id
};

} // namespace flu::manager
