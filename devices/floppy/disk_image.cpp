#include "devices/floppy/disk_image.h"

#include <cstring>

namespace m86 {

std::unique_ptr<RawFileImage> RawFileImage::Open(const std::string& path, bool writable,
                                                 std::string* error) {
  std::FILE* f = std::fopen(path.c_str(), writable ? "r+b" : "rb");
  if (!f) {
    if (error) *error = "cannot open disk image '" + path + "': " + std::strerror(errno);
    return nullptr;
  }
  if (std::fseek(f, 0, SEEK_END) != 0) {
    if (error) *error = "cannot determine the size of disk image '" + path + "'";
    std::fclose(f);
    return nullptr;
  }
  const long end = std::ftell(f);
  if (end < 0) {
    if (error) *error = "cannot determine the size of disk image '" + path + "'";
    std::fclose(f);
    return nullptr;
  }
  return std::unique_ptr<RawFileImage>(new RawFileImage(f, static_cast<uint64_t>(end), writable));
}

RawFileImage::~RawFileImage() { std::fclose(file_); }

bool RawFileImage::ReadSectors(uint64_t lba, std::span<uint8_t> out) {
  const uint64_t off = lba * kSectorSize;
  if (off + out.size() > size_) return false;
  if (std::fseek(file_, static_cast<long>(off), SEEK_SET) != 0) return false;
  return std::fread(out.data(), 1, out.size(), file_) == out.size();
}

bool RawFileImage::WriteSectors(uint64_t lba, std::span<const uint8_t> data) {
  const uint64_t off = lba * kSectorSize;
  if (!writable_ || off + data.size() > size_) return false;
  if (std::fseek(file_, static_cast<long>(off), SEEK_SET) != 0) return false;
  if (std::fwrite(data.data(), 1, data.size(), file_) != data.size()) return false;
  return std::fflush(file_) == 0;
}

OverlayImage::OverlayImage(std::unique_ptr<DiskImage> base)
    : base_(std::move(base)), size_(base_->size()), read_only_(false) {}

OverlayImage::OverlayImage(std::vector<uint8_t> contents, bool read_only)
    : contents_(std::move(contents)), size_(contents_.size()), read_only_(read_only) {}

bool OverlayImage::ReadSectors(uint64_t lba, std::span<uint8_t> out) {
  if ((lba * kSectorSize) + out.size() > size_) return false;
  for (size_t i = 0; i < out.size() / kSectorSize; ++i) {
    std::span<uint8_t> sector = out.subspan(i * kSectorSize, kSectorSize);
    if (auto it = written_.find(lba + i); it != written_.end()) {
      std::memcpy(sector.data(), it->second.data(), kSectorSize);
    } else if (base_) {
      if (!base_->ReadSectors(lba + i, sector)) return false;
    } else {
      std::memcpy(sector.data(), contents_.data() + (lba + i) * kSectorSize, kSectorSize);
    }
  }
  return true;
}

bool OverlayImage::WriteSectors(uint64_t lba, std::span<const uint8_t> data) {
  if (read_only_ || (lba * kSectorSize) + data.size() > size_) return false;
  for (size_t i = 0; i < data.size() / kSectorSize; ++i) {
    const uint8_t* src = data.data() + i * kSectorSize;
    if (base_)
      written_[lba + i].assign(src, src + kSectorSize);
    else
      std::memcpy(contents_.data() + (lba + i) * kSectorSize, src, kSectorSize);
  }
  return true;
}

std::optional<FloppyGeometry> FloppyGeometryForSize(uint64_t bytes, std::string* error) {
  switch (bytes) {
    case 368640:
      return FloppyGeometry{40, 2, 9, 250};  // 360K 5.25" DD
    case 737280:
      return FloppyGeometry{80, 2, 9, 250};  // 720K 3.5" DD
    case 1228800:
      return FloppyGeometry{80, 2, 15, 500};  // 1.2M 5.25" HD
    case 1474560:
      return FloppyGeometry{80, 2, 18, 500};  // 1.44M 3.5" HD
    default:
      if (error) {
        *error = "unsupported floppy image size " + std::to_string(bytes) +
                 " bytes: expected 368640 (360K), 737280 (720K), 1228800 (1.2M) or "
                 "1474560 (1.44M)";
      }
      return std::nullopt;
  }
}

}  // namespace m86
