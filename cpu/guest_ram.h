// Guest RAM as one zero-filled host reservation whose pages cost host memory only once the
// guest (or a loader) touches them: anonymous memory on POSIX hosts, so `-m 2048` starts as
// fast as `-m 16` and a guest that uses 40 MiB of it keeps about 40 MiB resident.
#pragma once
#include <cstddef>
#include <cstdint>

namespace m86 {

class GuestRam {
 public:
  // Throws std::bad_alloc when the host cannot reserve `bytes`.
  explicit GuestRam(size_t bytes);
  ~GuestRam();
  GuestRam(const GuestRam&) = delete;
  GuestRam& operator=(const GuestRam&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace m86
