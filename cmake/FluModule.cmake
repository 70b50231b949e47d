# flu_add_module(): one call builds one module, in tree and out of tree.
#
#   flu_add_module(vp8-encoder VERSION 1.0.0 [SDK media|base|password]
#                  SOURCES entry.cpp vp8_encoder.cpp [LIBRARIES PkgConfig::GSTAPP ...])
#
# SDK names the part of the SDK the module is built against: `media` (the
# default: Flu::sdk, with GStreamer), `base` (Flu::sdk-base: a bouncer or
# another module that is not media, built without GStreamer's headers) or
# `password` (Flu::sdk-password: base plus libsodium, for the password
# helpers).
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
# flu's executables look beside their own bin/ (not with NO_INSTALL: a
# test's fixture module).
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
  cmake_parse_arguments(ARG "NO_INSTALL" "VERSION;SDK" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_VERSION)
    message(FATAL_ERROR "flu_add_module(${name}): VERSION is required")
  endif()
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "flu_add_module(${name}): SOURCES is required")
  endif()
  if(NOT ARG_SDK OR ARG_SDK STREQUAL "media")
    set(sdk Flu::sdk)
    set(needs PkgConfig::FLU_SDK_GST "gstreamer-1.0 >= 1.22")
  elseif(ARG_SDK STREQUAL "base")
    set(sdk Flu::sdk-base)
    set(needs "")
  elseif(ARG_SDK STREQUAL "password")
    set(sdk Flu::sdk-password)
    set(needs PkgConfig::FLU_SDK_SODIUM "libsodium")
  else()
    message(FATAL_ERROR "flu_add_module(${name}): SDK is media, base or password, "
                        "not '${ARG_SDK}'")
  endif()
  # Out of tree, the package config looked for GStreamer and libsodium
  # without requiring them: say which one this module lacks.
  if(needs AND NOT TARGET flu-sdk)
    list(GET needs 0 needed_target)
    list(GET needs 1 needed_package)
    if(NOT TARGET ${needed_target})
      message(FATAL_ERROR "flu_add_module(${name}): SDK ${ARG_SDK} needs "
                          "${needed_package}, which pkg-config did not find")
    endif()
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
  target_link_libraries(${target} PRIVATE ${sdk} ${ARG_LIBRARIES})
  # Every module of a build, for tests that run over all of them.
  set_property(GLOBAL APPEND PROPERTY FLU_MODULE_TARGETS ${target})

  if(TARGET flu-inspect)
    set(inspect $<TARGET_FILE:flu-inspect>)
    # The manifest is written after the link: a new flu-inspect (one that
    # writes more of it) relinks the module, so no build keeps a stale one.
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${inspect})
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
  if(ARG_NO_INSTALL) # a test's fixture
    return()
  endif()
  install(TARGETS ${target} LIBRARY DESTINATION "${FLU_MODULE_INSTALL_DIR}/${name}")
  install(FILES "${dir}/module.xml" DESTINATION "${FLU_MODULE_INSTALL_DIR}/${name}")
endfunction()

# What an admin page and a wizard step share: a shared object of its own,
# for flu-admin rather than for a job, built against Flu::sdk-base like a
# module (hidden visibility, -fno-gnu-unique, --no-undefined) and named
# <prefix>-<name> (the target) and lib<output>-<name>.so in
# <output_dir>/<name>/, installed to <install_kind>/<name>/ beside the
# modules' folder. The compile definition <id_define> names it.
function(_flu_add_console_part caller name prefix output output_dir install_kind id_define
         sources libraries)
  if(NOT sources)
    message(FATAL_ERROR "${caller}(${name}): SOURCES is required")
  endif()
  set(target ${prefix}-${name})
  add_library(${target} MODULE ${sources})
  set_target_properties(${target} PROPERTIES
    OUTPUT_NAME "${output}-${name}"
    LIBRARY_OUTPUT_DIRECTORY "${output_dir}/${name}"
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_compile_features(${target} PRIVATE cxx_std_20)
  target_compile_definitions(${target} PRIVATE ${id_define}="${name}")
  target_compile_options(${target} PRIVATE -Wall -Wextra)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -fno-gnu-unique)
  endif()
  target_link_options(${target} PRIVATE -Wl,--no-undefined)
  target_link_libraries(${target} PRIVATE Flu::sdk-base ${libraries})
  install(TARGETS ${target}
          LIBRARY DESTINATION "${FLU_MODULE_INSTALL_DIR}/../${install_kind}/${name}")
endfunction()

# flu_add_admin_page(): an admin page for flu-admin (docs/admin.md), a shared
# object of its own built against the SDK's <flu/sdk/admin_page.hpp>:
#
#   flu_add_admin_page(http-streamer SOURCES page.cpp)
#
# It lands in FLU_ADMIN_PAGE_OUTPUT_DIR/<name>/libflu-admin-<name>.so
# (default: lib/flu/admin-pages beside lib/flu/modules, where flu-bundle's
# recipes find it: <admin-page name="http-streamer"/>).
if(NOT DEFINED FLU_ADMIN_PAGE_OUTPUT_DIR)
  get_filename_component(FLU_ADMIN_PAGE_OUTPUT_DIR "${FLU_MODULE_OUTPUT_DIR}/../admin-pages"
                         ABSOLUTE)
endif()

function(flu_add_admin_page name)
  cmake_parse_arguments(ARG "" "" "SOURCES" ${ARGN})
  _flu_add_console_part(flu_add_admin_page ${name} flu-admin-page flu-admin
    "${FLU_ADMIN_PAGE_OUTPUT_DIR}" admin-pages FLU_ADMIN_PAGE_ID "${ARG_SOURCES}" "")
endfunction()

# flu_add_wizard_step(): a step of flu-admin's wizard (docs/admin.md
# "Wizard"), a shared object of its own built against the SDK's
# <flu/sdk/wizard_step.hpp>:
#
#   flu_add_wizard_step(http-streamer SOURCES step.cpp [LIBRARIES ...])
#
# It lands in FLU_WIZARD_STEP_OUTPUT_DIR/<name>/libflu-wizard-<name>.so
# (default: lib/flu/wizard-steps beside lib/flu/modules, where flu-bundle's
# recipes find it: <wizard-step name="http-streamer"/>).
if(NOT DEFINED FLU_WIZARD_STEP_OUTPUT_DIR)
  get_filename_component(FLU_WIZARD_STEP_OUTPUT_DIR
                         "${FLU_MODULE_OUTPUT_DIR}/../wizard-steps" ABSOLUTE)
endif()

function(flu_add_wizard_step name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  _flu_add_console_part(flu_add_wizard_step ${name} flu-wizard-step flu-wizard
    "${FLU_WIZARD_STEP_OUTPUT_DIR}" wizard-steps FLU_WIZARD_STEP_ID "${ARG_SOURCES}"
    "${ARG_LIBRARIES}")
endfunction()
