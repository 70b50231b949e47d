// What a module's entry file writes, whatever its component types are: the
// properties and ports it declares, and FLU_MODULE(), the one exported
// symbol (see <flu/module.h>). Needs no GStreamer.
//
//   const flu_property_spec props[] = {flu::sdk::property("bitrate", ...)};
//   const flu_component_type types[] = {...};
//   FLU_MODULE(types)
#pragma once

#include <flu/module.h>

#include <cstdint>

namespace flu::sdk {

constexpr flu_property_spec property(const char *name, flu_property_type type,
                                     const char *description,
                                     const char *default_value = nullptr,
                                     uint32_t flags = 0) {
  return {.struct_size = sizeof(flu_property_spec),
          .name = name,
          .type = type,
          .default_value = default_value,
          .flags = flags,
          .description = description};
}

constexpr flu_port_spec port(const char *name, uint32_t flags = 0,
                             const char *description = "") {
  return {.struct_size = sizeof(flu_port_spec),
          .name = name,
          .flags = flags,
          .description = description};
}

} // namespace flu::sdk

// flu_add_module() defines FLU_MODULE_ID and FLU_MODULE_VERSION from its
// arguments, so the id and version live in one place: the module's CMake.
#define FLU_MODULE(type_table)                                                           \
  extern "C" __attribute__((visibility("default"))) const flu_module *flu_module_entry(  \
      void) {                                                                            \
    static const flu_module module = {                                                   \
        .abi_major = FLU_ABI_MAJOR,                                                      \
        .abi_minor = FLU_ABI_MINOR,                                                      \
        .struct_size = sizeof(flu_module),                                               \
        .id = FLU_MODULE_ID,                                                             \
        .version = FLU_MODULE_VERSION,                                                   \
        .types = type_table,                                                             \
        .n_types = static_cast<uint32_t>(sizeof(type_table) / sizeof((type_table)[0]))}; \
    return &module;                                                                      \
  }
