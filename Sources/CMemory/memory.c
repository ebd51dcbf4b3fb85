#include "cmemory.h"

#include <stdlib.h>  // defines __GLIBC__ on glibc systems

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define CMEMORY_SANITIZED 1
#endif
#endif

void cmemory_release_free_pages(void) {
// Under a sanitizer, its own allocator serves malloc and glibc's heap is never set up; trimming
// that heap from two threads at once then crashes inside glibc. There is nothing to trim anyway.
#if defined(__GLIBC__) && !defined(CMEMORY_SANITIZED)
    malloc_trim(0);
#endif
}
