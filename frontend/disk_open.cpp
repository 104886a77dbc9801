#include "frontend/disk_open.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace m86 {
namespace {

constexpr uint32_t kIsoBlock = 2048;

}  // namespace

std::unique_ptr<DiskImage> OpenDiskImage(const std::string& path, DiskKind kind, bool snapshot,
                                         std::string* error) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    *error = "disk image '" + path + "': " + std::strerror(errno);
    return nullptr;
  }
  if (S_ISDIR(st.st_mode)) {
    *error = "disk image '" + path + "' is a directory";
    return nullptr;
  }
  if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode)) {
    *error = "disk image '" + path + "' is not a regular file";
    return nullptr;
  }
  if (kind == DiskKind::kFloppy) {
    std::string why;
    if (!FloppyGeometryForSize(static_cast<uint64_t>(st.st_size), &why)) {
      *error = "floppy image '" + path + "': " + why;
      return nullptr;
    }
  } else if (kind == DiskKind::kCdrom) {
    // ISO 9660 6.1.2: 2048-byte logical blocks, the system area in blocks 0-15, then the
    // volume descriptors, each starting with its type byte and "CD001".
    if (st.st_size < static_cast<off_t>(kIsoBlock * 17) || st.st_size % kIsoBlock != 0) {
      *error = "CD-ROM image '" + path + "' must be a multiple of 2048 bytes, 17 blocks at least";
      return nullptr;
    }
  } else if (st.st_size < static_cast<off_t>(kSectorSize) || st.st_size % kSectorSize != 0) {
    *error = "hard disk image '" + path + "' must be a non-empty multiple of 512 bytes";
    return nullptr;
  }
  // A file without write permission bits is used read-only even by root, who could write it.
  const bool writable = kind != DiskKind::kCdrom && !snapshot && (st.st_mode & 0222) != 0;
  std::string why;
  std::unique_ptr<DiskImage> image = RawFileImage::Open(path, writable, &why);
  if (!image) {
    *error = "disk image '" + path + "': " + why;
    return nullptr;
  }
  if (kind == DiskKind::kCdrom) {
    uint8_t descriptor[kSectorSize];
    if (!image->ReadSectors(16 * kIsoBlock / kSectorSize, descriptor) ||
        std::memcmp(descriptor + 1, "CD001", 5) != 0) {
      *error = "CD-ROM image '" + path + "' is not ISO 9660 (no \"CD001\" in sector 16)";
      return nullptr;
    }
    return image;
  }
  if (snapshot) image = std::make_unique<OverlayImage>(std::move(image));
  return image;
}

}  // namespace m86
