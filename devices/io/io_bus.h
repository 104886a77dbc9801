// The port I/O bus: devices map port ranges; unmapped reads float high, unmapped writes drop.
#pragma once
#include <cstdint>
#include <vector>

#include "cpu/bus.h"

namespace m86 {

// A device reachable through port I/O. `size` is 1, 2 or 4 bytes.
class IoDevice {
 public:
  virtual ~IoDevice() = default;
  virtual uint32_t IoRead(uint16_t port, int size) = 0;
  virtual void IoWrite(uint16_t port, int size, uint32_t value) = 0;
};

class IoBus final : public PortIo {
 public:
  IoBus();
  // Routes ports first..last (inclusive) to `device`; later maps win.
  void Map(IoDevice* device, uint16_t first, uint16_t last);
  // Releases those of ports first..last that route to `device` (a relocated PCI I/O block).
  void Unmap(IoDevice* device, uint16_t first, uint16_t last);
  uint32_t In(uint16_t port, int size) override;
  void Out(uint16_t port, int size, uint32_t value) override;
  uint64_t unmapped_reads() const { return unmapped_reads_; }
  uint64_t unmapped_writes() const { return unmapped_writes_; }

 private:
  std::vector<IoDevice*> ports_;  // one slot per port
  uint64_t unmapped_reads_ = 0, unmapped_writes_ = 0;
};

}  // namespace m86
