// The C++ face of <flu/wizard_step.h>: a wizard step is three functions
// that describe the form configuring one component type, check what the
// operator typed, and say what the component gets.
//
//   #include <flu/sdk/wizard_step.hpp>
//   using flu::sdk::wizard::Step;
//
//   void describe(Step &s) {
//     s.field("port", "port", FLU_FIELD_PORT, "8800");
//     s.check_value("port", "port", {"{port}"}); // refused when in use
//     s.field("mount-point", "mount point", FLU_FIELD_TEXT, "/live.webm");
//   }
//   void validate(Step &s) {
//     if (s.value("mount-point").rfind('/', 0) != 0)
//       s.refuse("mount-point", "a mount point starts with /");
//   }
//   void contribute(Step &s) {
//     s.property("port", s.value("port"));
//     s.property("mount-point", s.value("mount-point"));
//   }
//   FLU_WIZARD_STEP("http-streamer", "consumer", "HTTP stream", describe, validate,
//                   contribute)
//
// An exception out of a function is caught here (none crosses the C ABI):
// the wizard shows its message.
#pragma once

#include <flu/wizard_step.h>

#include <cstdint>
#include <string>
#include <vector>

namespace flu::sdk::wizard {

class Step {
public:
  Step(const flu_wizard_host *host, flu_wizard_call *call) : host_(host), call_(call) {}

  // A field's value or one of the wizard's (see value() in the C header);
  // "" when absent.
  std::string value(const std::string &name) const {
    const char *v = host_->value(call_, name.c_str());
    return v ? v : "";
  }
  bool has(const std::string &name) const {
    return host_->value(call_, name.c_str()) != nullptr;
  }

  void field(const std::string &name, const std::string &label, flu_field_kind kind,
             const std::string &default_value = "") {
    host_->field(call_, name.c_str(), label.c_str(), kind, default_value.c_str());
  }
  void choice(const std::string &field, const std::string &value,
              const std::string &label = "") {
    host_->choice(call_, field.c_str(), value.c_str(),
                  label.empty() ? nullptr : label.c_str());
  }
  void choices_from_check(const std::string &field, const std::string &check,
                          const std::vector<std::string> &args, int value_column,
                          int label_column = -1, int require_column = -1) {
    const auto argv = pointers(args);
    host_->choices_from_check(call_, field.c_str(), check.c_str(), argv.data(),
                              argv.size(), value_column, label_column, require_column);
  }
  void range(const std::string &field, int64_t min, int64_t max) {
    host_->range(call_, field.c_str(), min, max);
  }
  void check_value(const std::string &field, const std::string &check,
                   const std::vector<std::string> &args) {
    const auto argv = pointers(args);
    host_->check_value(call_, field.c_str(), check.c_str(), argv.data(), argv.size());
  }

  void refuse(const std::string &field, const std::string &why) {
    host_->refuse(call_, field.c_str(), why.c_str());
  }

  void property(const std::string &name, const std::string &value) {
    host_->property(call_, name.c_str(), value.c_str());
  }
  void feeder(const std::string &name, const std::string &medium) {
    host_->feeder(call_, name.c_str(), medium.c_str());
  }

private:
  static std::vector<const char *> pointers(const std::vector<std::string> &args) {
    std::vector<const char *> argv;
    for (const auto &a : args)
      argv.push_back(a.c_str());
    return argv;
  }

  const flu_wizard_host *host_;
  flu_wizard_call *call_;
};

// The fields several steps share, so each step says only what differs.

// An encoder's target bitrate in bit/s, and the property it sets.
inline void bitrate_field(Step &s, int64_t default_bps) {
  s.field("bitrate", "bitrate (bit/s)", FLU_FIELD_INT, std::to_string(default_bps));
  s.range("bitrate", 8000, 50000000);
}
inline void contribute_bitrate(Step &s) { s.property("bitrate", s.value("bitrate")); }
template <int64_t DefaultBps> void describe_bitrate(Step &s) {
  bitrate_field(s, DefaultBps);
}

// A directory on the chosen worker; with `check`, the step's type's runtime
// check of that name judges it before the wizard goes on.
inline void directory_field(Step &s, const std::string &default_directory,
                            const std::string &check = "") {
  s.field("directory", "directory on the worker", FLU_FIELD_PATH, default_directory);
  if (!check.empty())
    s.check_value("directory", check, {"{directory}"});
}
// The directory without a trailing slash, to join a file name to.
inline std::string directory_value(const Step &s) {
  std::string dir = s.value("directory");
  if (dir.size() > 1 && dir.back() == '/')
    dir.pop_back();
  return dir;
}

// A picture's size, and a frame rate, as a source or a converter makes it.
inline void size_fields(Step &s, int64_t width, int64_t height) {
  s.field("width", "width", FLU_FIELD_INT, std::to_string(width));
  s.range("width", 16, 4096);
  s.field("height", "height", FLU_FIELD_INT, std::to_string(height));
  s.range("height", 16, 4096);
}
inline void framerate_field(Step &s, int64_t fps) {
  s.field("framerate", "frames per second", FLU_FIELD_INT, std::to_string(fps));
  s.range("framerate", 1, 120);
}
// width and height; framerate as a fraction when the step has the field.
inline void contribute_picture(Step &s) {
  s.property("width", s.value("width"));
  s.property("height", s.value("height"));
  if (s.has("framerate"))
    s.property("framerate", s.value("framerate") + "/1");
}

// A streamer's listening port, refused when the worker's `port` check
// finds it in use, and its mount point.
inline void listener_fields(Step &s, const std::string &default_port,
                            const std::string &default_mount_point) {
  s.field("port", "port", FLU_FIELD_PORT, default_port);
  s.check_value("port", "port", {"{port}"});
  s.field("mount-point", "mount point", FLU_FIELD_TEXT, default_mount_point);
}
inline void validate_mount_point(Step &s) {
  const std::string mount = s.value("mount-point");
  if (mount.empty() || mount[0] != '/')
    s.refuse("mount-point", "a mount point starts with /");
  else if (mount.find_first_of(" ?#") != std::string::npos)
    s.refuse("mount-point", "a mount point has no blank, ? or #");
}
// Port, mount point and, when the operator chose one, the bouncer.
inline void contribute_listener(Step &s) {
  s.property("port", s.value("port"));
  s.property("mount-point", s.value("mount-point"));
  if (s.has("bouncer"))
    s.property("bouncer", s.value("bouncer"));
}

namespace detail {
template <void (*F)(Step &)>
int call(const flu_wizard_host *host, flu_wizard_call *call) {
  try {
    Step step(host, call);
    F(step);
    return 0;
  } catch (const std::exception &e) {
    host->error(call, e.what());
  } catch (...) {
    host->error(call, "the wizard step failed with an unknown exception");
  }
  return 1;
}
inline void nothing(Step &) {}
} // namespace detail

} // namespace flu::sdk::wizard

// flu_add_wizard_step() names the step after its folder.
#ifndef FLU_WIZARD_STEP_ID
#define FLU_WIZARD_STEP_ID "wizard-step"
#endif

// Exports the step: the type it configures, its role and title, and its
// three functions (validate may be ::flu::sdk::wizard::detail::nothing).
#define FLU_WIZARD_STEP(type, role, title, describe, validate, contribute)               \
  FLU_WIZARD_STEP_FORMATS(type, role, title, "", "", describe, validate, contribute)

// The same with the formats it accepts and provides (<flu/wizard_step.h>,
// ABI 1.1): FLU_WIZARD_STEP_FORMATS("webm-muxer", "muxer", "WebM",
// "vp8 vp9 vorbis opus", "webm", ...).
#define FLU_WIZARD_STEP_FORMATS(type, role, title, accepts, provides, describe,          \
                                validate, contribute)                                    \
  extern "C" __attribute__((visibility("default"))) const flu_wizard_step *              \
  flu_wizard_step_entry(void) {                                                          \
    static const flu_wizard_step step = {FLU_WIZARD_STEP_ABI_MAJOR,                      \
                                         FLU_WIZARD_STEP_ABI_MINOR,                      \
                                         FLU_WIZARD_STEP_ID,                             \
                                         type,                                           \
                                         role,                                           \
                                         title,                                          \
                                         &::flu::sdk::wizard::detail::call<describe>,    \
                                         &::flu::sdk::wizard::detail::call<validate>,    \
                                         &::flu::sdk::wizard::detail::call<contribute>,  \
                                         accepts,                                        \
                                         provides};                                      \
    return &step;                                                                        \
  }

// An encoder's whole step: its bitrate (default `bps`), nothing else.
#define FLU_WIZARD_ENCODER_STEP(type, role, title, provides, bps)                        \
  FLU_WIZARD_STEP_FORMATS(                                                               \
      type, role, title, "", provides, ::flu::sdk::wizard::describe_bitrate<bps>,        \
      ::flu::sdk::wizard::detail::nothing, ::flu::sdk::wizard::contribute_bitrate)
