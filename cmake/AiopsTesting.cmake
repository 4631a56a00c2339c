# aiops: helpers that turn test sources into CTest tests with labels.
include_guard(GLOBAL)
find_package(Catch2 2.13 REQUIRED)
include(Catch)

# One Catch2 main object and one precompiled catch.hpp, reused by every test executable.
add_library(aiops_catch_main OBJECT ${PROJECT_SOURCE_DIR}/tests/support/catch_main.cpp
  ${PROJECT_SOURCE_DIR}/tests/support/catch_pch.cpp)
target_link_libraries(aiops_catch_main PUBLIC Catch2::Catch2 aiops_options)
target_compile_features(aiops_catch_main PUBLIC cxx_std_20)
target_precompile_headers(aiops_catch_main PRIVATE <catch2/catch.hpp>)
# Without the headers' timestamps in it, clang's precompiled header restored by ccache in a new clone
# is not rejected as older than its headers.
target_compile_options(aiops_catch_main PRIVATE "$<$<CXX_COMPILER_ID:Clang>:SHELL:-Xclang -fno-pch-timestamp>")
# The main itself must see CATCH_CONFIG_MAIN before catch.hpp, so it skips the precompiled copy.
set_source_files_properties(${PROJECT_SOURCE_DIR}/tests/support/catch_main.cpp PROPERTIES SKIP_PRECOMPILE_HEADERS ON)

# aiops_add_test_executable(<name> SOURCES ... LINK ... [UNITY]): a Catch2 executable on the shared
# main; UNITY compiles its sources as one unit (cmake/AiopsUnity.cmake).
function(aiops_add_test_executable name)
  cmake_parse_arguments(arg "UNITY" "" "SOURCES;LINK" ${ARGN})
  if(arg_UNITY)
    aiops_unity_sources(arg_SOURCES ${name} 0 ${arg_SOURCES})
  endif()
  add_executable(${name} ${arg_SOURCES} $<TARGET_OBJECTS:aiops_catch_main>)
  target_link_libraries(${name} PRIVATE Catch2::Catch2 aiops_options ${arg_LINK})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  target_precompile_headers(${name} REUSE_FROM aiops_catch_main)
endfunction()

# aiops_discover(<target> PREFIX <p> LABELS <l>... [WILL_FAIL] [TEST_SPEC <spec>] [LOCKS <lock>...]
# [COST <n>]): one CTest test per Catch2 test case. Catch2 v2 drops a list of labels passed through
# PROPERTIES, so the labels are set from an include file that runs after discovery.
function(aiops_discover target)
  cmake_parse_arguments(arg "WILL_FAIL" "PREFIX;TEST_SPEC;COST" "LABELS;LOCKS" ${ARGN})
  set(list_var "${target}_tests")
  string(MAKE_C_IDENTIFIER "${list_var}" list_var)
  set(extra "")
  if(arg_TEST_SPEC)
    list(APPEND extra TEST_SPEC "${arg_TEST_SPEC}")
  endif()
  # --warn NoTests: a test whose name CTest mangled (a ';' splits it) runs nothing, and must fail.
  catch_discover_tests(${target} TEST_PREFIX "${arg_PREFIX}" TEST_LIST ${list_var} ${extra}
    REPORTER compact DISCOVERY_TIMEOUT 60 EXTRA_ARGS --warn NoTests)
  # The source tree is found at run time (tests/support/datasets.hpp), never compiled in.
  set(props "LABELS \"${arg_LABELS}\" ENVIRONMENT \"AIOPS_SOURCE_DIR=${PROJECT_SOURCE_DIR}\"")
  if(arg_WILL_FAIL)
    string(APPEND props " WILL_FAIL TRUE")
  endif()
  if(arg_LOCKS)
    # Tests holding the same lock (a server they change) never run at the same time under ctest -j.
    list(JOIN arg_LOCKS ";" locks)
    string(APPEND props " RESOURCE_LOCK \"${locks}\"")
  endif()
  if(arg_COST)
    string(APPEND props " COST ${arg_COST}")  # ctest -j starts the costliest tests first
  endif()
  set(label_file "${CMAKE_CURRENT_BINARY_DIR}/${target}_labels.cmake")
  file(WRITE "${label_file}"
    "if(${list_var})\n  set_tests_properties(\${${list_var}} PROPERTIES ${props})\nendif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${label_file}")
endfunction()
