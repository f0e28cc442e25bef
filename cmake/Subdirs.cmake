# Adds a subdirectory only when it has a CMakeLists.txt, so folders that a
# later issue fills can exist (with a README) before they build anything.
function(tactus_add_subdirectory_if_present dir)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt)
    add_subdirectory(${dir})
  endif()
endfunction()

# Adds every immediate child folder of the current source dir that has a
# CMakeLists.txt (tests/unit/<area>, tests/fuzz/<target>, ...).
function(tactus_add_child_directories)
  file(GLOB children LIST_DIRECTORIES true ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT children)
  foreach(child IN LISTS children)
    if(IS_DIRECTORY ${child} AND EXISTS ${child}/CMakeLists.txt)
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()
