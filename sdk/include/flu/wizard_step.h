/* A wizard step: the form flu-admin's wizard shows to configure one
 * component type, shipped in that type's bundle as a shared object of its
 * own (built with flu_add_wizard_step()). Like an admin page, a step never
 * draws: it describes its fields (name, label, kind, default, choices),
 * how to check what the operator typed (by itself, or by a runtime check of
 * its type on the chosen worker) and what it contributes to the planet (the
 * component's properties and the feeds it offers). The wizard lays the form
 * out, runs the checks without blocking, wires the eaters by the step's role
 * and writes the XML.
 *
 * C++ steps use <flu/sdk/wizard_step.hpp> rather than this header.
 *
 * Every string the host gives stays valid until the call returns; every
 * string a step gives is copied at once. Strings are UTF-8. */
#ifndef FLU_WIZARD_STEP_H
#define FLU_WIZARD_STEP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FLU_WIZARD_STEP_ABI_MAJOR 1
#define FLU_WIZARD_STEP_ABI_MINOR 1

/* What a field holds; the wizard refuses what does not fit the kind. */
enum flu_field_kind {
  FLU_FIELD_TEXT = 0,
  FLU_FIELD_INT = 1,    /* a whole number, within range() when given */
  FLU_FIELD_CHOICE = 2, /* one of choice() or choices_from_check() */
  FLU_FIELD_PATH = 3,   /* an absolute path on the chosen worker */
  FLU_FIELD_PORT = 4    /* a TCP port, 1 to 65535 */
};

/* One call of the step: what it reads and what it writes into. */
typedef struct flu_wizard_call flu_wizard_call;

typedef struct flu_wizard_host {
  uint32_t abi_major;
  uint32_t abi_minor;

  /* ---- reading; NULL when absent ----
   * A field of this step as the operator set it, or one of the wizard's:
   * "flow", "worker", "component" (the name this step's component gets),
   * "video" / "audio" ("true" when the source offers it), "muxer" (the
   * chosen muxer's type), "bouncer" (the bouncer component's name, when
   * the operator chose one). A choice that came from a check also gives
   * its row's other cells as "FIELD:COLUMN" ("source:element"). */
  const char *(*value)(const flu_wizard_call *call, const char *name);

  /* ---- describe() ---- */
  void (*field)(flu_wizard_call *call, const char *name, const char *label, int kind,
                const char *default_value);
  /* A fixed choice of a FLU_FIELD_CHOICE field; label may be NULL. */
  void (*choice)(flu_wizard_call *call, const char *field, const char *value,
                 const char *label);
  /* The choices come from a runtime check of this step's component type on
   * the chosen worker, run again whenever a field named in `args` changes
   * ("{directory}" in an argument stands for field directory's value). A
   * row gives its cell `value_column` as the value, `label_column` (-1:
   * none) beside it, and is left out when its cell `require_column` is
   * empty (-1: keep every row). A check that fails (a missing directory)
   * refuses this field with the check's error as the reason. */
  void (*choices_from_check)(flu_wizard_call *call, const char *field, const char *check,
                             const char *const *args, size_t n_args, int32_t value_column,
                             int32_t label_column, int32_t require_column);
  /* Whole numbers: the bounds (FLU_FIELD_INT). */
  void (*range)(flu_wizard_call *call, const char *field, int64_t min, int64_t max);
  /* Before going on, run this runtime check of this step's type on the
   * chosen worker ("{field}" substituted as above); when it fails, the
   * field is refused with the check's error as the reason ("port 8800 is
   * in use on this worker"). */
  void (*check_value)(flu_wizard_call *call, const char *field, const char *check,
                      const char *const *args, size_t n_args);

  /* ---- validate(): called with every field set and of its kind ---- */
  void (*refuse)(flu_wizard_call *call, const char *field, const char *why);

  /* ---- contribute() ---- */
  void (*property)(flu_wizard_call *call, const char *name, const char *value);
  /* A feeder of this component for the next steps, carrying `medium`
   * ("video", "audio" for raw media from a source). */
  void (*feeder)(flu_wizard_call *call, const char *name, const char *medium);

  /* The step cannot go on: the wizard shows this. */
  void (*error)(flu_wizard_call *call, const char *what);
} flu_wizard_host;

typedef struct flu_wizard_step {
  uint32_t abi_major; /* FLU_WIZARD_STEP_ABI_MAJOR */
  uint32_t abi_minor;
  const char *id;             /* the step's name, for messages */
  const char *component_type; /* the type it configures */
  /* Where it stands in a flow, which also says what it eats: "source"
   * (nothing), "video-encoder" / "audio-encoder" (the source's video /
   * audio), "muxer" (the encoders), "consumer" (the muxer), "bouncer"
   * (nothing; consumers name it). */
  const char *role;
  const char *title; /* "HTTP stream" */
  /* Each returns 0 when it did, anything else when it failed. */
  int (*describe)(const flu_wizard_host *host, flu_wizard_call *call);
  int (*validate)(const flu_wizard_host *host, flu_wizard_call *call);
  int (*contribute)(const flu_wizard_host *host, flu_wizard_call *call);
  /* ---- ABI 1.1 (read only when abi_minor >= 1) ----
   * The formats it joins, as words separated by blanks, so the wizard
   * offers only steps that fit together: an encoder provides its coding
   * ("vp8"); a muxer accepts codings ("vp8 vorbis opus") and provides its
   * container ("webm"); a consumer accepts containers ("mpegts"). Empty or
   * NULL accepts anything / provides nothing in particular. flu-bundle
   * copies these, the role and the title into the bundle's manifest, so
   * the manager lists them without loading the step. */
  const char *accepts;
  const char *provides;
} flu_wizard_step;

/* The one symbol a step exports. */
#define FLU_WIZARD_STEP_ENTRY_SYMBOL "flu_wizard_step_entry"
typedef const flu_wizard_step *(*flu_wizard_step_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* FLU_WIZARD_STEP_H */
