# flu_add_module(): one call builds one module, in tree and out of tree.
#
#   flu_add_module(vp8-encoder VERSION 1.0.0 SOURCES entry.cpp vp8_encoder.cpp
#                  [LIBRARIES PkgConfig::GSTAPP ...])
#
# The module becomes its own shared object, built with hidden visibility and
# -fno-gnu-unique (so that it really unloads, shared/reference/stack.md §5),
# linked with --no-undefined against the SDK only. After the build, flu-inspect
# writes the module's manifest beside it, so that nobody has to load the .so
# again to learn what it provides.
#
# In tree, flu-inspect is the build's own target; out of tree, it is the one
# find_package(FluSDK) found (FLU_INSPECT_EXECUTABLE). Either way the module
# lands in FLU_MODULE_OUTPUT_DIR/<name>/ (default: lib/flu/modules/<name> of
# the build tree), a directory FLU_MODULE_PATH can point at, and installs to
# FLU_MODULE_INSTALL_DIR/<name>/ (default: lib/flu/modules/<name>), where
# flu's executables look beside their own bin/.
include_guard(GLOBAL)

if(NOT DEFINED FLU_MODULE_OUTPUT_DIR)
  set(FLU_MODULE_OUTPUT_DIR "${CMAKE_BINARY_DIR}/lib/flu/modules")
endif()
# Not CMAKE_INSTALL_LIBDIR: the executables search <prefix>/lib/flu/modules
# whatever the platform's library directory is (core/registry/module_path).
if(NOT DEFINED FLU_MODULE_INSTALL_DIR)
  set(FLU_MODULE_INSTALL_DIR "lib/flu/modules")
endif()

function(flu_add_module name)
  cmake_parse_arguments(ARG "" "VERSION" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_VERSION)
    message(FATAL_ERROR "flu_add_module(${name}): VERSION is required")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "flu_add_module(${name}): SOURCES is required")
  endif()
  set(target flu-module-${name})
  set(dir "${FLU_MODULE_OUTPUT_DIR}/${name}")
  add_library(${target} MODULE ${ARG_SOURCES})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME "flu-${name}"
    LIBRARY_OUTPUT_DIRECTORY "${dir}"
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_compile_definitions(${target} PRIVATE
    FLU_MODULE_ID="${name}" FLU_MODULE_VERSION="${ARG_VERSION}")
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  # GCC marks some statics STB_GNU_UNIQUE, which makes dlclose a no-op;
  # other compilers do not emit them (and do not know the flag).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -fno-gnu-unique)
  endif()
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  target_link_libraries(${target} PRIVATE Flu::sdk ${ARG_LIBRARIES})

  if(TARGET flu-inspect)
    set(inspect $<TARGET_FILE:flu-inspect>)
  elseif(FLU_INSPECT_EXECUTABLE)
    set(inspect "${FLU_INSPECT_EXECUTABLE}")
  else()
    message(FATAL_ERROR "flu_add_module(${name}): flu-inspect not found")
  endif()
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${inspect} --manifest $<TARGET_FILE:${target}>
            --output "${dir}/module.xml"
    COMMENT "Writing the manifest of module ${name}"
    VERBATIM)
  install(TARGETS ${target} LIBRARY DESTINATION "${FLU_MODULE_INSTALL_DIR}/${name}")
  install(FILES "${dir}/module.xml" DESTINATION "${FLU_MODULE_INSTALL_DIR}/${name}")
endfunction()
