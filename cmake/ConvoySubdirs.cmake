# convoy_add_component_dirs(): add_subdirectory() for every direct subfolder of
# the current source dir that has a CMakeLists.txt, in name order. Lets each
# component (actors/store, actors/scheduler, tests/unit/raft, ...) own its build
# file without a shared list to edit.
function(convoy_add_component_dirs)
  file(GLOB children LIST_DIRECTORIES true RELATIVE "${CMAKE_CURRENT_SOURCE_DIR}"
       CONFIGURE_DEPENDS "${CMAKE_CURRENT_SOURCE_DIR}/*")
  list(SORT children)
  foreach(child IN LISTS children)
    if(IS_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}/${child}"
       AND EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${child}/CMakeLists.txt")
      add_subdirectory(${child})
    endif()
  endforeach()
endfunction()
