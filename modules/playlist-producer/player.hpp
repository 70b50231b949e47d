// Player: plays a timetable of files on the component's pipeline, a filler
// picture and tone in between. Everything reaches the component's pipeline
// through two appsrc elements (raw audio, raw I420 video, in the format the
// properties fix), with timestamps that only grow.
//
// How: a filler pipeline (live videotestsrc/audiotestsrc) and one pipeline
// per item (uridecodebin, converted to the same format) run on the
// component pipeline's clock. The filler's base time is the component
// pipeline's, so its running time is the component's; an item's base time
// is the component's plus the running time the item starts at, so its
// appsinks (sync=true) release its first sample exactly at its start. A
// gate decides per sample: an item's samples inside its slot pass, the
// filler's pass where no playing item covers them, and nothing that would
// go back in time passes. An item is prerolled and seeked to its offset a
// little before its start; one already under way when it is scheduled
// joins at the time it would have reached, a second later.
//
// Own pipelines because the job owns the component pipeline's bus, and an
// item's preroll, seek and end of stream are messages on it.
#pragma once

#include <flu/sdk.hpp>

#include <atomic>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace flu::modules::playlist {

struct Format {
  int width = 320, height = 240;
  int framerate_n = 15, framerate_d = 1;
  int samplerate = 44100, channels = 2;
  std::string video_pattern = "black", audio_wave = "silence";
  // Flumotion's `audio` and `video`: false leaves the items' stream out and
  // the feeder carries the filler's (a flu feeder always flows).
  bool audio = true, video = true;

  std::string video_caps() const; // raw I420 at the size and rate above
  std::string audio_caps() const; // raw S16LE at the rate and channels above
  // How late every source renders a sample: the live filler's own latency
  // (a video frame) and room. Items render as late, so that at a seam the
  // filler's last samples reach the gate before the item's first.
  GstClockTime latency() const;
};

struct Item {
  std::string uri;
  std::string where;                // "playlist 'FILE' line N" for messages
  int64_t start_ns = 0, end_ns = 0; // since the Unix epoch
  int64_t offset_ns = 0;            // into the file
  bool audio = false, video = false;

  // The same item, whatever its end.
  bool same(const Item &o) const {
    return uri == o.uri && start_ns == o.start_ns && offset_ns == o.offset_ns &&
           audio == o.audio && video == o.video;
  }
};

class Player {
public:
  // The appsrc elements of `outer` named `audio_src` and `video_src`.
  Player(const sdk::Host &host, GstElement *outer, const Format &format,
         const std::string &audio_src, const std::string &video_src);
  ~Player();
  Player(const Player &) = delete;
  Player &operator=(const Player &) = delete;

  // Replaces the timetable (any thread): items not started yet go; the one
  // playing goes on if the new timetable still has it (cut to its new end
  // when that is earlier).
  void schedule(std::vector<Item> items);

  // The filler pipeline's text, for checking the pattern and wave early.
  static std::string filler_text(const Format &format);

private:
  enum Media { audio = 0, video = 1 };
  struct Source;
  struct Output {
    GstElement *src = nullptr;
    GstClockTimeDiff start = -1, end = 0; // of the last buffer pushed (under gate_)
  };

  void run();
  void start_filler(GstClock *clock);
  void reconcile(GstClockTime now);
  void prepare(const Item &item, GstClockTime now);
  void advance(Source &source);
  void finish(Source &source);
  GstClockTime now_running(GstClock *clock) const;
  GstClockTimeDiff running_of(int64_t unix_ns, GstClockTime now) const;
  std::unique_ptr<Source> make_source(const std::string &text, Item item, bool filler);
  void attach(Source &source, Media media);
  GstFlowReturn push(Source &source, Media media, GstSample *sample);
  void publish(GstClockTime now);

  sdk::Host host_;
  GstElement *outer_;
  Format format_;
  Output outputs_[2];
  std::unique_ptr<Source> filler_;
  std::list<std::unique_ptr<Source>> items_; // prepared or playing
  std::vector<Item> pending_;                // not prepared yet, by start
  std::mutex gate_;                          // outputs_[].end, Source slots
  std::mutex schedule_mutex_;
  std::optional<std::vector<Item>> next_schedule_;
  std::atomic<bool> stopping_{false};
  std::string published_;
  std::thread thread_;
};

} // namespace flu::modules::playlist
