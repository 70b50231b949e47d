// BouncerJob: the worker's messages in, packed answers out, and the
// once-a-second sweep that expires keycards, with the real token-bouncer.
#define BOOST_TEST_MODULE test - apps - flu - job - bouncer
#include "bouncer_job.hpp"

#include "keycard/keycard.hpp"
#include "message/codec.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <variant>
#include <vector>

using namespace flu;
using namespace std::chrono_literals;

namespace {

struct Fixture {
  boost::asio::io_context io;
  std::vector<std::string> sent;
  std::vector<std::string> logged;
  job::BouncerJob bouncer;

  explicit Fixture(message::Values properties)
      : bouncer(
            io, config(std::move(properties)), FLU_MODULE_TOKEN_BOUNCER,
            [this](const std::string &frame) { sent.push_back(frame); },
            [this](flu_log_level, const std::string &text) { logged.push_back(text); }) {}

  static message::JobConfig config(message::Values properties) {
    message::JobConfig c;
    c.component_id = "/atmosphere/tokens";
    c.type = "token-bouncer";
    c.module_id = FLU_MODULE_TOKEN_BOUNCER;
    c.bouncer = true;
    c.properties = std::move(properties);
    return c;
  }

  // Hands the job one frame, as the worker would.
  template <class M> bool deliver(const M &m, uint32_t request_id = 0) {
    frame_ = message::pack(m, request_id);
    auto parsed = message::parse_envelope(frame_, message::default_max_frame_bytes);
    BOOST_REQUIRE(std::holds_alternative<message::Envelope>(parsed));
    return bouncer.on_frame(std::get<message::Envelope>(parsed));
  }

  // The last frame sent, decoded as M, with its request id.
  template <class M> M last(uint32_t *request_id = nullptr) {
    BOOST_REQUIRE(!sent.empty());
    auto parsed = message::parse_envelope(sent.back(), message::default_max_frame_bytes);
    BOOST_REQUIRE(std::holds_alternative<message::Envelope>(parsed));
    const auto &e = std::get<message::Envelope>(parsed);
    BOOST_REQUIRE(e.type == static_cast<uint16_t>(M::type));
    if (request_id)
      *request_id = e.request_id;
    return message::decode<M>(e.payload);
  }

  message::AuthenticateReply authenticate(const std::string &token) {
    BOOST_TEST(deliver(
        message::Authenticate{"/live/web", 7, "tokens", keycard::token_request(token)},
        42));
    uint32_t request_id = 0;
    auto reply = last<message::AuthenticateReply>(&request_id);
    BOOST_TEST(request_id == 42u);
    return reply;
  }

  message::InvokeResult invoke(const std::string &method,
                               std::vector<std::string> args = {}) {
    BOOST_TEST(
        deliver(message::Invoke{"/atmosphere/tokens", 9, method, std::move(args)}));
    return last<message::InvokeResult>();
  }

private:
  std::string frame_;
};

} // namespace

BOOST_AUTO_TEST_CASE(answers_authenticate_to_the_same_requester_and_request) {
  Fixture f(message::Values{{"token", {"good"}}});
  auto reply = f.authenticate("good");
  BOOST_TEST(reply.component_id == "/live/web");
  BOOST_TEST(reply.request == 7u);
  BOOST_TEST((reply.state == message::KeycardState::authenticated));
  BOOST_TEST(keycard::get(reply.keycard, "id").size() == 32u);

  reply = f.authenticate("bad");
  BOOST_TEST((reply.state == message::KeycardState::refused));
  BOOST_TEST(keycard::get(reply.keycard, "reason") == "unknown token");
}

BOOST_AUTO_TEST_CASE(lists_and_expires_keycards_on_invoke) {
  Fixture f(message::Values{{"token", {"owner:good"}}});
  const std::string id = keycard::get(f.authenticate("good").keycard, "id");
  auto result = f.invoke("keycards");
  BOOST_TEST(result.ok);
  BOOST_TEST(result.request == 9u);
  BOOST_TEST(
      result.result.rfind(id + " holder=/live/web user=owner address=- age=0s", 0) == 0u,
      result.result);

  result = f.invoke("expire " + id);
  BOOST_TEST(result.ok, result.result);
  // The holder hears of it first, then the operator gets the result.
  BOOST_REQUIRE(f.sent.size() >= 2u);
  auto parsed = message::parse_envelope(f.sent[f.sent.size() - 2],
                                        message::default_max_frame_bytes);
  const auto expired = message::decode<message::KeycardExpired>(
      std::get<message::Envelope>(parsed).payload);
  BOOST_TEST(expired.component_id == "/live/web");
  BOOST_TEST(expired.keycard_id == id);
  BOOST_TEST(expired.reason == "expired by an operator");

  result = f.invoke("expire", {id});
  BOOST_TEST(!result.ok);
  BOOST_TEST(result.result == "no keycard " + id);
  result = f.invoke("keycards");
  BOOST_TEST(result.ok);
  BOOST_TEST(result.result.empty());
  result = f.invoke("restart");
  BOOST_TEST(!result.ok);
  BOOST_TEST(result.result.find("keycards, expire ID") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(expire_keycard_from_the_manager_tells_the_holder) {
  Fixture f(message::Values{{"token", {"good"}}});
  const std::string id = keycard::get(f.authenticate("good").keycard, "id");
  const auto before = f.sent.size();
  BOOST_TEST(f.deliver(message::ExpireKeycard{"/atmosphere/tokens", "unknown"}));
  BOOST_TEST(f.sent.size() == before);
  BOOST_TEST(f.deliver(message::ExpireKeycard{"/atmosphere/tokens", id}));
  const auto expired = f.last<message::KeycardExpired>();
  BOOST_TEST(expired.keycard_id == id);
  BOOST_TEST(expired.component_id == "/live/web");
  BOOST_TEST(f.bouncer.host().issued().empty());
}

BOOST_AUTO_TEST_CASE(the_sweep_expires_keycards_whose_ttl_ran_out) {
  Fixture f(message::Values{{"token", {"good"}}, {"ttl", {"1"}}});
  const std::string id = keycard::get(f.authenticate("good").keycard, "id");
  f.io.run_for(2500ms);
  const auto expired = f.last<message::KeycardExpired>();
  BOOST_TEST(expired.keycard_id == id);
  BOOST_TEST(expired.reason == "its time to live ran out");
}

BOOST_AUTO_TEST_CASE(leaves_other_frames_alone_and_drops_malformed_ones) {
  Fixture f(message::Values{{"token", {"good"}}});
  BOOST_TEST(!f.deliver(message::Heartbeat{}));
  const std::string bad = message::frame(
      static_cast<uint16_t>(message::Type::authenticate), 1, "not a payload");
  auto parsed = message::parse_envelope(bad, message::default_max_frame_bytes);
  BOOST_TEST(f.bouncer.on_frame(std::get<message::Envelope>(parsed)));
  BOOST_TEST(f.sent.empty());
  BOOST_REQUIRE(!f.logged.empty());
  BOOST_TEST(f.logged.back().find("dropped a malformed Authenticate") !=
                 std::string::npos,
             f.logged.back());
}

BOOST_AUTO_TEST_CASE(works_without_a_log) {
  boost::asio::io_context io;
  std::vector<std::string> sent;
  job::BouncerJob bouncer(
      io, Fixture::config({{"token", {"good"}}}), FLU_MODULE_TOKEN_BOUNCER,
      [&](const std::string &frame) { sent.push_back(frame); }, nullptr);
  const std::string frame =
      message::pack(message::ExpireKeycard{"/atmosphere/tokens", "x"});
  auto parsed = message::parse_envelope(frame, message::default_max_frame_bytes);
  BOOST_TEST(bouncer.on_frame(std::get<message::Envelope>(parsed)));
  BOOST_TEST(sent.empty());
}

BOOST_AUTO_TEST_CASE(a_bouncer_that_cannot_start_throws) {
  boost::asio::io_context io;
  auto config = Fixture::config({{"token", {""}}});
  BOOST_CHECK_THROW(
      job::BouncerJob(
          io, config, FLU_MODULE_TOKEN_BOUNCER, [](const std::string &) {}, nullptr),
      std::runtime_error);
}
