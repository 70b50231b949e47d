/* The struct sizes and field offsets a C compiler gives <flu/module.h> (it
 * is a C ABI), for sdk_headers_test.cpp to compare with C++'s. That the
 * header compiles on its own, as C and as C++, the generated header tests
 * check (CMakeLists.txt). */
#include <flu/module.h>

#include <stddef.h>

_Static_assert(offsetof(flu_module, abi_major) == 0, "abi_major leads flu_module");
_Static_assert(offsetof(flu_module, abi_minor) == 4, "abi_minor follows abi_major");
_Static_assert(offsetof(flu_module, struct_size) == 8, "struct_size follows abi_minor");

const size_t flu_test_c_layout[] = {
    sizeof(flu_property_spec),
    sizeof(flu_port_spec),
    sizeof(flu_host),
    sizeof(flu_component_ops),
    sizeof(flu_component_type),
    sizeof(flu_module),
    offsetof(flu_component_type, ops),
    offsetof(flu_module, n_types),
    sizeof(flu_keycard_field),
    sizeof(flu_keycard),
    sizeof(flu_bouncer_ops),
    offsetof(flu_component_type, bouncer),
    offsetof(flu_host, consult),
    offsetof(flu_component_type, kind),
    sizeof(flu_check_spec),
    offsetof(flu_component_type, checks),
    offsetof(flu_check_spec, run),
    offsetof(flu_host, hungry),
    offsetof(flu_host, component_state),
};
const size_t flu_test_c_layout_count =
    sizeof(flu_test_c_layout) / sizeof(flu_test_c_layout[0]);

/* FLU_HAS_FIELD and FLU_HAS_CALLBACK as a C compiler reads them. */
int flu_test_c_has_ui_state(const flu_host *host) {
  return FLU_HAS_CALLBACK(host, flu_host, ui_state);
}
int flu_test_c_reaches_kind(const flu_component_type *type) {
  return FLU_HAS_FIELD(type, flu_component_type, kind);
}
