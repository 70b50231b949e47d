// A real Icecast server (Debian's icecast2) on a free loopback port, and
// sources for it (ffmpeg -re from a test signal), for the icecast-producer's
// tests, and a TLS server in front of it (stunnel). Icecast will not run as root: it is
// told to change to its own system user, so its directory is writable by all.
#pragma once

#include "free_port.hpp"
#include "process.hpp"
#include "temp_dir.hpp"
#include "wait.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace flu::test {

class IcecastServer {
public:
  IcecastServer() : port_(free_tcp_port()) {
    std::filesystem::permissions(dir_.path(), std::filesystem::perms::all);
    const auto config = dir_.file("icecast.xml");
    std::ofstream(config)
        << "<icecast><limits><sources>4</sources><source-timeout>3</source-timeout>"
           "</limits><authentication><source-password>hackme</source-password>"
           "<admin-user>admin</admin-user><admin-password>hackme</admin-password>"
           "</authentication><hostname>127.0.0.1</hostname><listen-socket><port>"
        << port_
        << "</port><bind-address>127.0.0.1</bind-address></listen-socket>"
           "<fileserve>0</fileserve><paths><basedir>/usr/share/icecast2</basedir>"
           "<logdir>"
        << dir_.path().string()
        << "</logdir><webroot>/usr/share/icecast2/web</webroot>"
           "<adminroot>/usr/share/icecast2/admin</adminroot></paths><logging>"
           "<accesslog>access.log</accesslog><errorlog>error.log</errorlog>"
           "<loglevel>3</loglevel></logging><security><chroot>0</chroot>"
           "<changeowner><user>icecast2</user><group>icecast</group></changeowner>"
           "</security></icecast>\n";
    server_ = std::make_unique<Process>(
        std::vector<std::string>{"/usr/bin/icecast2", "-c", config.string()},
        SpawnOptions{dir_.file("icecast.out"), dir_.file("icecast.err"), {}, true});
    BOOST_TEST_REQUIRE(
        poll_until([this] { return status("/status-json.xsl") == "200"; }, 10s, 100ms),
        "icecast2 did not start: " + server_->err());
  }

  std::string url(const std::string &mount) const {
    return "http://127.0.0.1:" + std::to_string(port_) + mount;
  }
  uint16_t port() const { return port_; }

  // The HTTP status a listener gets for `path` ("000" when nothing answers).
  std::string status(const std::string &path) const {
    return run({"/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "--max-time", "1", url(path)},
               5s)
        .out;
  }

  // ffmpeg sending a live test signal to `mount` in real time: "webm" (VP8
  // and Opus), "ogg" (Vorbis) or "ogg-av" (Theora and Vorbis). Returns once
  // listeners can get it.
  void start_source(const std::string &mount, const std::string &format) {
    std::vector<std::string> argv{"/usr/bin/ffmpeg", "-hide_banner", "-loglevel", "error",
                                  "-re"};
    // The picture and the tone the audio-video formats encode.
    auto test_signal = [&](const std::string &sample_rate) {
      argv.insert(argv.end(),
                  {"-f", "lavfi", "-i", "testsrc=size=160x120:rate=15", "-f", "lavfi",
                   "-i", "sine=frequency=440:sample_rate=" + sample_rate});
    };
    if (format == "webm") {
      test_signal("48000");
      argv.insert(argv.end(), {"-c:v", "libvpx", "-g", "15", "-b:v", "150k", "-c:a",
                               "libopus", "-f", "webm", "-content_type", "video/webm"});
    } else if (format == "ogg-av") {
      test_signal("44100");
      argv.insert(argv.end(), {"-c:v", "libtheora", "-g", "15", "-q:v", "5", "-c:a",
                               "libvorbis", "-f", "ogg", "-content_type", "video/ogg"});
    } else {
      argv.insert(argv.end(),
                  {"-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-c:a",
                   "libvorbis", "-f", "ogg", "-content_type", "application/ogg"});
    }
    argv.push_back("icecast://source:hackme@127.0.0.1:" + std::to_string(port_) + mount);
    source_ = std::make_unique<Process>(
        argv, SpawnOptions{dir_.file("source.out"), dir_.file("source.err"), {}, true});
    BOOST_TEST_REQUIRE(poll_until([&] { return status(mount) == "200"; }, 10s, 100ms),
                       "the source did not reach icecast2: " + source_->err());
  }

  // The source goes away (SIGKILL, as a crash); listeners lose the mount.
  void kill_source() {
    source_->signal(SIGKILL);
    source_->stop(1s);
    source_.reset();
  }

private:
  TempDir dir_{"flu-icecast"};
  uint16_t port_;
  std::unique_ptr<Process> server_;
  std::unique_ptr<Process> source_;
};

// A TLS server in front of a plain HTTP one on loopback: Debian's stunnel4
// with a self-signed certificate made here by openssl for 127.0.0.1 (its
// own CA: a client trusts it by taking it as its CA file). https://
// 127.0.0.1:PORT/PATH reaches http://127.0.0.1:BACKEND/PATH.
class TlsFront {
public:
  explicit TlsFront(uint16_t backend) : port_(free_tcp_port()) {
    const auto made = run({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048",
                           "-nodes", "-days", "2", "-subj", "/CN=flu test server",
                           "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                           key().string(), "-out", certificate()},
                          30s);
    BOOST_TEST_REQUIRE(made.exited_ok(), "openssl: " + made.err);
    const auto config = dir_.file("stunnel.conf");
    std::ofstream(config) << "foreground = yes\npid =\n[https]\naccept = 127.0.0.1:"
                          << port_ << "\nconnect = 127.0.0.1:" << backend
                          << "\ncert = " << certificate() << "\nkey = " << key().string()
                          << "\n";
    server_ = std::make_unique<Process>(
        std::vector<std::string>{"/usr/bin/stunnel4", config.string()},
        SpawnOptions{dir_.file("stunnel.out"), dir_.file("stunnel.err"), {}, true});
    // Ready when a client trusting the certificate gets an answer through it.
    BOOST_TEST_REQUIRE(poll_until(
                           [this] {
                             return run({"/usr/bin/curl", "-s", "-o", "/dev/null", "-w",
                                         "%{http_code}", "--max-time", "1", "--cacert",
                                         certificate(), url("/")},
                                        5s)
                                        .out != "000";
                           },
                           10s, 100ms),
                       "stunnel did not start: " + server_->err());
  }

  std::string url(const std::string &path) const {
    return "https://127.0.0.1:" + std::to_string(port_) + path;
  }
  // The server's certificate, PEM: the CA file a client trusts it by.
  std::string certificate() const { return dir_.file("server.pem").string(); }

private:
  std::filesystem::path key() const { return dir_.file("server.key"); }

  TempDir dir_{"flu-tls"};
  uint16_t port_;
  std::unique_ptr<Process> server_;
};

} // namespace flu::test
