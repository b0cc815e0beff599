# Shared build helpers: warnings, sanitizers, sfn_module(), sfn_test().

add_library(sfn_flags INTERFACE)
target_compile_options(sfn_flags INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
  -Wimplicit-fallthrough -Wformat=2 $<$<BOOL:${SFN_WERROR}>:-Werror>)
target_include_directories(sfn_flags INTERFACE ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(sfn_flags INTERFACE BOOST_JSON_NO_LIB)
if(SFN_SANITIZE)
  # GCC 12 reports -Wmaybe-uninitialized false positives inside <regex>/<functional> when
  # sanitizers are on; the Release build keeps the warning.
  target_compile_options(sfn_flags INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all
                                             -fno-omit-frame-pointer -Wno-maybe-uninitialized)
  target_link_options(sfn_flags INTERFACE -fsanitize=address,undefined)
endif()

# sfn_module(NAME SOURCES a.cc b.cc DEPS x y): static library sfn_NAME.
function(sfn_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(sfn_${name} STATIC ${M_SOURCES})
  target_link_libraries(sfn_${name} PUBLIC sfn_flags ${M_DEPS})
endfunction()

# sfn_test(NAME SOURCES a_test.cc DEPS x y): GoogleTest binary registered with ctest.
function(sfn_test name)
  if(NOT SFN_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(T "" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE sfn_flags ${T_DEPS} GTest::gtest GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE SFN_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
                       PROPERTIES LABELS "${T_LABELS}" ENVIRONMENT "SFN_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
