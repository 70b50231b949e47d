// Viewers let in by the planet's bouncer: the http-streamer in a standalone
// flu-job whose --bouncer runs the real htpasswd-bouncer or token-bouncer in
// the job, so that requests go the whole way (keycard, challenge, expiry).
#define BOOST_TEST_MODULE http_streamer_viewer_auth
#include "../standalone_job.hpp"
#include "http_client.hpp"
#include "streamer_process.hpp"

#include "keycard/keycard.hpp"

#include <glib.h>

#include <regex>

using namespace flu::modules::test;

namespace {

std::string basic(const std::string &user, const std::string &password) {
  const std::string pair = user + ":" + password;
  gchar *encoded =
      g_base64_encode(reinterpret_cast<const guchar *>(pair.data()), pair.size());
  const std::string header = std::string("Authorization: Basic ") + encoded + "\r\n";
  g_free(encoded);
  return header;
}

std::string request(const std::string &target, const std::string &headers = {}) {
  return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "\r\n";
}

// A streamer whose viewers the htpasswd-bouncer "viewers" lets in: alice
// (wonderland) and bob (builder).
std::unique_ptr<Streamer> htpasswd_streamer() {
  return std::make_unique<Streamer>(
      webm_video_feed, std::vector<std::string>{"bouncer=viewers"},
      std::vector<std::string>{
          "--bouncer", "viewers=" FLU_MODULE_HTPASSWD_BOUNCER ":htpasswd-bouncer",
          "--bouncer-property",
          "viewers:data=alice:" + flu::keycard::make_crypt_hash("wonderland"),
          "--bouncer-property",
          "viewers:data=bob:" + flu::keycard::make_crypt_hash("builder")});
}

// The id of the keycard the job's bouncer gave `user`.
std::string keycard_of(StandaloneJob &job, const std::string &user) {
  const std::regex line("keycard: (\\S+) authenticated by viewers for password " + user +
                        " from ");
  std::string id;
  BOOST_TEST_REQUIRE(job.wait_until(
                         [&] {
                           std::smatch m;
                           const std::string out = job.output();
                           if (!std::regex_search(out, m, line))
                             return false;
                           id = m[1];
                           return true;
                         },
                         10s),
                     FLU_LATER(job.output()));
  return id;
}

void expect_refused(const Response &r) {
  BOOST_TEST(r.status == 401);
  BOOST_TEST(r.header("www-authenticate") == "Basic realm=\"" + mount + "\"");
  BOOST_TEST(contains(r.body, "401"));
}

} // namespace

BOOST_AUTO_TEST_CASE(basic_credentials_are_checked_by_the_bouncer) {
  auto s = htpasswd_streamer();
  expect_refused(exchange(s->port(), request(mount)));
  expect_refused(exchange(s->port(), request(mount, basic("alice", "looking-glass"))));
  expect_refused(exchange(s->port(), request(mount, basic("carol", "wonderland"))));
  const Response ok =
      exchange(s->port(), request(mount, basic("alice", "wonderland")), 4096);
  BOOST_TEST(ok.status == 200);
  BOOST_TEST(ok.header("content-type") == "video/webm");
  BOOST_TEST_REQUIRE(ok.body.size() >= 4u);
  BOOST_TEST(ok.body.substr(0, 4) == std::string("\x1a\x45\xdf\xa3"));
  // The password never shows in what the job prints.
  BOOST_TEST(!contains(s->job().output(), "wonderland"), FLU_LATER(s->job().output()));
  BOOST_TEST(
      s->job().wait_until([&] { return s->job().ui("viewers-refused") == "3"; }, 10s),
      FLU_LATER(s->job().output()));
  BOOST_TEST(s->job().stop() == 0, FLU_LATER(s->job().output()));
}

BOOST_AUTO_TEST_CASE(tokens_in_the_query_are_checked_by_the_bouncer) {
  Streamer s(webm_video_feed, {"bouncer=tokens"},
             {"--bouncer", "tokens=" FLU_MODULE_TOKEN_BOUNCER ":token-bouncer",
              "--bouncer-property", "tokens:token=s3cr3t+1"});
  expect_refused(exchange(s.port(), request(mount)));
  expect_refused(exchange(s.port(), request(mount + "?token=nope")));
  expect_refused(
      exchange(s.port(), request(mount + "?token=s3cr3t+1"))); // '+' is a blank
  const Response ok =
      exchange(s.port(), request(mount + "?player=x&token=s3cr3t%2B1"), 4096);
  BOOST_TEST(ok.status == 200);
  BOOST_TEST(ok.body.size() >= 4u);
  BOOST_TEST(s.job().stop() == 0, FLU_LATER(s.job().output()));
}

BOOST_AUTO_TEST_CASE(an_unknown_bouncer_refuses_everyone) {
  Streamer s(webm_video_feed, {"bouncer=nobody"});
  expect_refused(exchange(s.port(), request(mount, basic("alice", "wonderland"))));
  BOOST_TEST(s.job().stop() == 0, FLU_LATER(s.job().output()));
}

BOOST_AUTO_TEST_CASE(an_expired_keycard_disconnects_its_viewer_and_no_other) {
  auto s = htpasswd_streamer();
  Connection alice(s->port());
  alice.send_all(request(mount, basic("alice", "wonderland")));
  BOOST_TEST(parse_response(alice.read_some()).status == 200);
  const std::string alice_keycard = keycard_of(s->job(), "alice");
  Connection bob(s->port());
  bob.send_all(request(mount, basic("bob", "builder")));
  BOOST_TEST(parse_response(bob.read_some()).status == 200);
  const std::string bob_keycard = keycard_of(s->job(), "bob");
  BOOST_TEST(alice_keycard != bob_keycard);

  s->job().command("expire " + alice_keycard);
  // Alice's stream ends (end of stream or reset) within seconds...
  bool ended = false;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!ended && std::chrono::steady_clock::now() < deadline)
    ended = alice.read_some().empty();
  BOOST_TEST(ended, "alice still streams after her keycard expired");
  // ...while Bob's goes on.
  BOOST_TEST(bob.read_for(20000, 10s).size() >= 20000u);
  BOOST_TEST(s->job().wait_until([&] { return s->job().ui("viewers") == "1"; }, 10s),
             FLU_LATER(s->job().output()));
  BOOST_TEST(s->job().stop() == 0, FLU_LATER(s->job().output()));
}

BOOST_AUTO_TEST_CASE(viewers_that_leave_while_the_bouncer_decides_leave_nothing_behind) {
  auto s = htpasswd_streamer();
  for (int i = 0; i < 50; ++i) {
    Connection gone(s->port());
    gone.send_all(request(mount, basic("alice", "wonderland")));
  } // each closes at once, its answer still to come
  // Bob's answer comes after the bouncer has hashed the 50 passwords before
  // his: on a loaded machine that takes longer than a viewer's usual wait.
  const Response ok =
      exchange(s->port(), request(mount, basic("bob", "builder")), 4096, 60s);
  BOOST_TEST(ok.status == 200);
  BOOST_TEST(s->job().wait_until([&] { return s->job().ui("viewers") == "0"; }, 10s),
             FLU_LATER(s->job().output()));
  BOOST_TEST(s->job().stop() == 0, FLU_LATER(s->job().output()));
  BOOST_TEST(!contains(s->job().output(), "mood: sad"), FLU_LATER(s->job().output()));
}

BOOST_AUTO_TEST_CASE(the_client_limit_still_applies_to_authenticated_viewers) {
  Streamer s(webm_video_feed, {"bouncer=tokens", "client-limit=1"},
             {"--bouncer", "tokens=" FLU_MODULE_TOKEN_BOUNCER ":token-bouncer",
              "--bouncer-property", "tokens:token=t"});
  Connection first(s.port());
  first.send_all(request(mount + "?token=t"));
  BOOST_TEST(parse_response(first.read_some()).status == 200);
  BOOST_TEST(exchange(s.port(), request(mount + "?token=t")).status == 503);
  BOOST_TEST(s.job().stop() == 0, FLU_LATER(s.job().output()));
}
