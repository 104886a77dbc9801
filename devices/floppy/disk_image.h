// Disk images behind the floppy drives: an interface of 512-byte sectors, a raw file backend
// that never writes unless opened writable, and an in-memory copy-on-write overlay (--snapshot).
#pragma once
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

namespace m86 {

constexpr uint32_t kSectorSize = 512;

class DiskImage {
 public:
  virtual ~DiskImage() = default;
  // Reads/writes whole sectors starting at `lba`; the span size is a multiple of 512.
  // Return false on a host I/O error or an access past the end (or a write when read-only).
  virtual bool ReadSectors(uint64_t lba, std::span<uint8_t> out) = 0;
  virtual bool WriteSectors(uint64_t lba, std::span<const uint8_t> data) = 0;
  virtual uint64_t size() const = 0;  // bytes
  virtual bool read_only() const = 0;
};

// A plain sector-by-sector image file.
class RawFileImage final : public DiskImage {
 public:
  // Opens `path` read-only unless `writable`; nullptr with `*error` set on failure.
  static std::unique_ptr<RawFileImage> Open(const std::string& path, bool writable,
                                            std::string* error);
  ~RawFileImage() override;
  RawFileImage(const RawFileImage&) = delete;
  RawFileImage& operator=(const RawFileImage&) = delete;
  bool ReadSectors(uint64_t lba, std::span<uint8_t> out) override;
  bool WriteSectors(uint64_t lba, std::span<const uint8_t> data) override;
  uint64_t size() const override { return size_; }
  bool read_only() const override { return !writable_; }

 private:
  RawFileImage(std::FILE* file, uint64_t size, bool writable)
      : file_(file), size_(size), writable_(writable) {}
  std::FILE* file_;
  uint64_t size_;
  bool writable_;
};

// Sectors kept in memory: the whole disk when `base` is null (a test image), or the written
// sectors over a base image that is never written (copy-on-write snapshot).
class OverlayImage final : public DiskImage {
 public:
  explicit OverlayImage(std::unique_ptr<DiskImage> base);
  explicit OverlayImage(std::vector<uint8_t> contents, bool read_only = false);
  bool ReadSectors(uint64_t lba, std::span<uint8_t> out) override;
  bool WriteSectors(uint64_t lba, std::span<const uint8_t> data) override;
  uint64_t size() const override { return size_; }
  bool read_only() const override { return read_only_; }

 private:
  std::unique_ptr<DiskImage> base_;
  std::vector<uint8_t> contents_;  // the whole disk when there is no base
  std::unordered_map<uint64_t, std::vector<uint8_t>> written_;
  uint64_t size_;
  bool read_only_;
};

struct FloppyGeometry {
  int cylinders, heads, sectors;
  int data_rate_kbps;  // the rate the medium is recorded at in its usual drive
};

// The geometry of a standard PC floppy image of `bytes` (360K, 720K, 1.2M, 1.44M), or
// nullopt with `*error` explaining the refusal.
std::optional<FloppyGeometry> FloppyGeometryForSize(uint64_t bytes, std::string* error);

}  // namespace m86
