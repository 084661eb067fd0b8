# Shared build settings: the warnings target, sanitizers, and the module helper.

add_library(cv_warnings INTERFACE)
target_compile_options(cv_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2
  # GCC 12 false positives on std::string at -O2/-O3 (GCC bugs 105329, 105651) and on Asio
  # coroutine frames.
  $<$<CXX_COMPILER_ID:GNU>:-Wno-maybe-uninitialized -Wno-restrict -Wno-mismatched-new-delete>)
if(CAREVOICE_WERROR)
  target_compile_options(cv_warnings INTERFACE -Werror)
endif()

if(CAREVOICE_SANITIZE)
  # Every finding is fatal, so a sanitizer report fails the test that caused it.
  add_compile_options(-fsanitize=${CAREVOICE_SANITIZE} -fno-omit-frame-pointer
    -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${CAREVOICE_SANITIZE})
endif()

# carevoice_module(NAME [DEPS ...] [PRIVATE_DEPS ...] [TEST_DEPS ...] [ADAPTERS dir...] [EXCLUDE regex])
# Creates the static library cv_NAME from every *.cpp below the calling folder (recursively,
# except *_test.cpp, *_pgtest.cpp, *_benchmark.cpp, *_fuzz.cpp) and, when *_test.cpp files exist,
# the hermetic GoogleTest binary cv_NAME_test, registered with CTest as unit.NAME. The folders
# named in ADAPTERS are left out: each is its own library, made by carevoice_adapter().
function(carevoice_module name)
  cmake_parse_arguments(M "" "EXCLUDE" "DEPS;PRIVATE_DEPS;TEST_DEPS;ADAPTERS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(FILTER srcs EXCLUDE REGEX "_(test|pgtest|benchmark|fuzz)\\.cpp$")
  if(M_EXCLUDE)
    list(FILTER srcs EXCLUDE REGEX "${M_EXCLUDE}")
  endif()
  foreach(adapter ${M_ADAPTERS})
    list(FILTER srcs EXCLUDE REGEX "/src/${name}/${adapter}/")
  endforeach()
  if(srcs)
    add_library(cv_${name} STATIC ${srcs})
    target_include_directories(cv_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(cv_${name} PUBLIC ${M_DEPS} PRIVATE cv_warnings ${M_PRIVATE_DEPS})
  else()
    add_library(cv_${name} INTERFACE)
    target_include_directories(cv_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(cv_${name} INTERFACE ${M_DEPS})
  endif()
  file(GLOB_RECURSE tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
  if(tests AND CAREVOICE_BUILD_TESTS)
    add_executable(cv_${name}_test ${tests})
    target_link_libraries(cv_${name}_test PRIVATE cv_${name} ${M_TEST_DEPS} GTest::gtest GTest::gmock
      GTest::gtest_main cv_warnings)
    add_test(NAME unit.${name} COMMAND cv_${name}_test --gtest_brief=1)
    set_tests_properties(unit.${name} PROPERTIES
      ENVIRONMENT "CAREVOICE_SOURCE_DIR=${PROJECT_SOURCE_DIR};CAREVOICE_SHARED_DIR=${PROJECT_SOURCE_DIR}/../shared"
      LABELS unit)
  endif()
endfunction()

# carevoice_adapter(MODULE DIR [DEPS ...] [PRIVATE_DEPS ...])
# Creates the static library cv_MODULE_DIR from the *.cpp of src/MODULE/DIR/ (one adapter of one of
# MODULE's ports, except its tests), linked to the port library cv_MODULE. Only the composition
# root (app) and the targets that choose an adapter link it (scripts/check_includes.sh).
function(carevoice_adapter module dir)
  cmake_parse_arguments(A "" "" "DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.cpp)
  list(FILTER srcs EXCLUDE REGEX "_(test|pgtest|benchmark|fuzz)\\.cpp$")
  add_library(cv_${module}_${dir} STATIC ${srcs})
  target_link_libraries(cv_${module}_${dir} PUBLIC cv_${module} ${A_DEPS}
    PRIVATE cv_warnings ${A_PRIVATE_DEPS})
endfunction()
