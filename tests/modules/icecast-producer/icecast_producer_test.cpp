// icecast-producer in a real flu-job against a real icecast2 fed by ffmpeg:
// decoded and passed through; the source killed and started again is picked
// up without an operator; a refused URL is reported with its HTTP status;
// over https (stunnel in front of icecast2) the server's certificate is
// trusted by a CA file, and one that does not verify is named.
#define BOOST_TEST_MODULE icecast_producer
#include "../../e2e/inputs/icecast_server.hpp"
#include "../../e2e/inputs/timeline.hpp"
#include "../standalone_job.hpp"

using namespace flu::modules::test;

namespace {

size_t size_of(const std::string &file) {
  return std::filesystem::exists(file) ? std::filesystem::file_size(file) : 0;
}

// The producer pulling `url` (with `property` too) until 30 kB of its feed,
// FLAC in Matroska, are in `file`: connected, then stopped, happy.
// Returns what the job printed.
std::string pull_as_flac(const ScratchDir &dir, const std::string &url,
                         const std::string &property, const std::string &file) {
  StandaloneJob job(dir, {"--type", "icecast-producer", "--property", "url=" + url,
                          "--property", property, "--feeder",
                          file_feeder("flacenc ! matroskamux streamable=true", file)});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return size_of(file) > 30000; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.ui("source") == "connected", FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "mood: happy"), FLU_LATER(job.output()));
  return job.output();
}

} // namespace

BOOST_AUTO_TEST_CASE(decodes_the_audio_of_an_ogg_stream) {
  flu::test::IcecastServer icecast;
  icecast.start_source("/radio.ogg", "ogg");
  ScratchDir dir;
  const std::string file = dir / "feed.mkv";
  pull_as_flac(dir, icecast.url("/radio.ogg"), "samplerate=22050", file);
  BOOST_TEST(probe(file, "a", "codec_name") == "flac");
  BOOST_TEST(probe(file, "a", "sample_rate") == "22050");
}

BOOST_AUTO_TEST_CASE(passes_webm_through_with_its_headers) {
  flu::test::IcecastServer icecast;
  icecast.start_source("/live.webm", "webm");
  ScratchDir dir;
  const std::string file = dir / "feed.webm";
  run_until(dir,
            {"--type", "icecast-producer", "--property",
             "url=" + icecast.url("/live.webm"), "--property", "passthrough=true",
             "--feeder", "default=filesink sync=false buffer-mode=2 location=" + file},
            [&] { return keyframes(file).size() >= 30; });
  // The source's own VP8 and Opus, in WebM, starting with a key frame.
  BOOST_TEST(probe(file, "v", "codec_name") == "vp8");
  BOOST_TEST(probe(file, "a", "codec_name") == "opus");
  BOOST_TEST(probe(file, "v", "width") == "160");
  BOOST_TEST(keyframes(file).front());
}

BOOST_AUTO_TEST_CASE(passed_through_time_keeps_growing_across_a_source_restart) {
  // The restarted encoder starts its stream at 0 again; what the feeder
  // carries (the remuxed WebM, headers again, then the new source) must
  // not go back in time, or a viewer who stays stops decoding.
  flu::test::IcecastServer icecast;
  icecast.start_source("/live.webm", "webm");
  ScratchDir dir;
  const std::string file = dir / "feed.webm";
  StandaloneJob job(dir, {"--type", "icecast-producer", "--property",
                          "url=" + icecast.url("/live.webm"), "--property",
                          "passthrough=true", "--feeder",
                          "default=filesink sync=false buffer-mode=2 location=" + file});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return keyframes(file).size() >= 30; }, 20s),
                     FLU_LATER(job.output()));
  icecast.kill_source();
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.mood() == "hungry"; }, 20s),
                     FLU_LATER(job.output()));
  const size_t before = flu::test::timeline(file, "v:0").pts.size();
  icecast.start_source("/live.webm", "webm");
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.mood() == "happy"; }, 30s),
                     FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(
      job.wait_until(
          [&] { return flu::test::timeline(file, "v:0").pts.size() > before + 30; }, 15s),
      FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  for (const std::string stream : {"v:0", "a:0"}) {
    const auto t = flu::test::timeline(file, stream);
    BOOST_TEST(t.growing(), stream << ": " << t.describe());
  }
}

BOOST_AUTO_TEST_CASE(a_source_that_comes_back_is_picked_up) {
  flu::test::IcecastServer icecast;
  icecast.start_source("/radio.ogg", "ogg");
  ScratchDir dir;
  const std::string file = dir / "feed.raw";
  StandaloneJob job(dir, {"--type", "icecast-producer", "--property",
                          "url=" + icecast.url("/radio.ogg"), "--feeder",
                          "default=filesink sync=false buffer-mode=2 location=" + file});
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("source") == "connected"; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.mood() == "happy"; }, 10s),
                     FLU_LATER(job.output()));
  icecast.kill_source();
  // Lost: the component turns hungry (not sad) with a message naming the
  // URL, and keeps running.
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.mood() == "hungry"; }, 20s),
                     FLU_LATER(job.output()));
  BOOST_TEST(job.wait_until([&] { return job.ui("source") == "reconnecting"; }, 5s),
             FLU_LATER(job.output()));
  BOOST_TEST(
      contains(job.output(), "note: 2 hungry: " + icecast.url("/radio.ogg") + ": "),
      FLU_LATER(job.output()));
  icecast.start_source("/radio.ogg", "ogg");
  BOOST_TEST_REQUIRE(job.wait_until([&] { return job.ui("source") == "connected"; }, 30s),
                     FLU_LATER(job.output()));
  // Back: happy again, the message replaced by one saying so.
  BOOST_TEST(job.wait_until([&] { return job.mood() == "happy"; }, 10s),
             FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), "note: 3 hungry: " + icecast.url("/radio.ogg") +
                                        ": receiving again"),
             FLU_LATER(job.output()));
  const size_t before = size_of(file);
  BOOST_TEST(job.wait_until([&] { return size_of(file) > before + 100000; }, 10s),
             FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  BOOST_TEST(!contains(job.output(), "mood: sad"), FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(a_missing_mount_is_reported_with_its_http_status) {
  flu::test::IcecastServer icecast;
  ScratchDir dir;
  StandaloneJob job(dir, {"--type", "icecast-producer", "--property",
                          "url=" + icecast.url("/nothing.ogg"), "--feeder",
                          "default=fakesink"});
  BOOST_TEST(
      job.wait_until([&] { return contains(job.output(), "File Not Found (HTTP 404)"); },
                     20s),
      FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), icecast.url("/nothing.ogg")),
             FLU_LATER(job.output()));
  BOOST_TEST(job.wait_until([&] { return job.ui("source") == "reconnecting"; }, 5s));
  BOOST_TEST(job.mood() == "hungry", FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(a_url_that_is_not_http_is_refused) {
  expect_refused({"--type", "icecast-producer", "--property", "url=ftp://example/x.ogg"},
                 "url 'ftp://example/x.ogg' is not an http:// or https:// URL");
}

BOOST_AUTO_TEST_CASE(a_refused_connection_is_reported_and_retried) {
  const auto port = flu::test::free_tcp_port(); // nothing listens there
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/radio.ogg";
  ScratchDir dir;
  StandaloneJob job(dir, {"--type", "icecast-producer", "--property", "url=" + url,
                          "--feeder", "default=fakesink"});
  BOOST_TEST(job.wait_until([&] { return job.ui("reconnects") == "2"; }, 20s),
             FLU_LATER(job.output()));
  BOOST_TEST(contains(job.output(), url + ": no answer (connection refused or dropped)"),
             FLU_LATER(job.output()));
  BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
}

BOOST_AUTO_TEST_CASE(pulls_over_https_trusting_its_ca_file) {
  flu::test::IcecastServer icecast;
  icecast.start_source("/radio.ogg", "ogg");
  flu::test::TlsFront tls(icecast.port());
  ScratchDir dir;
  const std::string file = dir / "feed.mkv";
  const std::string output =
      pull_as_flac(dir, tls.url("/radio.ogg"), "ca-file=" + tls.certificate(), file);
  BOOST_TEST(!contains(output, "hungry"), FLU_LATER(output));
  BOOST_TEST(probe(file, "a", "codec_name") == "flac");
}

// The same server without its CA file (the system's CA certificates do not
// know a self-signed certificate), and trusted but asked for by another
// name: hungry, retried, the message naming the URL and what TLS refused.
BOOST_AUTO_TEST_CASE(a_certificate_that_does_not_verify_is_named) {
  flu::test::IcecastServer icecast;
  icecast.start_source("/radio.ogg", "ogg");
  flu::test::TlsFront tls(icecast.port());
  const auto refused = [](std::vector<std::string> properties, const std::string &url,
                          const std::string &why) {
    ScratchDir dir;
    std::vector<std::string> args{"--type", "icecast-producer", "--feeder",
                                  "default=fakesink"};
    for (const auto &p : properties)
      args.insert(args.end(), {"--property", p});
    StandaloneJob job(dir, args);
    const std::string message = url + ": " + why + "; trying again in 1 s";
    BOOST_TEST(job.wait_until([&] { return contains(job.output(), message); }, 20s),
               message << FLU_LATER(job.output()));
    BOOST_TEST(job.mood() == "hungry", FLU_LATER(job.output()));
    BOOST_TEST(job.stop() == 0, FLU_LATER(job.output()));
  };
  refused({"url=" + tls.url("/radio.ogg")}, tls.url("/radio.ogg"),
          "TLS: the server's certificate is not trusted (trusting the system's CA "
          "certificates): signed by an unknown authority");
  std::string by_name = tls.url("/radio.ogg");
  by_name.replace(by_name.find("127.0.0.1"), 9, "localhost");
  refused({"url=" + by_name, "ca-file=" + tls.certificate()}, by_name,
          "TLS: the server's certificate is not trusted (trusting the CA certificates "
          "in '" +
              tls.certificate() + "'): not issued for 'localhost'");
}

BOOST_AUTO_TEST_CASE(a_ca_file_that_cannot_be_used_is_refused) {
  ScratchDir dir;
  const std::string text = dir / "notes.txt";
  std::ofstream(text) << "not a certificate\n";
  const std::vector<std::string> https{"--type", "icecast-producer", "--property",
                                       "url=https://127.0.0.1:9/radio.ogg"};
  const auto with = [&](const std::string &ca_file) {
    auto args = https;
    args.insert(args.end(), {"--property", "ca-file=" + ca_file});
    return args;
  };
  expect_refused(with("ca.pem"), "ca-file 'ca.pem' is not an absolute path");
  expect_refused(with("/nonexistent/ca.pem"), "ca-file '/nonexistent/ca.pem': ");
  expect_refused(with(text), "ca-file '" + text + "' holds no PEM certificate");
}
