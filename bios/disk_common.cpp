#include "bios/disk_common.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace m86::disk {
namespace {

constexpr uint32_t kChunkSectors = 64;  // sectors staged per host read or write

// Segment:offset of the byte `delta` past seg:off, normalized so one sector never wraps its
// offset. Past FFFF:FFFF (beyond 1 MiB + 64 KiB) real mode cannot address; the offset wraps.
void Advance(uint16_t seg, uint16_t off, uint32_t delta, uint16_t* out_seg, uint16_t* out_off) {
  const uint32_t total = uint32_t{off} + delta;
  const uint32_t s = uint32_t{seg} + (total >> 4);
  if (s <= 0xFFFF) {
    *out_seg = static_cast<uint16_t>(s);
    *out_off = static_cast<uint16_t>(total & 0xF);
  } else {
    *out_seg = 0xFFFF;
    *out_off = static_cast<uint16_t>((uint32_t{seg} << 4) + total - 0xFFFF0u);
  }
}

uint64_t TotalSectors(const DiskImage& image) { return image.size() / kSectorSize; }

}  // namespace

Chs HardDiskGeometry(uint64_t bytes) {
  const uint64_t sectors = bytes / kSectorSize;
  const uint32_t heads = sectors <= 1024ull * 16 * 63 ? 16 : 255;
  uint64_t cylinders = sectors / (heads * 63ull);
  cylinders = std::clamp<uint64_t>(cylinders, 1, 1024);
  return {static_cast<uint32_t>(cylinders), heads, 63};
}

ChsAddress ChsFromRegisters(BiosCall& call) {
  return {call.ch() | ((call.cl() & 0xC0u) << 2), call.dh(), call.cl() & 0x3Fu};
}

uint16_t PackCylinderSector(uint32_t max_cylinder, uint32_t max_sector) {
  return static_cast<uint16_t>(((max_cylinder & 0xFF) << 8) | ((max_cylinder >> 2) & 0xC0) |
                               (max_sector & 0x3F));
}

TransferResult Transfer(BiosCall& call, DiskImage& image, uint64_t lba, uint32_t count,
                        uint16_t seg, uint16_t off, Direction dir) {
  const uint64_t total = TotalSectors(image);
  const uint32_t possible = lba >= total ? 0 : static_cast<uint32_t>(std::min<uint64_t>(count, total - lba));
  std::vector<uint8_t> buffer;
  uint32_t done = 0;
  while (done < possible) {
    const uint32_t n = std::min(kChunkSectors, possible - done);
    if (dir == Direction::kVerify) {
      done += n;
      continue;
    }
    buffer.resize(size_t{n} * kSectorSize);
    if (dir == Direction::kRead) {
      if (!image.ReadSectors(lba + done, buffer)) return {done, kReadError};
      for (uint32_t i = 0; i < n; ++i) {
        uint16_t s, o;
        Advance(seg, off, (done + i) * kSectorSize, &s, &o);
        call.WriteBlock(s, o, std::span<const uint8_t>(buffer).subspan(size_t{i} * kSectorSize, kSectorSize));
      }
    } else {
      for (uint32_t i = 0; i < n; ++i) {
        uint16_t s, o;
        Advance(seg, off, (done + i) * kSectorSize, &s, &o);
        call.ReadBlock(s, o, std::span<uint8_t>(buffer).subspan(size_t{i} * kSectorSize, kSectorSize));
      }
      if (!image.WriteSectors(lba + done, buffer)) return {done, kControllerFailed};
    }
    done += n;
  }
  return {done, done == count ? kOk : kSectorNotFound};
}

TransferResult TransferPhysical(PhysicalMemory& memory, DiskImage& image, uint64_t lba,
                                uint32_t count, uint64_t phys, Direction dir) {
  const uint64_t total = TotalSectors(image);
  const uint32_t possible = lba >= total ? 0 : static_cast<uint32_t>(std::min<uint64_t>(count, total - lba));
  std::vector<uint8_t> buffer(kSectorSize);
  for (uint32_t i = 0; i < possible; ++i) {
    const uint64_t addr = phys + uint64_t{i} * kSectorSize;
    if (addr + kSectorSize > (uint64_t{1} << 32)) return {i, kBadCommand};
    if (dir == Direction::kRead) {
      if (!image.ReadSectors(lba + i, buffer)) return {i, kReadError};
      memory.WriteBytes(static_cast<uint32_t>(addr), buffer);
    } else if (dir == Direction::kWrite) {
      memory.ReadBytes(static_cast<uint32_t>(addr), buffer);
      if (!image.WriteSectors(lba + i, buffer)) return {i, kControllerFailed};
    }
  }
  return {possible, possible == count ? kOk : kSectorNotFound};
}

AddressPacket ReadAddressPacket(BiosCall& call) {
  const uint16_t ds = call.ds(), si = call.si();
  auto at = [si](int offset) { return static_cast<uint16_t>(si + offset); };
  AddressPacket p{};
  p.size = call.Read8(ds, si);
  p.count = call.Read16(ds, at(2));
  p.buffer_off = call.Read16(ds, at(4));
  p.buffer_seg = call.Read16(ds, at(6));
  p.lba = call.Read32(ds, at(8)) | (uint64_t{call.Read32(ds, at(12))} << 32);
  if (p.size >= 0x18) p.flat = call.Read32(ds, at(16)) | (uint64_t{call.Read32(ds, at(20))} << 32);
  return p;
}

uint8_t InstallationCheck(BiosCall& call, uint8_t version, uint16_t subsets) {
  if (call.bx() != 0x55AA) return Finish(call, kBadCommand);
  call.set_bx(0xAA55);
  call.set_cx(subsets);
  call.set_ah(version);
  call.SetCarry(false);
  return kOk;
}

uint8_t ExtendedSeek(BiosCall& call, uint64_t blocks) {
  const AddressPacket p = ReadAddressPacket(call);
  if (p.size < 0x10) return Finish(call, kBadCommand);
  return Finish(call, p.lba < blocks ? kOk : kSectorNotFound);
}

std::string FunctionName(uint8_t ah, const char* what) {
  char text[64];
  std::snprintf(text, sizeof text, "INT 13h AH=%02Xh (%s)", ah, what);
  return text;
}

}  // namespace m86::disk
