// Both ends of an FGDP link in real flu-jobs on loopback: an origin's
// fgdp-consumer sends a live WebM feed to an edge's fgdp-producer that
// starts late; the edge feeds it on with the origin's caps and stream
// headers, and it decodes. The link cut (the edge's job killed, then the
// origin's) and restored, the other side picks up by itself, hungry while
// the link is down (naming the peer) and happy again once it is back. The
// producer may be the one that connects (a site behind a firewall). A wrong
// secret is refused on both sides with a message, and the side that
// connected is sad. With a keycard, the edge asks its
// planet's bouncer (a real htpasswd-bouncer in the edge's job) and a wrong
// password is refused on both sides, each naming the other. The edge's
// buffers are the origin's, timestamps and all, across links made again.
#define BOOST_TEST_MODULE fgdp
#include "../gdp_feed.hpp"
#include "../standalone_job.hpp"
#include "free_port.hpp"

#include <crypt.h>

#include <cstdlib>
#include <map>
#include <memory>

using namespace flu::modules::test;

namespace {

const std::string webm_feed =
    "videotestsrc is-live=true pattern=ball ! "
    "video/x-raw,width=160,height=120,framerate=30/1 "
    "! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=10 ! webmmux streamable=true "
    "! gdppay ! gdpdepay";

// A port the kernel had free (a random one could be any test's ephemeral
// port, or the last case's).
uint16_t some_port() { return flu::test::free_tcp_port(); }

std::vector<std::string> origin(uint16_t port, const std::string &mode,
                                const std::string &password = "s3cret") {
  std::vector<std::string> a = {
      "--module",   FLU_MODULE_FGDP_CONSUMER,       "--type",     "fgdp-consumer",
      "--eater",    "default=" + webm_feed,         "--property", "mode=" + mode,
      "--property", "port=" + std::to_string(port), "--property", "password=" + password,
      "--property", "max-reconnection-delay=2"};
  if (mode == "push")
    a.insert(a.end(), {"--property", "host=127.0.0.1"});
  return a;
}

std::vector<std::string> edge(uint16_t port, const std::string &mode,
                              const std::string &dump,
                              const std::string &password = "s3cret") {
  std::vector<std::string> a = {"--type",
                                "fgdp-producer",
                                "--feeder",
                                "default=gdppay ! filesink sync=false "
                                "buffer-mode=2 location=" +
                                    dump,
                                "--property",
                                "mode=" + mode,
                                "--property",
                                "port=" + std::to_string(port),
                                "--property",
                                "password=" + password,
                                "--property",
                                "max-reconnection-delay=2"};
  if (mode == "push")
    a.insert(a.end(), {"--property", "host=127.0.0.1"});
  return a;
}

// Keyframes the edge fed on so far.
size_t sync_points(const std::string &dump) {
  if (!std::filesystem::exists(dump))
    return 0;
  size_t n = 0;
  for (const auto &b : read_gdp_feed(dump).media())
    n += !b.delta;
  return n;
}

// What an edge's streamer gets: the origin's caps with its stream headers,
// and a stream that decodes.
void check_fed(const std::string &dump) {
  const Feed feed = read_gdp_feed(dump);
  BOOST_TEST(feed.streamheader_head.rfind("\x1a\x45\xdf\xa3", 0) == 0u);
  const auto media = feed.media();
  BOOST_TEST_REQUIRE(!media.empty());
  BOOST_TEST(contains(media.back().caps, "video/webm"), media.back().caps);
  BOOST_TEST(contains(media.back().caps, "streamheader="), media.back().caps);
  const std::string decoded = run("gst-launch-1.0 -q filesrc location=" + dump +
                                  " ! gdpdepay ! matroskademux ! vp8dec ! fakesink 2>&1; "
                                  "echo exit=$?");
  BOOST_TEST(contains(decoded, "exit=0"), decoded);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_late_edge_gets_the_stream_and_both_sides_recover_from_cuts) {
  // Each job logs into a directory of its own.
  ScratchDir dir, origin1, origin2, edge1, edge2;
  const uint16_t port = some_port();
  StandaloneJob sender(origin1, origin(port, "push"));
  // No edge yet: the origin backs off and tries again.
  BOOST_TEST_REQUIRE(
      sender.wait_until([&] { return !sender.ui("retry-seconds").empty(); }, 20s),
      FLU_LATER(sender.output()));
  // Meanwhile it is hungry (not sad), the message naming where it feeds.
  const std::string producer_at = "fgdp-producer at 127.0.0.1:" + std::to_string(port);
  BOOST_TEST_REQUIRE(sender.wait_until([&] { return sender.mood() == "hungry"; }, 10s),
                     FLU_LATER(sender.output()));
  BOOST_TEST(contains(sender.output(), "note: 2 hungry: Cannot feed the " + producer_at +
                                           ": cannot connect: "),
             FLU_LATER(sender.output()));

  const std::string dump1 = dir / "edge1.gdp";
  auto receiver = std::make_unique<StandaloneJob>(edge1, edge(port, "pull", dump1));
  BOOST_TEST_REQUIRE(receiver->wait_until([&] { return sync_points(dump1) >= 2; }, 30s),
                     FLU_LATER(receiver->output() + sender.output()));
  check_fed(dump1);
  // Linked: happy again, the message replaced by one saying so.
  BOOST_TEST(sender.wait_until([&] { return sender.mood() == "happy"; }, 10s),
             FLU_LATER(sender.output()));
  BOOST_TEST(
      contains(sender.output(), "note: 3 hungry: " + producer_at + ": connected again"),
      FLU_LATER(sender.output()));

  // The edge's job dies; a new one starts: the origin finds it by itself.
  receiver.reset();
  BOOST_TEST_REQUIRE(
      sender.wait_until([&] { return sender.ui("connected") == "false"; }, 20s),
      FLU_LATER(sender.output()));
  BOOST_TEST(sender.wait_until([&] { return sender.mood() == "hungry"; }, 10s),
             FLU_LATER(sender.output()));
  const std::string dump2 = dir / "edge2.gdp";
  const auto restarted = std::chrono::steady_clock::now();
  receiver = std::make_unique<StandaloneJob>(edge2, edge(port, "pull", dump2));
  BOOST_TEST_REQUIRE(receiver->wait_until([&] { return sync_points(dump2) >= 1; }, 30s),
                     FLU_LATER(receiver->output() + sender.output()));
  BOOST_TEST_MESSAGE("the edge fed again "
                     << std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - restarted)
                            .count()
                     << " ms after its job restarted");
  BOOST_TEST(sender.wait_until([&] { return sender.ui("connections") == "2"; }, 5s));
  BOOST_TEST(sender.wait_until([&] { return sender.mood() == "happy"; }, 10s),
             FLU_LATER(sender.output()));

  // The origin's job dies and comes back: the edge, still running, is fed
  // again, with no operator. Meanwhile the edge is hungry, naming the
  // consumer it lost and the port it waits on.
  BOOST_TEST_REQUIRE(
      receiver->wait_until([&] { return receiver->mood() == "happy"; }, 10s),
      FLU_LATER(receiver->output()));
  BOOST_TEST(sender.stop() == 0, FLU_LATER(sender.output()));
  BOOST_TEST_REQUIRE(
      receiver->wait_until([&] { return receiver->ui("connected") == "false"; }, 20s),
      FLU_LATER(receiver->output()));
  BOOST_TEST_REQUIRE(
      receiver->wait_until([&] { return receiver->mood() == "hungry"; }, 10s),
      FLU_LATER(receiver->output()));
  BOOST_TEST(contains(receiver->output(),
                      "note: 2 hungry: Lost the fgdp-consumer at 127.0.0.1:"),
             FLU_LATER(receiver->output()));
  BOOST_TEST(
      contains(receiver->output(), "; waiting for it on port " + std::to_string(port)),
      FLU_LATER(receiver->output()));
  const size_t before = sync_points(dump2);
  StandaloneJob sender2(origin2, origin(port, "push"));
  BOOST_TEST_REQUIRE(
      receiver->wait_until([&] { return sync_points(dump2) >= before + 2; }, 30s),
      FLU_LATER(receiver->output() + sender2.output()));
  BOOST_TEST(
      receiver->wait_until([&] { return receiver->ui("connections") == "2"; }, 5s));
  BOOST_TEST(receiver->wait_until([&] { return receiver->mood() == "happy"; }, 10s),
             FLU_LATER(receiver->output()));
  BOOST_TEST(contains(receiver->output(), "note: 3 hungry: fgdp-consumer at 127.0.0.1:"),
             FLU_LATER(receiver->output()));
  BOOST_TEST(contains(receiver->output(), ": connected again"),
             FLU_LATER(receiver->output()));
  check_fed(dump2);
  BOOST_TEST(receiver->stop() == 0, FLU_LATER(receiver->output()));
}

BOOST_AUTO_TEST_CASE(a_firewalled_edge_connects_to_the_origin) {
  ScratchDir dir, origin_log, edge_log;
  const uint16_t port = some_port();
  StandaloneJob sender(origin_log, origin(port, "pull"));
  const std::string dump = dir / "edge.gdp";
  StandaloneJob receiver(edge_log, edge(port, "push", dump));
  BOOST_TEST_REQUIRE(receiver.wait_until([&] { return sync_points(dump) >= 2; }, 30s),
                     FLU_LATER(receiver.output() + sender.output()));
  check_fed(dump);
  BOOST_TEST(contains(sender.output(), "Feeding the fgdp-producer at"),
             FLU_LATER(sender.output()));
}

BOOST_AUTO_TEST_CASE(a_wrong_secret_is_refused_on_both_sides) {
  ScratchDir dir, origin_log, edge_log;
  const uint16_t port = some_port();
  const std::string dump = dir / "edge.gdp";
  StandaloneJob receiver(edge_log, edge(port, "pull", dump));
  StandaloneJob sender(origin_log, origin(port, "push", "not-the-secret"));
  const std::string refused_here = "Refused an fgdp-consumer from ";
  const std::string refused_there =
      "The fgdp-producer at 127.0.0.1:" + std::to_string(port) +
      " refused us: wrong credentials";
  BOOST_TEST_REQUIRE(
      sender.wait_until([&] { return contains(sender.output(), refused_there); }, 30s),
      FLU_LATER(sender.output()));
  BOOST_TEST_REQUIRE(receiver.wait_until(
                         [&] {
                           return contains(receiver.output(), refused_here) &&
                                  contains(receiver.output(), ": wrong credentials");
                         },
                         10s),
                     FLU_LATER(receiver.output()));
  BOOST_TEST(sync_points(dump) == 0u);
  BOOST_TEST(receiver.ui("connected") != "true");
  // Trying again would not mend a wrong secret: the side that connected
  // (sent there by its operator) is sad and ends; the listening side,
  // which cannot tell a misconfigured peer from a stranger, only warns.
  BOOST_TEST(sender.wait_until([&] { return sender.mood() == "sad"; }, 10s),
             FLU_LATER(sender.output()));
  BOOST_TEST(contains(sender.output(), "note: 1 fgdp-link: " + refused_there),
             FLU_LATER(sender.output()));
  BOOST_TEST(receiver.mood() != "sad", FLU_LATER(receiver.output()));
}

BOOST_AUTO_TEST_CASE(refuses_push_without_a_host) {
  expect_refused({"--type", "fgdp-producer", "--property", "mode=push", "--property",
                  "port=9", "--property", "password=x"},
                 "mode 'push' needs host, the peer to connect to");
  expect_refused({"--type", "fgdp-producer", "--property", "mode=sideways", "--property",
                  "port=9", "--property", "password=x"},
                 "mode must be 'push' (connect to host:port) or 'pull'");
}

namespace {

// The edge's job with the htpasswd-bouncer "links", which knows bob
// (builder), and asks it about the fgdp-consumers that connect.
std::vector<std::string> keycard_edge(uint16_t port, const std::string &dump) {
  struct crypt_data data = {};
  const std::string hash = crypt_r("builder", "$6$fgdpsalt$", &data);
  auto a = edge(port, "pull", dump, "");
  // No shared secret: the bouncer decides.
  for (auto it = a.begin(); it != a.end(); ++it)
    if (*it == "password=") {
      a.erase(it - 1, it + 1);
      break;
    }
  a.insert(a.end(), {"--property", "bouncer=links", "--bouncer",
                     "links=" FLU_MODULE_HTPASSWD_BOUNCER ":htpasswd-bouncer",
                     "--bouncer-property", "links:data=bob:" + hash});
  return a;
}

std::vector<std::string> keycard_origin(uint16_t port, const std::string &user,
                                        const std::string &password) {
  auto a = origin(port, "push", password);
  a.insert(a.end(),
           {"--property", "authentication=keycard", "--property", "username=" + user});
  return a;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_keycard_is_asked_of_the_edges_bouncer) {
  ScratchDir dir, origin_log, edge_log, wrong_log, stranger_log;
  const uint16_t port = some_port();
  const std::string dump = dir / "edge.gdp";
  StandaloneJob receiver(edge_log, keycard_edge(port, dump));
  StandaloneJob sender(origin_log, keycard_origin(port, "bob", "builder"));
  BOOST_TEST_REQUIRE(receiver.wait_until([&] { return sync_points(dump) >= 2; }, 30s),
                     FLU_LATER(receiver.output() + sender.output()));
  check_fed(dump);
  BOOST_TEST(contains(receiver.output(), "Fed by the fgdp-consumer at 127.0.0.1:"),
             FLU_LATER(receiver.output()));
  BOOST_TEST(contains(receiver.output(), "(user 'bob')"), FLU_LATER(receiver.output()));
  BOOST_TEST(sender.stop() == 0, FLU_LATER(sender.output()));

  // A wrong password: a message on both sides, each naming the other.
  StandaloneJob wrong(wrong_log, keycard_origin(port, "bob", "guess"));
  const std::string refused_there =
      "The fgdp-producer at 127.0.0.1:" + std::to_string(port) +
      " refused us: wrong credentials";
  BOOST_TEST_REQUIRE(
      wrong.wait_until([&] { return contains(wrong.output(), refused_there); }, 30s),
      FLU_LATER(wrong.output()));
  BOOST_TEST_REQUIRE(receiver.wait_until(
                         [&] {
                           return contains(receiver.output(),
                                           "Refused an fgdp-consumer from 127.0.0.1:") &&
                                  contains(receiver.output(),
                                           "the bouncer refused user 'bob'");
                         },
                         10s),
                     FLU_LATER(receiver.output()));
  // The refused link never counts as connected (the UI state may still
  // show bob's link, ended a moment ago).
  BOOST_TEST(receiver.wait_until([&] { return receiver.ui("connected") != "true"; }, 10s),
             FLU_LATER(receiver.output()));

  // A consumer that shares a secret is refused by an edge that asks for a
  // keycard: nothing is downgraded.
  StandaloneJob stranger(stranger_log, origin(port, "push", "builder"));
  BOOST_TEST_REQUIRE(stranger.wait_until(
                         [&] {
                           return contains(stranger.output(),
                                           "asks for a keycard, but this side shares a "
                                           "secret");
                         },
                         30s),
                     FLU_LATER(stranger.output()));
}

BOOST_AUTO_TEST_CASE(a_firewalled_edge_asks_its_bouncer_too) {
  ScratchDir dir, origin_log, edge_log;
  const uint16_t port = some_port();
  const std::string dump = dir / "edge.gdp";
  auto o = origin(port, "pull", "builder");
  o.insert(o.end(),
           {"--property", "authentication=keycard", "--property", "username=bob"});
  StandaloneJob sender(origin_log, o);
  auto e = keycard_edge(port, dump);
  for (auto &arg : e)
    if (arg == "mode=pull")
      arg = "mode=push";
  e.insert(e.end(), {"--property", "host=127.0.0.1"});
  StandaloneJob receiver(edge_log, e);
  BOOST_TEST_REQUIRE(receiver.wait_until([&] { return sync_points(dump) >= 2; }, 30s),
                     FLU_LATER(receiver.output() + sender.output()));
  BOOST_TEST(contains(receiver.output(), "(user 'bob')"), FLU_LATER(receiver.output()));
}

BOOST_AUTO_TEST_CASE(refuses_a_producer_with_neither_secret_nor_bouncer) {
  expect_refused({"--type", "fgdp-producer", "--property", "port=9"},
                 "password must be set: the secret both planets share (or bouncer, to "
                 "ask the planet's)");
  expect_refused({"--module", FLU_MODULE_FGDP_CONSUMER, "--type", "fgdp-consumer",
                  "--eater", "default=" + webm_feed, "--property", "host=127.0.0.1",
                  "--property", "port=9", "--property", "password=x", "--property",
                  "authentication=maybe"},
                 "authentication must be 'secret' or 'keycard', not 'maybe'");
}

BOOST_AUTO_TEST_CASE(an_expired_keycard_ends_the_link_and_the_consumer_asks_again) {
  ScratchDir dir, origin_log, edge_log;
  const uint16_t port = some_port();
  const std::string dump = dir / "edge.gdp";
  auto e = keycard_edge(port, dump);
  e.insert(e.end(), {"--bouncer-property", "links:duration=2"}); // keycards last 2 s
  StandaloneJob receiver(edge_log, e);
  StandaloneJob sender(origin_log, keycard_origin(port, "bob", "builder"));
  BOOST_TEST_REQUIRE(receiver.wait_until(
                         [&] {
                           return contains(receiver.output(), "its keycard expired") &&
                                  receiver.ui("connections") == "2" &&
                                  receiver.ui("connected") == "true";
                         },
                         30s),
                     FLU_LATER(receiver.output() + sender.output()));
  // The same feed, its caps again, goes on into the edge's feeder (a repeat
  // of the caps is dropped: gdppay would crash on it).
  const size_t before = sync_points(dump);
  BOOST_TEST(receiver.wait_until([&] { return sync_points(dump) >= before + 2; }, 10s),
             FLU_LATER(receiver.output()));
  check_fed(dump);
}

// The origin's feed and what the edge feeds on, buffer by buffer: the
// edge's buffers are the origin's, in order, with the same timestamps
// (PTS, DTS, duration), byte offsets, flags and bytes. The keycard lasts
// 2 s, so the link ends and is made again while both jobs run (a cut that
// no restart of either side hides): across it the edge's time goes on
// from the origin's clock, never back, and each new link starts at a
// keyframe.
BOOST_AUTO_TEST_CASE(the_edge_feeds_the_origins_timestamps) {
  ScratchDir dir, origin_log, edge_log;
  const uint16_t port = some_port();
  const std::string origin_dump = dir / "origin.gdp", edge_dump = dir / "edge.gdp";
  auto e = keycard_edge(port, edge_dump);
  e.insert(e.end(), {"--bouncer-property", "links:duration=2"});
  StandaloneJob receiver(edge_log, e);
  // The origin's eater also writes what it eats (the muxer's output, as
  // GDP keeps it) to a file.
  auto o = keycard_origin(port, "bob", "builder");
  const std::string muxed = " ! webmmux streamable=true ";
  std::string teed = webm_feed;
  teed.replace(teed.find(muxed), std::string::npos,
               muxed +
                   "! tee name=t t. ! queue ! gdppay ! filesink sync=false "
                   "buffer-mode=2 location=" +
                   origin_dump + " t. ! queue ! gdppay ! gdpdepay");
  for (auto &arg : o)
    if (arg == "default=" + webm_feed)
      arg = "default=" + teed;
  StandaloneJob sender(origin_log, o);
  BOOST_TEST_REQUIRE(receiver.wait_until(
                         [&] {
                           return std::atoi(receiver.ui("connections").c_str()) >= 3 &&
                                  receiver.ui("connected") == "true" &&
                                  sync_points(edge_dump) >= 4;
                         },
                         40s),
                     FLU_LATER(receiver.output() + sender.output()));
  // Fed for a while on the third link.
  const size_t fed = sync_points(edge_dump);
  BOOST_TEST_REQUIRE(
      receiver.wait_until([&] { return sync_points(edge_dump) >= fed + 2; }, 10s),
      FLU_LATER(receiver.output()));
  BOOST_TEST(receiver.stop() == 0, FLU_LATER(receiver.output()));
  BOOST_TEST(sender.stop() == 0, FLU_LATER(sender.output()));

  const auto sent = read_gdp_feed(origin_dump).media();
  const auto got = read_gdp_feed(edge_dump).media();
  BOOST_TEST_REQUIRE(!got.empty());
  BOOST_TEST_REQUIRE(!sent.empty());
  std::map<std::pair<uint64_t, size_t>, size_t> at; // (offset, size) -> index
  for (size_t i = 0; i < sent.size(); ++i)
    at[{sent[i].offset, sent[i].size}] = i;
  // The origin's record ends where its job stopped: what its file branch
  // still queued then is lost, though the link had sent it. The edge's
  // buffers past that end cannot be compared; they are only its last ones.
  const uint64_t recorded_end = sent.back().offset;
  size_t runs = 0, previous = 0, compared = 0, past_the_record = 0;
  uint64_t last_pts = 0;
  for (size_t k = 0; k < got.size(); ++k) {
    const FedBuffer &b = got[k];
    if (b.offset > recorded_end) {
      ++past_the_record;
      continue;
    }
    BOOST_TEST_REQUIRE(past_the_record == 0u, "the edge's buffer at byte "
                                                  << b.offset
                                                  << " comes after its later ones");
    const auto it = at.find({b.offset, b.size});
    BOOST_TEST_REQUIRE(bool(it != at.end()), "the edge's buffer "
                                                 << k << " at byte " << b.offset
                                                 << " is none of the origin's");
    const FedBuffer &a = sent[it->second];
    BOOST_TEST(b.bytes_hash == a.bytes_hash, "buffer at byte " << b.offset);
    BOOST_TEST(b.pts == a.pts, "buffer at byte " << b.offset);
    BOOST_TEST(b.dts == a.dts, "buffer at byte " << b.offset);
    BOOST_TEST(b.duration == a.duration, "buffer at byte " << b.offset);
    BOOST_TEST(b.offset_end == a.offset_end, "buffer at byte " << b.offset);
    BOOST_TEST(b.delta == a.delta, "buffer at byte " << b.offset);
    ++compared;
    if (k > 0) {
      BOOST_TEST_REQUIRE(it->second > previous,
                         "the edge's buffers out of order at byte " << b.offset);
      BOOST_TEST(b.pts >= last_pts, "the edge's time went back at byte " << b.offset);
    }
    // A buffer that does not follow the one before starts a new link: at a
    // keyframe.
    if (k == 0 || it->second != previous + 1) {
      ++runs;
      BOOST_TEST(!b.delta, "a link started at byte " << b.offset << ", not a keyframe");
    }
    previous = it->second;
    if (b.pts != GST_CLOCK_TIME_NONE)
      last_pts = b.pts;
  }
  BOOST_TEST(compared > got.size() / 2, compared << " of " << got.size() << " compared");
  BOOST_TEST_MESSAGE(compared << " buffers compared, " << past_the_record
                              << " past the origin's record, " << runs
                              << " runs (one per link, unless a link lost nothing)");
}
