/* An admin page: what flu-admin shows for a component type, shipped in the
 * component's bundle as a shared object of its own (built with
 * flu_add_admin_page()). The page never draws: it describes what to show
 * (labels, values with units, gauges, level meters, sparklines of a figure's
 * last minutes, key bindings that invoke a method) through the host's
 * functions, and flu-admin lays it out. So a page cannot break the console's
 * screen; a page that fails (an error, a bad return) is replaced by the
 * generic page and a message.
 *
 * C++ pages use <flu/sdk/admin_page.hpp> rather than this header.
 *
 * Every string the host gives stays valid until draw() returns; every
 * string a page gives is copied at once. Strings are UTF-8.
 *
 * Minor versions append functions to flu_page_host: a page calls one of
 * them only when the host's abi_minor says it has it (the C++ face does).
 * 1.1: box_map and box. */
#ifndef FLU_ADMIN_PAGE_H
#define FLU_ADMIN_PAGE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FLU_ADMIN_PAGE_ABI_MAJOR 1
#define FLU_ADMIN_PAGE_ABI_MINOR 1

/* What the page reads: one component's state as the console knows it. */
typedef struct flu_page_view flu_page_view;
/* What the page writes its description into. */
typedef struct flu_page_canvas flu_page_canvas;

typedef struct flu_page_host {
  uint32_t abi_major;
  uint32_t abi_minor;

  /* ---- reading; NULL when absent ---- */
  const char *(*component_id)(const flu_page_view *view); /* "/default/http" */
  const char *(*component_type)(const flu_page_view *view);
  const char *(*mood)(const flu_page_view *view); /* "happy" */
  /* A property as configured (several values joined by '\n'). */
  const char *(*property)(const flu_page_view *view, const char *name);
  /* A UI-state entry, as the job published it (several values: '\n'). */
  const char *(*ui)(const flu_page_view *view, const char *key);
  size_t (*ui_count)(const flu_page_view *view);
  const char *(*ui_key)(const flu_page_view *view, size_t index);

  /* ---- describing ---- */
  void (*heading)(flu_page_canvas *canvas, const char *text);
  void (*label)(flu_page_canvas *canvas, const char *text);
  /* "viewers   12 clients"; unit may be NULL. A numeric value in a unit of
   * "bit/s" or "B" is shown scaled (kbit/s, MiB...). */
  void (*value)(flu_page_canvas *canvas, const char *label, const char *value,
                const char *unit);
  /* A bar from min to max. */
  void (*gauge)(flu_page_canvas *canvas, const char *label, double value, double min,
                double max, const char *unit);
  /* One channel's audio level, in dBFS (-60 and below show empty). */
  void (*level_meter)(flu_page_canvas *canvas, const char *label, double peak_dbfs,
                      double rms_dbfs);
  /* The UI-state entry `ui_key` over its last `seconds` seconds, as the
   * console recorded it, with its latest value. */
  void (*sparkline)(flu_page_canvas *canvas, const char *label, const char *ui_key,
                    const char *unit, uint32_t seconds);
  /* Pressing `key` (a printable ASCII character) invokes `method` with
   * `args`. With a `prompt`, the console asks the operator first and
   * appends the words typed to `args`. */
  void (*key)(flu_page_canvas *canvas, int key, const char *label, const char *method,
              const char *const *args, size_t n_args, const char *prompt);
  /* The page cannot draw: the console shows this and the generic page. */
  void (*error)(flu_page_canvas *canvas, const char *what);

  /* ---- ABI 1.1 ---- */
  /* A picture of boxes on an area of `width` x `height` (a composite's
   * picture and its inputs), drawn scaled in characters; the boxes are
   * those box() adds after it. */
  void (*box_map)(flu_page_canvas *canvas, const char *label, double width,
                  double height);
  /* A box of the latest box_map, in the map's units: a higher z_order is
   * drawn on top; alpha from 0 (transparent) to 1 (covers what is below).
   * A box of no width or height shows as its label's first character. */
  void (*box)(flu_page_canvas *canvas, const char *label, double left, double top,
              double width, double height, int32_t z_order, double alpha);
} flu_page_host;

typedef struct flu_admin_page {
  uint32_t abi_major; /* FLU_ADMIN_PAGE_ABI_MAJOR */
  uint32_t abi_minor;
  const char *id;                     /* the page's name, for messages */
  const char *const *component_types; /* NULL-terminated */
  /* Describes the page; 0 when it did, anything else when it failed. */
  int (*draw)(const flu_page_host *host, const flu_page_view *view,
              flu_page_canvas *canvas);
} flu_admin_page;

/* The one symbol a page exports. */
#define FLU_ADMIN_PAGE_ENTRY_SYMBOL "flu_admin_page_entry"
typedef const flu_admin_page *(*flu_admin_page_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* FLU_ADMIN_PAGE_H */
