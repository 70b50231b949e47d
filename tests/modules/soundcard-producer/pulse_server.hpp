// A real PulseAudio server of the test's own: a daemon with its own runtime
// directory, a null sink (`flu-null`, whose monitor source `flu-null.monitor`
// gives back what is played into it) and a unix socket that anyone may use.
// Tones are played into the sink by gst-launch's pulsesink, a real client.
#pragma once

#include "process.hpp"
#include "temp_dir.hpp"
#include "wait.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace flu::test {

class PulseServer {
public:
  PulseServer() {
    const auto runtime = dir_.file("run");
    std::filesystem::create_directories(runtime);
    socket_ = (runtime / "native").string();
    // -n: none of the system's default modules, only the two below; no
    // idle exit, no autospawned second daemon.
    daemon_ = std::make_unique<Process>(
        std::vector<std::string>{
            "/usr/bin/pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1",
            "--use-pid-file=no", "--log-target=stderr",
            "--load=module-null-sink sink_name=flu-null",
            "--load=module-native-protocol-unix auth-anonymous=1 socket=" + socket_},
        SpawnOptions{dir_.file("pulse.out"),
                     dir_.file("pulse.err"),
                     {{"HOME", dir_.path().string()},
                      {"XDG_RUNTIME_DIR", runtime.string()},
                      {"XDG_CONFIG_HOME", dir_.file("config").string()}},
                     true});
    BOOST_TEST_REQUIRE(
        poll_until([this] { return pactl({"info"}).exited_ok(); }, 10s, 50ms),
        "pulseaudio did not start: " + daemon_->err());
  }

  // What PULSE_SERVER (or pulsesrc's server property) takes.
  std::string address() const { return "unix:" + socket_; }

  // A sine at `frequency` Hz and `amplitude` (1 = full scale) played into
  // the null sink until stop_tone(); returns once the server plays it.
  void play_tone(double frequency, double amplitude) {
    tone_ = std::make_unique<Process>(
        std::vector<std::string>{"/usr/bin/gst-launch-1.0", "-q", "audiotestsrc",
                                 "is-live=true", "freq=" + std::to_string(frequency),
                                 "volume=" + std::to_string(amplitude), "!", "pulsesink",
                                 "server=" + address(), "device=flu-null"},
        SpawnOptions{dir_.file("tone.out"), dir_.file("tone.err"), {}, true});
    BOOST_TEST_REQUIRE(poll_until(
                           [this] {
                             return !pactl({"list", "short", "sink-inputs"}).out.empty();
                           },
                           10s, 50ms),
                       "the tone did not reach pulseaudio: " + tone_->err());
  }
  void stop_tone() { tone_.reset(); }

  RunResult pactl(std::vector<std::string> args) const {
    args.insert(args.begin(), {"/usr/bin/pactl", "--server", address()});
    return run(args, 5s);
  }

private:
  TempDir dir_{"flu-pulse"};
  std::string socket_;
  std::unique_ptr<Process> daemon_;
  std::unique_ptr<Process> tone_;
};

} // namespace flu::test
