// The porter in a standalone flu-job with http-streamer jobs (type slave)
// behind it: one public port, each path its own streamer, the sockets
// passed over the porter's Unix socket. Checked with curl and raw sockets.
#define BOOST_TEST_MODULE porter
#include "../http-streamer/streamer_process.hpp"
#include "keycard/keycard.hpp"
#include "porter_job.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>

using namespace flu::modules::test;
namespace fs = std::filesystem;

namespace {

// An http-streamer job (type slave) behind the porter, registered.
class SlaveStreamer {
public:
  SlaveStreamer(const PorterJob &porter, const std::string &mount,
                const std::string &feed, const std::string &password = kPassword,
                bool wait = true) {
    job_ = std::make_unique<StandaloneJob>(
        dir_, std::vector<std::string>{
                  "--module", FLU_MODULE_HTTP_STREAMER, "--type", "http-streamer",
                  "--property", "type=slave", "--property", "mount-point=" + mount,
                  "--property", "porter-socket-path=" + porter.socket(), "--property",
                  "porter-username=" + kUser, "--property", "porter-password=" + password,
                  "--eater", "default=" + feed});
    if (wait)
      BOOST_TEST_REQUIRE(job_->wait_until(
                             [&] {
                               const std::string out = job_->output();
                               return contains(out, "registered with the porter") &&
                                      contains(out, "serving ");
                             },
                             20s),
                         FLU_LATER(job_->output()));
  }
  StandaloneJob &job() { return *job_; }

private:
  ScratchDir dir_;
  std::unique_ptr<StandaloneJob> job_;
};

std::string status_of(const std::string &url) {
  return run("curl -s -o /dev/null -w '%{http_code}' --max-time 5 '" + url + "'");
}

bool starts_with(const std::string &data, const std::string &magic) {
  return data.compare(0, magic.size(), magic) == 0;
}

const std::string kEbml = "\x1a\x45\xdf\xa3";

// A TCP connection from a chosen loopback address, left as it is.
int connect_from(const std::string &source, int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr *>(&from), sizeof from) != 0 ||
      connect(fd, reinterpret_cast<sockaddr *>(&to), sizeof to) != 0) {
    close(fd);
    return -1;
  }
  timeval tv{8, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

std::string read_all(int fd) {
  std::string out;
  char buffer[4096];
  for (;;) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0)
      return out;
    out.append(buffer, static_cast<size_t>(n));
  }
}

} // namespace

// Two streamers and an on-demand server (http-server, type slave) behind
// one port, fetched at once: each path its own stream or file.
BOOST_AUTO_TEST_CASE(two_streamers_and_an_on_demand_server_behind_one_port) {
  PorterJob porter;
  ScratchDir out;
  std::optional<SlaveStreamer> video(std::in_place, porter, "/video.webm",
                                     webm_video_feed);
  SlaveStreamer audio(porter, "/radio.ogg", ogg_audio_feed);
  ScratchDir files;
  std::string clip(300000, '\0');
  for (size_t i = 0; i < clip.size(); ++i)
    clip[i] = static_cast<char>((i * 2654435761u) >> 13);
  std::ofstream(files / "clip.bin", std::ios::binary) << clip;
  ScratchDir server_dir;
  StandaloneJob server(
      server_dir,
      {"--module", FLU_MODULE_HTTP_SERVER, "--type", "http-server", "--property",
       "path=" + files.path().string(), "--property", "mount-point=/files", "--property",
       "type=slave", "--property", "porter-socket-path=" + porter.socket(), "--property",
       "porter-username=" + kUser, "--property", "porter-password=" + kPassword});
  BOOST_TEST_REQUIRE(
      server.wait_until([&] { return contains(server.output(), "through the porter"); },
                        20s),
      FLU_LATER(server.output()));

  // Concurrently: each path its own stream or file, an unregistered one a 404.
  const std::string a = (out / "a").string(), b = (out / "b").string(),
                    c = (out / "c").string();
  const std::string codes =
      run("curl -s --max-time 2 -o " + a + " '" + porter.url("/video.webm") +
          "' & curl -s " + "--max-time 2 -o " + b + " '" + porter.url("/radio.ogg") +
          "' & curl -s --max-time 5 -o " + c + " '" + porter.url("/files/clip.bin") +
          "' & curl -s -o /dev/null " + "-w '%{http_code}' --max-time 5 '" +
          porter.url("/nobody") + "'; wait");
  BOOST_TEST(codes == "404");
  BOOST_TEST(starts_with(read_file(a), kEbml), read_file(a).size());
  BOOST_TEST(starts_with(read_file(b), "OggS"), read_file(b).size());
  BOOST_TEST((read_file(c) == clip), read_file(c).size());
  // The query string does not change the route; the streamer still sees it.
  BOOST_TEST(run("curl -s -o /dev/null -w '%{http_code}' --max-time 1 '" +
                 porter.url("/radio.ogg?x=1") + "'") == "200");
  BOOST_TEST(porter.job().wait_until(
      [&] {
        const std::string n = porter.job().ui("connections-handed-over");
        return !n.empty() && std::stoull(n) >= 4;
      },
      10s));

  // The video streamer dies: its path is free at once, the other one serves on.
  video.reset();
  BOOST_TEST(porter.job().wait_until(
                 [&] { return status_of(porter.url("/video.webm")) == "404"; }, 10s),
             FLU_LATER(porter.job().output()));
  BOOST_TEST(starts_with(run("curl -s --max-time 1 '" + porter.url("/radio.ogg") + "'"),
                         "OggS"));
  // A new one takes the path back.
  video.emplace(porter, "/video.webm", webm_video_feed);
  BOOST_TEST(starts_with(run("curl -s --max-time 2 '" + porter.url("/video.webm") + "'"),
                         kEbml));
  BOOST_TEST(contains(porter.job().output(), "mood: happy"));
}

BOOST_AUTO_TEST_CASE(wrong_password_takes_no_path) {
  PorterJob porter;
  SlaveStreamer intruder(porter, "/video.webm", webm_video_feed, "guess", false);
  BOOST_TEST_REQUIRE(
      intruder.job().wait_until(
          [&] { return contains(intruder.job().output(), "wrong username or password"); },
          20s),
      FLU_LATER(intruder.job().output()));
  BOOST_TEST(status_of(porter.url("/video.webm")) == "404");
  // The porter said why in its log, and the streamer keeps running (it
  // retries: the password may be fixed in the porter).
  BOOST_TEST(contains(porter.job().output(), "wrong username or password"));
  BOOST_TEST(intruder.job().wait_until(
                 [&] {
                   return contains(intruder.job().ui("porter"),
                                   "wrong username or password");
                 },
                 5s),
             FLU_LATER(intruder.job().output()));
}

// Streamers log in under a keycard: the porter's bouncer (a real
// htpasswd-bouncer in its job) decides on their porter-username and
// porter-password; a wrong password takes no path.
BOOST_AUTO_TEST_CASE(streamers_log_in_with_a_keycard_from_the_bouncer) {
  PorterJob porter({"bouncer=streamers"}, FLU_MODULE,
                   {"--bouncer",
                    "streamers=" FLU_MODULE_HTPASSWD_BOUNCER ":htpasswd-bouncer",
                    "--bouncer-property",
                    "streamers:data=" + kUser + ":" +
                        flu::keycard::make_crypt_hash("keycard-secret")});
  SlaveStreamer streamer(porter, "/video.webm", webm_video_feed, "keycard-secret");
  BOOST_TEST(contains(porter.job().output(), "logged in (keycard from streamers)"),
             FLU_LATER(porter.job().output()));
  BOOST_TEST(status_of(porter.url("/video.webm")) == "200");

  // The porter's own username/password no longer let a streamer in.
  SlaveStreamer intruder(porter, "/audio.ogg", webm_video_feed, kPassword, false);
  BOOST_TEST_REQUIRE(
      intruder.job().wait_until(
          [&] { return contains(intruder.job().output(), "wrong username or password"); },
          20s),
      FLU_LATER(intruder.job().output()));
  BOOST_TEST(contains(porter.job().output(), "refused '" + kUser + "'"),
             FLU_LATER(porter.job().output()));
  BOOST_TEST(status_of(porter.url("/audio.ogg")) == "404");
}

// The keycard a streamer logged in with expires (flu-command expire, or its
// duration): the porter ends that login and frees its paths; the streamer
// logs in again and the bouncer decides anew. Revoked from the htpasswd
// file, it is refused and its path 404s; given back, it serves again. A
// viewer already handed over stays: the porter no longer holds its socket.
BOOST_AUTO_TEST_CASE(an_expired_keycard_ends_a_streamers_login) {
  ScratchDir dir;
  const std::string users = (dir / "streamers.htpasswd").string();
  const std::string entry = kUser + ":" + flu::keycard::make_crypt_hash("keycard-secret");
  const auto write_users = [&](const std::string &text) {
    const auto before =
        fs::exists(users) ? fs::last_write_time(users) : fs::file_time_type::min();
    std::ofstream(users) << text << "\n";
    // The bouncer rereads the file when its time changes: make sure it does.
    if (fs::last_write_time(users) <= before)
      fs::last_write_time(users, before + 1s);
  };
  write_users(entry);
  PorterJob porter({"bouncer=streamers"}, FLU_MODULE,
                   {"--bouncer",
                    "streamers=" FLU_MODULE_HTPASSWD_BOUNCER ":htpasswd-bouncer",
                    "--bouncer-property", "streamers:filename=" + users});
  SlaveStreamer streamer(porter, "/video.webm", webm_video_feed, "keycard-secret");
  const std::regex granted("keycard: (\\S+) authenticated by streamers for password " +
                           kUser + " ");
  std::smatch m;
  const std::string first_log = porter.job().output();
  BOOST_TEST_REQUIRE(std::regex_search(first_log, m, granted), first_log);
  const std::string keycard = m[1];

  // A viewer, handed over before the expiry.
  const int viewer = connect_from("127.0.0.1", porter.port());
  const std::string get = "GET /video.webm HTTP/1.0\r\n\r\n";
  BOOST_TEST_REQUIRE(send(viewer, get.data(), get.size(), MSG_NOSIGNAL) > 0);
  char chunk[4096];
  BOOST_TEST_REQUIRE(recv(viewer, chunk, sizeof chunk, 0) > 0);

  write_users("someone-else:" + flu::keycard::make_crypt_hash("other"));
  porter.job().command("expire " + keycard);
  BOOST_TEST_REQUIRE(porter.job().wait_until(
                         [&] {
                           return contains(
                               porter.job().output(),
                               "porter-keycard-expired: Streamer 1 ('" + kUser +
                                   "') lost its login: its keycard " + keycard +
                                   " from streamers expired; /video.webm freed");
                         },
                         10s),
                     FLU_LATER(porter.job().output()));
  BOOST_TEST(streamer.job().wait_until(
                 [&] {
                   return contains(streamer.job().output(),
                                   "the porter ended our login: your keycard " + keycard +
                                       " expired");
                 },
                 10s),
             FLU_LATER(streamer.job().output()));
  // Its next login is refused by the bouncer: the path is nobody's.
  BOOST_TEST_REQUIRE(porter.job().wait_until(
                         [&] {
                           return contains(porter.job().output(),
                                           "refused '" + kUser + "': unknown user");
                         },
                         10s),
                     FLU_LATER(porter.job().output()));
  BOOST_TEST(status_of(porter.url("/video.webm")) == "404");
  BOOST_TEST(
      porter.job().wait_until([&] { return porter.job().ui("streamers") == "0"; }, 5s),
      FLU_LATER(porter.job().output()));

  // The viewer handed over before plays on.
  size_t more = 0;
  for (int i = 0; i < 50 && more < 2 * sizeof chunk; ++i) {
    const ssize_t n = recv(viewer, chunk, sizeof chunk, 0);
    if (n <= 0)
      break;
    more += static_cast<size_t>(n);
  }
  BOOST_TEST(more >= 2 * sizeof chunk);
  close(viewer);

  // Given back its password, the streamer logs in under a new keycard and
  // takes its path again.
  write_users(entry);
  BOOST_TEST_REQUIRE(porter.job().wait_until(
                         [&] {
                           return starts_with(run("curl -s --max-time 1 '" +
                                                  porter.url("/video.webm") + "'"),
                                              kEbml);
                         },
                         15s),
                     FLU_LATER(porter.job().output()));
  const std::string log = porter.job().output();
  std::vector<std::string> keycards;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), granted);
       it != std::sregex_iterator(); ++it)
    keycards.push_back((*it)[1]);
  BOOST_TEST_REQUIRE(keycards.size() == 2u, log);
  BOOST_TEST(keycards[1] != keycard);
}

BOOST_AUTO_TEST_CASE(garbage_slow_and_idle_clients_do_not_hold_it) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 8192);
  setrlimit(RLIMIT_NOFILE, &limit);

  PorterJob porter({"request-timeout=2", "max-pending-connections=1000",
                    "max-pending-per-address=50"});
  SlaveStreamer audio(porter, "/radio.ogg", ogg_audio_feed);

  // A streamer-side peer that speaks nonsense, and one that never logs in.
  const int bad = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, porter.socket().c_str(), sizeof address.sun_path - 1);
  BOOST_TEST_REQUIRE(
      connect(bad, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0);
  const std::string nonsense = "REGISTER\n/radio.ogg"; // before LOGIN
  BOOST_TEST(send(bad, nonsense.data(), nonsense.size(), MSG_NOSIGNAL) > 0);
  char answer[256] = {};
  BOOST_TEST(recv(bad, answer, sizeof answer, 0) > 0);
  BOOST_TEST(std::string(answer).find("ERROR") == 0);
  close(bad);

  // Two thousand silent connections from forty addresses (the per-address
  // cap refuses what is over it, the total cap evicts the oldest).
  std::vector<int> idle;
  for (int host = 1; host <= 40; ++host)
    for (int i = 0; i < 60; ++i)
      if (const int fd = connect_from("127.0.1." + std::to_string(host), porter.port());
          fd >= 0)
        idle.push_back(fd);
  BOOST_TEST(idle.size() >= 2000u);

  // Garbage gets a 400; a head that never ends is closed at the timeout.
  const int garbage = connect_from("127.0.0.1", porter.port());
  const std::string junk = std::string("\x16\x03\x01\x00\xff junk\r\n\r\n", 14);
  BOOST_TEST(send(garbage, junk.data(), junk.size(), MSG_NOSIGNAL) > 0);
  BOOST_TEST(starts_with(read_all(garbage), "HTTP/1.0 400"));
  close(garbage);
  const int slow = connect_from("127.0.0.1", porter.port());
  const std::string part = "GET /radio.ogg HT";
  BOOST_TEST(send(slow, part.data(), part.size(), MSG_NOSIGNAL) > 0);
  const auto before = std::chrono::steady_clock::now();
  BOOST_TEST(read_all(slow).empty()); // closed, unanswered
  BOOST_TEST((std::chrono::steady_clock::now() - before < 6s));
  close(slow);

  // Meanwhile a viewer who asks gets the stream, and a stranger a 404.
  BOOST_TEST(starts_with(run("curl -s --max-time 1 '" + porter.url("/radio.ogg") + "'"),
                         "OggS"));
  BOOST_TEST(status_of(porter.url("/nobody")) == "404");
  BOOST_TEST(porter.job().wait_until(
                 [&] {
                   const std::string refused = porter.job().ui("connections-refused");
                   return !refused.empty() && std::stoull(refused) >= 1000;
                 },
                 10s),
             FLU_LATER(porter.job().output()));
  const std::string pending = porter.job().ui("connections-pending");
  BOOST_TEST((!pending.empty() && std::stoull(pending) <= 1000), pending);
  for (const int fd : idle)
    close(fd);
  BOOST_TEST(contains(porter.job().output(), "mood: happy"));
  BOOST_TEST(porter.job().stop() == 0, FLU_LATER(porter.job().output()));
}

BOOST_AUTO_TEST_CASE(porter_without_credentials_is_refused) {
  ScratchDir dir;
  expect_refused({"--type", "porter", "--property", "port=0", "--property",
                  "socket-path=" + (dir / "p.sock").string()},
                 "needs 'username' and 'password'");
}
