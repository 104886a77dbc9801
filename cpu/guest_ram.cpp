#include "cpu/guest_ram.h"

#include <cstdlib>
#include <new>

#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#define M86_GUEST_RAM_MMAP 1
#endif

namespace m86 {

#if M86_GUEST_RAM_MMAP
// MAP_NORESERVE: the host's overcommit policy, not the size of -m, decides whether a large
// guest fits; untouched pages read as zero from the kernel's shared zero page.
GuestRam::GuestRam(size_t bytes) : size_(bytes) {
  if (bytes == 0) return;
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                 -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  data_ = static_cast<uint8_t*>(p);
}

GuestRam::~GuestRam() {
  if (data_) munmap(data_, size_);
}
#else
// Elsewhere calloc, which large C libraries also serve with lazily zeroed pages.
GuestRam::GuestRam(size_t bytes) : size_(bytes) {
  if (bytes == 0) return;
  data_ = static_cast<uint8_t*>(std::calloc(bytes, 1));
  if (!data_) throw std::bad_alloc();
}

GuestRam::~GuestRam() { std::free(data_); }
#endif

}  // namespace m86
