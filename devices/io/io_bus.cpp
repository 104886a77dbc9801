#include "devices/io/io_bus.h"

namespace m86 {

IoBus::IoBus() : ports_(65536, nullptr) {}

void IoBus::Map(IoDevice* device, uint16_t first, uint16_t last) {
  for (uint32_t p = first; p <= last; ++p) ports_[p] = device;
}

void IoBus::Unmap(IoDevice* device, uint16_t first, uint16_t last) {
  for (uint32_t p = first; p <= last; ++p) {
    if (ports_[p] == device) ports_[p] = nullptr;
  }
}

uint32_t IoBus::In(uint16_t port, int size) {
  IoDevice* d = ports_[port];
  if (d) return d->IoRead(port, size);
  ++unmapped_reads_;
  return size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;
}

void IoBus::Out(uint16_t port, int size, uint32_t value) {
  IoDevice* d = ports_[port];
  if (d)
    d->IoWrite(port, size, value);
  else
    ++unmapped_writes_;
}

}  // namespace m86
