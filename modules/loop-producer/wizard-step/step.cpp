// The loop-producer's wizard step: a directory of the chosen worker, a
// media file in it as the worker's `files` check finds them, and a size.
#include <flu/sdk/wizard_step.hpp>

using flu::sdk::wizard::Step;

namespace {

void describe(Step &s) {
  flu::sdk::wizard::directory_field(s, "/srv/media");
  s.field("file", "file", FLU_FIELD_CHOICE);
  // Value: the file name (column 0); beside it the media type (column 1);
  // a file that is not media has none and is not offered.
  s.choices_from_check("file", "files", {"{directory}"}, 0, 1, 1);
  flu::sdk::wizard::size_fields(s, 320, 240);
}

void validate(Step &s) {
  if (std::stoi(s.value("width")) % 2 || std::stoi(s.value("height")) % 2)
    s.refuse(std::stoi(s.value("width")) % 2 ? "width" : "height",
             "I420 video needs an even width and height");
}

void contribute(Step &s) {
  s.property("location", flu::sdk::wizard::directory_value(s) + "/" + s.value("file"));
  flu::sdk::wizard::contribute_picture(s);
  s.feeder("video", "video");
  s.feeder("audio", "audio");
}

} // namespace

FLU_WIZARD_STEP("loop-producer", "source", "a media file, looped", describe, validate,
                contribute)
