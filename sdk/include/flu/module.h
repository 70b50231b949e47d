/* The module ABI: the one boundary between flu's processes and a module.
 *
 * Only C types cross it, so a module built with another compiler or standard
 * library still loads. Every struct carries its size and fields are only ever
 * appended; the host reads an appended field only when struct_size says the
 * module knows it. A module is refused when its ABI major differs from the
 * host's or its minor is newer (GStreamer's rule).
 *
 * Strings handed from a module to the host are g_malloc'd; the host g_free()s
 * them. Strings handed from the host stay valid while the job runs.
 *
 * It needs no GStreamer header: a bouncer or an admin page is not media, so
 * only GstElement is named, declared as GStreamer declares it (C11 and C++
 * allow the repeat, whichever header comes first). */
#ifndef FLU_MODULE_H
#define FLU_MODULE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _GstElement GstElement;

#define FLU_ABI_MAJOR 1
#define FLU_ABI_MINOR 5

/* Whether the struct at ptr reaches `field` of `type`: its struct_size
 * covers the field's end, so a module or host built for an older ABI minor
 * (which lacks the field) is never read past what it filled in. The one
 * test for an appended field, in C and C++ alike (SPA's
 * SPA_CALLBACK_CHECK). */
#define FLU_HAS_FIELD(ptr, type, field)                                                  \
  ((ptr) != NULL && (size_t)(ptr)->struct_size >=                                        \
                        offsetof(type, field) + sizeof(((const type *)NULL)->field))

/* FLU_HAS_FIELD for a function pointer, which must also be set before it
 * is called. */
#define FLU_HAS_CALLBACK(ptr, type, field)                                               \
  (FLU_HAS_FIELD(ptr, type, field) && (ptr)->field != NULL)

/* The one exported symbol of a module: returns its description. */
#define FLU_MODULE_ENTRY_SYMBOL "flu_module_entry"

typedef enum flu_property_type {
  FLU_PROPERTY_INVALID = 0,
  FLU_PROPERTY_STRING = 1,
  FLU_PROPERTY_INT = 2,  /* 64-bit signed */
  FLU_PROPERTY_BOOL = 3, /* true/false, yes/no, 1/0 */
  FLU_PROPERTY_FLOAT = 4,
  FLU_PROPERTY_FRACTION = 5, /* N/D, e.g. 30/1 */
} flu_property_type;

enum {
  FLU_PROPERTY_REQUIRED = 1u << 0,
  FLU_PROPERTY_MULTIPLE = 1u << 1,
};

enum {
  FLU_PORT_REQUIRED = 1u << 0,
  FLU_PORT_MULTIPLE = 1u << 1, /* an eater that takes several feeds */
};

typedef enum flu_log_level {
  FLU_LOG_INVALID = 0,
  FLU_LOG_ERROR = 1,
  FLU_LOG_WARNING = 2,
  FLU_LOG_INFO = 3,
  FLU_LOG_DEBUG = 4,
} flu_log_level;

/* Flumotion's message levels; an error turns the component sad. */
typedef enum flu_message_level {
  FLU_MESSAGE_INVALID = 0,
  FLU_MESSAGE_ERROR = 1,
  FLU_MESSAGE_WARNING = 2,
  FLU_MESSAGE_INFO = 3,
} flu_message_level;

/* A keycard: a credential as named text fields, so that new kinds need no
 * new ABI. Well-known names: "id", "kind" (password, token, address),
 * "username", "address", "token", "path", "salt", "scheme", "challenge",
 * "response", "reason", "ttl" and "duration" (seconds). */
typedef struct flu_keycard_field {
  const char *name;
  const char *value;
} flu_keycard_field;

typedef struct flu_keycard {
  uint32_t struct_size;
  const flu_keycard_field *fields;
  uint32_t n_fields;
} flu_keycard;

typedef enum flu_keycard_state {
  FLU_KEYCARD_REFUSED = 0,
  FLU_KEYCARD_AUTHENTICATED = 1,
  /* Not yet decided: the requester answers the challenge and asks again. */
  FLU_KEYCARD_CHALLENGE = 2,
} flu_keycard_state;

/* Sets one field of the keycard that goes back to the requester. */
typedef void (*flu_keycard_reply_fn)(void *ctx, const char *name, const char *value);

/* The answer to a component's authenticate(): called exactly once, on the
 * job's main thread, before the component's stop(). answer holds the
 * keycard's "id" (for keycard_expired) and, on refusal, a "reason". */
typedef void (*flu_authenticate_done_fn)(void *ctx, flu_keycard_state state,
                                         const flu_keycard *answer);

typedef struct flu_property_spec {
  uint32_t struct_size;
  const char *name;
  flu_property_type type;
  const char *default_value; /* canonical text, NULL for none */
  uint32_t flags;            /* FLU_PROPERTY_* */
  const char *description;
} flu_property_spec;

typedef struct flu_port_spec {
  uint32_t struct_size;
  const char *name;
  uint32_t flags; /* FLU_PORT_* */
  const char *description;
} flu_port_spec;

/* What the host gives a component: its configuration and the services it may
 * call. Property values arrive already checked against the schema. */
typedef struct flu_host {
  uint32_t struct_size;
  void *self;
  const char *(*component_id)(void *self); /* "/flow/name" */
  uint32_t (*value_count)(void *self, const char *property);
  const char *(*value)(void *self, const char *property, uint32_t index);
  uint32_t (*feed_count)(void *self, const char *eater);
  void (*log)(void *self, flu_log_level level, const char *text);
  void (*message)(void *self, flu_message_level level, const char *id, const char *text);
  /* ABI 1.1 */
  /* A message whose text an admin translates where it is shown: the
   * gettext domain, a format with positional arguments (%1%, %2%, ...) and
   * the arguments. */
  void (*message_translatable)(void *self, flu_message_level level, const char *id,
                               const char *domain, const char *format,
                               const char *const *args, uint32_t n_args);
  /* Publishes one entry of the component's UI state ("viewers", "bitrate"),
   * which admins see replicated. Any thread. */
  void (*ui_state)(void *self, const char *key, const char *value);
  /* Asks the planet's bouncer of that name about a keycard. A "password"
   * keycard may carry a "password" field: the host answers the bouncer's
   * challenge itself, and the password never leaves this process. Any
   * thread; done follows the rules of flu_authenticate_done_fn. */
  void (*authenticate)(void *self, const char *bouncer, const flu_keycard *keycard,
                       flu_authenticate_done_fn done, void *ctx);
  /* Bouncers only: asks another bouncer of the planet, by name, in this
   * process and synchronously (multi-bouncer). With a NULL keycard it only
   * tells whether the host has a bouncer of that name to consult
   * (AUTHENTICATED) or not (REFUSED), and calls no bouncer. */
  flu_keycard_state (*consult)(void *self, const char *bouncer,
                               const flu_keycard *keycard, flu_keycard_reply_fn reply,
                               void *ctx);
  /* ABI 1.2: hot upgrade (docs/hot-upgrade.md). A new job of the component
   * starts while the old one still runs, then takes over its state and
   * client sockets. */
  /* Non-zero while this job was started to take over a running one and the
   * handover has not ended: the component must not take what the old job
   * still holds (the http-streamer does not bind its port). */
  int (*handover_pending)(void *self);
  /* Old side, after handover_out: one piece of state, in order. data is
   * copied (at most 64 KiB); fd is -1 or a descriptor the host takes over
   * (it closes its copy once sent, so the module keeps none of it). Any
   * thread; calls are delivered in the order they were made. */
  void (*handover_send)(void *self, const char *key, const void *data, uint32_t size,
                        int fd);
  /* Old side: everything was handed over (error NULL) or the handover failed
   * (error says why). Any thread, once; nothing is sent after it. The job
   * then stops its pipeline and ends: from then on the new job is the
   * component, whatever error says. */
  void (*handover_done)(void *self, const char *error);
  /* ABI 1.5 */
  /* The component waits for what it needs from outside (a pulled source
   * that went away, a reconnection under way): non-zero turns its mood
   * hungry with why as its message; zero turns it back happy once its
   * pipeline plays. Any thread. */
  void (*hungry)(void *self, int hungry, const char *why);
  /* One entry of another component's state as the manager last replicated
   * it: a UI-state key ("viewers"), a job figure ("cpu-percent") or "mood".
   * component_id is "/flow/name" (or "/atmosphere/name"). Returns a
   * g_malloc'd copy the caller g_free()s, or NULL when unknown. Any thread;
   * it never waits on the network (the host keeps what it last heard). */
  char *(*component_state)(void *self, const char *component_id, const char *key);
} flu_host;

typedef struct flu_component_ops {
  uint32_t struct_size;
  /* Required. The pipeline in gst-launch syntax. The host replaces
   * "@eater:NAME@" (the eater's first feed), "@eater:NAME:INDEX@" and
   * "@feeder:NAME@" with its own endpoints. Returns a g_malloc'd string, or
   * NULL and a g_malloc'd *error. */
  char *(*pipeline)(const flu_host *host, char **error);
  /* Optional. Called once the pipeline is built, before it plays. Returns 0
   * and an instance (may be NULL), or non-zero and a g_malloc'd *error. */
  int (*start)(const flu_host *host, GstElement *pipeline, void **instance, char **error);
  /* Optional. Called with start's instance once the pipeline has reached
   * NULL, so no streaming thread can reach the instance any more. */
  void (*stop)(void *instance);
  /* ABI 1.1 */
  /* Optional. A method an admin invokes on the running component
   * (flu-command invoke), on the job's main thread. Returns 0 and a
   * g_malloc'd *result (may be NULL), or non-zero and a g_malloc'd *error. */
  int (*invoke)(void *instance, const char *method, const char *const *args,
                uint32_t n_args, char **result, char **error);
  /* Optional. A bouncer expired a keycard this component obtained: whoever
   * holds it must go (a viewer is disconnected). Job's main thread. */
  void (*keycard_expired)(void *instance, const char *keycard_id);
  /* ABI 1.2: hot upgrade; a type has both or neither. */
  /* Optional. Old side: hand everything over with host->handover_send, then
   * call host->handover_done, from any thread and at any later time (the
   * http-streamer pauses each viewer at a keyframe first). Job's main
   * thread. */
  void (*handover_out)(void *instance);
  /* Optional. New side: one item the old job sent, in order, on the job's
   * main thread, after start(). fd is -1 when none came; otherwise the
   * component owns it. A final call with key NULL ends the handover: data is
   * then NULL when everything arrived, or the error text (size its length);
   * after a failed handover the component carries on as a fresh start. */
  void (*handover_in)(void *instance, const char *key, const void *data, uint32_t size,
                      int fd);
} flu_component_ops;

/* A bouncer: a component that accepts or refuses keycards. It has no
 * pipeline; the host keeps the keycards it accepted, their time to live and
 * the challenges it issued, so that a bouncer only decides. */
typedef struct flu_bouncer_ops {
  uint32_t struct_size;
  /* Optional. Builds the instance from the properties. Returns 0, or
   * non-zero and a g_malloc'd *error. */
  int (*create)(const flu_host *host, void **instance, char **error);
  void (*destroy)(void *instance);
  /* Required. Decides on one keycard. A password keycard comes first with a
   * username only: answer CHALLENGE and reply "salt" and "scheme" ("crypt"
   * or "saltsha256"). The host then adds the "challenge" it issued and the
   * requester's "response" = hex(HMAC-SHA256(key = hashed password,
   * message = challenge)). Reply "reason" with a refusal, "ttl" or
   * "duration" (seconds) with an acceptance. One call at a time. */
  flu_keycard_state (*authenticate)(void *instance, const flu_keycard *keycard,
                                    flu_keycard_reply_fn reply, void *ctx);
} flu_bouncer_ops;

/* ABI 1.4: runtime checks (docs/modules.md "Checks"). A check answers a
 * question about the worker it runs on (is this element present, what do
 * the files of this directory hold) before any component of the type runs
 * there. The worker runs it in a short-lived process of its own, with a
 * time limit: a check that crashes or hangs fails alone. */

/* One row of a check's result: one cell per column of the check's spec,
 * in order. Copied before it returns; main thread of the check process. */
typedef void (*flu_check_row_fn)(void *ctx, const char *const *cells, uint32_t n_cells);

typedef struct flu_check_spec {
  uint32_t struct_size;
  const char *name;        /* "files": what flu-command check names */
  const char *description; /* one line, for people */
  const char *usage;       /* its arguments, "DIRECTORY"; "" for none */
  /* The result is a table: its column names ("file", "media-type"). */
  const char *const *columns;
  uint32_t n_columns;
  /* Required. Runs the check on args (what followed the check's name). It
   * calls row() once per row, then returns 0 with an optional g_malloc'd
   * *summary (one line a person reads), or non-zero with a g_malloc'd
   * *error (the check could not answer: a missing directory). An answer
   * that is "no" (the element is absent) is a result, not an error. GStreamer
   * is initialised; nothing else of the host is there. */
  int (*run)(const char *const *args, uint32_t n_args, flu_check_row_fn row, void *ctx,
             char **summary, char **error);
} flu_check_spec;

/* What a component type is (ABI 1.3). Before 1.3 the host tells it from
 * which of `ops` and `bouncer` is set, and still does for older modules. */
typedef enum flu_component_kind {
  FLU_COMPONENT_KIND_INVALID = 0,
  FLU_COMPONENT_KIND_PIPELINE = 1, /* media: `ops` builds a GStreamer pipeline */
  FLU_COMPONENT_KIND_BOUNCER = 2,  /* decides on keycards: `bouncer`, no `ops` */
} flu_component_kind;

typedef struct flu_component_type {
  uint32_t struct_size;
  const char *name; /* "vp8-encoder" */
  const char *description;
  int32_t clock_priority; /* Flumotion's: 100 by default */
  const flu_property_spec *properties;
  uint32_t n_properties;
  const flu_port_spec *eaters;
  uint32_t n_eaters;
  const flu_port_spec *feeders;
  uint32_t n_feeders;
  const flu_component_ops *ops; /* NULL for a bouncer */
  /* ABI 1.1 */
  const flu_bouncer_ops *bouncer; /* NULL unless the type is a bouncer */
  /* ABI 1.3 */
  /* Required from 1.3 on, and must agree with ops and bouncer: the host
   * refuses a type whose struct reaches it and that says INVALID. */
  flu_component_kind kind;
  /* ABI 1.4 */
  /* Optional: the runtime checks this type offers (flu_check_spec). */
  const flu_check_spec *checks;
  uint32_t n_checks;
} flu_component_type;

/* abi_major, abi_minor and struct_size lead and never move: they are read
 * before anything else is trusted. */
typedef struct flu_module {
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t struct_size;
  const char *id;      /* "vp8-encoder" */
  const char *version; /* semver */
  const flu_component_type *types;
  uint32_t n_types;
} flu_module;

typedef const flu_module *(*flu_module_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* FLU_MODULE_H */
