# Warning flags shared by every target, host and freestanding alike.
set(TACTUS_WARNINGS -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wcast-align
    -Wunused -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(TACTUS_WERROR)
  list(APPEND TACTUS_WARNINGS -Werror)
endif()
