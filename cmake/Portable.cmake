# The two worlds Tactus code is compiled for.
#
#  * freestanding: the hypervisor, the management domain and the guests.
#    No hosted C++ runtime, no exceptions, no RTTI, no red zone, no SSE in
#    code that may run with a guest's FPU state live. Headers-only parts of
#    the C++ library (<cstdint>, <type_traits>, <span>, <atomic>, ...) and
#    Boost.Intrusive are fine; nothing may need libstdc++'s or libc's objects.
#  * host: ordinary Linux executables (tests, fuzzers, benchmarks, simulator).
#
# tactus_portable_library(NAME SOURCES ... [DEPENDS ...] [INCLUDES ...])
# defines NAME_fs and NAME_host from the same sources. DEPENDS names other
# portable libraries by their base name; each variant links the matching
# variant. There is never a second copy of a portable source file.
#
# --param=min-pagesize=0: GCC 12 otherwise treats reads of fixed low
# physical addresses (the BIOS data area) as null-pointer arithmetic.

set(TACTUS_FREESTANDING_FLAGS
    -ffreestanding -fno-exceptions -fno-rtti -mno-red-zone
    -fno-stack-protector -fno-pic -fno-pie -fno-threadsafe-statics
    -fno-asynchronous-unwind-tables -fno-omit-frame-pointer
    -fno-builtin-printf -mgeneral-regs-only -mcmodel=small
    --param=min-pagesize=0 -nostdlib -static)
set(TACTUS_FREESTANDING_DEFINES
    TACTUS_FREESTANDING=1 BOOST_DISABLE_ASSERTS BOOST_NO_EXCEPTIONS
    BOOST_INTRUSIVE_DISABLE_FORCEINLINE)
set(TACTUS_FREESTANDING_LINK_FLAGS
    -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=0x1000
    -Wl,--no-warn-rwx-segments)

# Applies the freestanding compile flags to a target.
function(tactus_make_freestanding target)
  target_compile_options(${target} PRIVATE ${TACTUS_WARNINGS}
      $<$<COMPILE_LANGUAGE:CXX,C>:${TACTUS_FREESTANDING_FLAGS}>)
  target_compile_definitions(${target} PUBLIC ${TACTUS_FREESTANDING_DEFINES})
endfunction()

function(tactus_portable_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;INCLUDES;HOST_ONLY_SOURCES;FS_ONLY_SOURCES" ${ARGN})
  if(NOT ARG_INCLUDES)
    set(ARG_INCLUDES ${CMAKE_CURRENT_SOURCE_DIR}/include)
  endif()
  foreach(variant fs host)
    set(t ${name}_${variant})
    if(variant STREQUAL "fs")
      add_library(${t} STATIC ${ARG_SOURCES} ${ARG_FS_ONLY_SOURCES})
      tactus_make_freestanding(${t})
    else()
      add_library(${t} STATIC ${ARG_SOURCES} ${ARG_HOST_ONLY_SOURCES})
      target_compile_options(${t} PRIVATE ${TACTUS_WARNINGS})
      if(TACTUS_FUZZ)
        # Coverage feedback and sanitizers for the code under test, not only
        # for the fuzz target's own source file.
        target_compile_options(${t} PRIVATE -fsanitize=fuzzer-no-link,address,undefined)
      endif()
      target_compile_definitions(${t} PUBLIC TACTUS_HOSTED=1)
    endif()
    target_include_directories(${t} PUBLIC ${ARG_INCLUDES})
    target_include_directories(${t} SYSTEM PUBLIC ${Boost_INCLUDE_DIRS})
    foreach(dep IN LISTS ARG_DEPENDS)
      target_link_libraries(${t} PUBLIC ${dep}_${variant})
    endforeach()
    set_target_properties(${t} PROPERTIES LINKER_LANGUAGE CXX)
  endforeach()
endfunction()

# Host executables of the test layers get the warning flags too.
function(tactus_host_warnings target)
  target_compile_options(${target} PRIVATE ${TACTUS_WARNINGS})
endfunction()

# tactus_unit_test(NAME SOURCES ... LIBS ...): a GoogleTest executable
# registered with ctest under the `unit` label.
function(tactus_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  tactus_host_warnings(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest_main)
  add_test(NAME ${name} COMMAND ${name} --gtest_brief=1)
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 300)
endfunction()
