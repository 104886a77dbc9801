#include "bios/video_io.h"

namespace m86::video {

uint16_t VgaIo::CrtcPort() { return bios_.Peek16(bda::kCrtcBase) == 0x3B4 ? 0x3B4 : 0x3D4; }

uint8_t VgaIo::Attr(uint8_t index) {
  const uint16_t status = static_cast<uint16_t>(CrtcPort() + 6);  // input status 1
  In8(status);
  Out8(kAttrIndexPort, index & 0x1F);
  const uint8_t value = In8(kAttrReadPort);
  EnableDisplay();
  return value;
}

void VgaIo::SetAttr(uint8_t index, uint8_t value) {
  In8(static_cast<uint16_t>(CrtcPort() + 6));
  Out8(kAttrIndexPort, index & 0x1F);
  Out8(kAttrIndexPort, value);
  EnableDisplay();
}

void VgaIo::EnableDisplay() {
  In8(static_cast<uint16_t>(CrtcPort() + 6));
  Out8(kAttrIndexPort, 0x20);
}

void VgaIo::SetDac(uint8_t index, Rgb c, bool eight_bit) {
  const uint8_t mask = eight_bit ? 0xFF : 0x3F;
  Out8(kDacWriteIndexPort, index);
  Out8(kDacDataPort, c.r & mask);
  Out8(kDacDataPort, c.g & mask);
  Out8(kDacDataPort, c.b & mask);
}

Rgb VgaIo::Dac(uint8_t index) {
  Out8(kDacReadIndexPort, index);
  Rgb c;
  c.r = In8(kDacDataPort);
  c.g = In8(kDacDataPort);
  c.b = In8(kDacDataPort);
  return c;
}

uint16_t VgaIo::Dispi(uint16_t index) {
  bios_.io().Out(kDispiIndexPort, 2, index);
  return static_cast<uint16_t>(bios_.io().In(kDispiDataPort, 2));
}

void VgaIo::SetDispi(uint16_t index, uint16_t value) {
  bios_.io().Out(kDispiIndexPort, 2, index);
  bios_.io().Out(kDispiDataPort, 2, value);
}

void VgaIo::Fill32(uint32_t phys, uint32_t bytes, uint32_t pattern) {
  for (uint32_t off = 0; off < bytes; off += 4) bios_.memory().Write(phys + off, 4, pattern);
}

SavedPlanarState::SavedPlanarState(VgaIo& vga) : vga_(vga) {
  for (int i = 0; i < 5; ++i) gc_[i] = vga_.Gc(kGcSaved[i]);
  map_mask_ = vga_.Seq(2);
}

SavedPlanarState::~SavedPlanarState() {
  for (int i = 0; i < 5; ++i) vga_.SetGc(kGcSaved[i], gc_[i]);
  vga_.SetSeq(2, map_mask_);
}

}  // namespace m86::video
