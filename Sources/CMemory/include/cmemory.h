#ifndef TOKENCTL_CMEMORY_H
#define TOKENCTL_CMEMORY_H

/// Hands the heap's free pages back to the system (glibc's `malloc_trim(0)`; nothing elsewhere,
/// nor under AddressSanitizer or ThreadSanitizer, whose allocators own the heap).
/// A load's scratch memory is freed but stays resident until this; `serve` calls it after each
/// load and reload, so its resident size is the index's.
void cmemory_release_free_pages(void);

#endif
