// shout2-consumer in a real flu-job against a real Icecast (Debian's
// icecast2, started here): the stream reaches the mount with its name,
// genre, description and URL, ffprobe reads it back from Icecast; Icecast
// restarted, the push comes back by itself after backing off; a wrong
// password is refused with a message naming the server and the mount.
#define BOOST_TEST_MODULE shout2_consumer
#include "../standalone_job.hpp"
#include "free_port.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

using namespace flu::modules::test;

namespace {

const std::string webm_feed =
    "videotestsrc is-live=true pattern=ball ! "
    "video/x-raw,width=160,height=120,framerate=30/1 "
    "! vp8enc deadline=1 cpu-used=8 keyframe-max-dist=15 ! webmmux streamable=true "
    "! gdppay ! gdpdepay";

bool accepts(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0;
  close(fd);
  return ok;
}

// Debian's icecast2 on a port of its own, as nobody (it will not run as root).
class Icecast {
public:
  explicit Icecast(const ScratchDir &dir)
      : port_(flu::test::free_tcp_port()), config_(dir / "icecast.xml"),
        log_(dir / "icecast.log") {
    std::ofstream(config_)
        << "<icecast><limits><sources>2</sources></limits>"
           "<authentication><source-password>hackme</source-password>"
           "<admin-user>admin</admin-user><admin-password>admin-secret</admin-password>"
           "</authentication><hostname>127.0.0.1</hostname>"
           "<listen-socket><port>"
        << port_
        << "</port><bind-address>127.0.0.1</bind-address></listen-socket>"
           "<paths><basedir>/usr/share/icecast2</basedir><logdir>/tmp</logdir>"
           "<webroot>/usr/share/icecast2/web</webroot>"
           "<adminroot>/usr/share/icecast2/admin</adminroot></paths>"
           "<logging><accesslog>-</accesslog><errorlog>-</errorlog><loglevel>3</loglevel>"
           "</logging><security><chroot>0</chroot>"
           "<changeowner><user>nobody</user><group>nogroup</group></changeowner>"
           "</security></icecast>";
    start();
  }
  ~Icecast() { stop(); }

  void start() {
    pid_ = fork();
    if (pid_ == 0) {
      const int fd = open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      execlp("icecast2", "icecast2", "-c", config_.c_str(), nullptr);
      _exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!accepts(port_) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(50ms);
    BOOST_TEST_REQUIRE(accepts(port_), "icecast2 did not start: " << read_file(log_));
  }
  void stop() {
    if (pid_ <= 0)
      return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

  uint16_t port() const { return port_; }
  std::string url(const std::string &mount) const {
    return "http://127.0.0.1:" + std::to_string(port_) + mount;
  }

private:
  uint16_t port_;
  std::string config_, log_;
  pid_t pid_ = 0;
};

std::vector<std::string> args(const Icecast &icecast, const std::string &password) {
  return {"--type",     "shout2-consumer",
          "--eater",    "default=" + webm_feed,
          "--property", "ip=127.0.0.1",
          "--property", "port=" + std::to_string(icecast.port()),
          "--property", "mount-point=/live.webm",
          "--property", "password=" + password,
          "--property", "short-name=Flu test stream",
          "--property", "description=A ball, bouncing",
          "--property", "genre=Testing",
          "--property", "url=http://flu.example/"};
}

// What ffprobe reads back from the mount: the codec of its first video stream.
std::string served_codec(const Icecast &icecast) {
  return probe(icecast.url("/live.webm"), "v", "codec_name");
}

} // namespace

BOOST_AUTO_TEST_CASE(pushes_to_icecast_and_comes_back_after_a_restart) {
  ScratchDir dir;
  Icecast icecast(dir);
  StandaloneJob job(dir, args(icecast, "hackme"));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("connected") == "true"; }, 30s),
                     FLU_LATER(job.output()));
  BOOST_TEST(served_codec(icecast) == "vp8");
  // Decodes from Icecast: two seconds of it, without an error.
  const std::string errors = run("ffmpeg -nostdin -v error -t 2 -i " +
                                 icecast.url("/live.webm") + " -f null - 2>&1");
  BOOST_TEST(errors.empty(), errors);
  const std::string status = run("curl -s " + icecast.url("/status-json.xsl"));
  BOOST_TEST(contains(status, "\"server_name\":\"Flu test stream\""), status);
  BOOST_TEST(contains(status, "\"genre\":\"Testing\""), status);
  BOOST_TEST(contains(status, "\"server_description\":\"A ball, bouncing\""), status);
  BOOST_TEST(contains(status, "\"server_type\":\"video/webm\""), status);
  BOOST_TEST(contains(status, "\"server_url\":\"http://flu.example/\""), status);

  // Icecast goes away: the push backs off (1 s, then 2 s...) and comes back
  // by itself once Icecast is there again.
  icecast.stop();
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("connected") == "false"; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("retry-seconds") == "2"; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "Cannot stream to " + icecast.url("/live.webm")),
             FLU_LATER(job.output()));
  icecast.start();
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("connections") == "2"; }, 40s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.ui("connected") == "true");
  BOOST_TEST(served_codec(icecast) == "vp8");
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(a_wrong_password_is_refused_with_a_message) {
  ScratchDir dir;
  Icecast icecast(dir);
  StandaloneJob job(dir, args(icecast, "not-the-password"));
  const std::string expected = "Cannot stream to " + icecast.url("/live.webm") +
                               ": the server refused the password (401";
  BOOST_TEST_REQUIRE(
      job.wait_until([&] { return contains(job.output(), expected); }, 30s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.ui("connected") != "true");
  // The feed goes on; the component stays up and keeps trying.
  BOOST_TEST(contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(refuses_a_wrong_mount) {
  expect_refused({"--type", "shout2-consumer", "--eater", "default=" + webm_feed,
                  "--property", "mount-point=live"},
                 "mount-point must be a path such as /live.webm, not 'live'");
}
