# commsim_set_warnings(target): the project's one warning policy.
function(commsim_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
                         -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
                         -Wdouble-promotion
                         # g++ 12 reports std::optional members as maybe-uninitialized
                         # (GCC bug 80635); the warning has no true positives here.
                         -Wno-maybe-uninitialized
                         # g++ 12 at -O3 reports `"literal" + std::string` as an overlapping
                         # memcpy (GCC bug 105329, fixed in GCC 13).
                         -Wno-restrict)
  if(COMMSIM_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
